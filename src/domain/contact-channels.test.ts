import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isChatIdentity, isEmail, isPhone, normalizeChat, normalizeEmail } from './contact-channels.ts';

test('emails match whatever their case and surrounding spaces', () => {
  assert.equal(normalizeEmail('  Ivan.Petrov@Example.COM '), 'ivan.petrov@example.com');
  assert.ok(isEmail('a@b.ru'));
  assert.ok(!isEmail('a@b'));
  assert.ok(!isEmail('a b@c.ru'));
});

test('phone shapes are checked', () => {
  assert.ok(isPhone('+7 (495) 123-45-67'));
  assert.ok(!isPhone('call me'));
  assert.ok(!isPhone('12'));
  assert.ok(!isPhone('+1 234 567 890 123 456 78'));
});

test('chat identities name their channel and match whatever their case', () => {
  assert.ok(isChatIdentity('telegram:@ivan_p'));
  assert.ok(!isChatIdentity('@ivan_p'));
  assert.ok(!isChatIdentity('telegram: ivan'));
  assert.equal(normalizeChat(' Telegram:@Ivan_P '), 'telegram:@ivan_p');
});
