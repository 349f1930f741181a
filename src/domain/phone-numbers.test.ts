import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPhoneRegion, PhoneNumbers } from './phone-numbers.ts';

test('with a default region, national and international spellings of a number share one E.164 key', () => {
  const ru = new PhoneNumbers('RU');
  for (const spelling of ['89123456789', '8 (912) 345-67-89', '+7 912 345-67-89', '+7-912-345-67-89']) {
    assert.equal(ru.key(spelling), '+79123456789', spelling);
  }
  assert.equal(ru.key('810 48 22 123 45 67'), '+48221234567', 'the national exit code');
  assert.equal(ru.toE164('+7 912 345-67-89 ext. 12'), '+79123456789');
});

test('without a region only numbers with their country code are read; the rest keep their digits', () => {
  const none = new PhoneNumbers();
  assert.equal(none.key('+7 (495) 123-45-67'), '+74951234567');
  assert.equal(none.toE164('89123456789'), undefined);
  assert.equal(none.key('89123456789'), '89123456789');
  assert.equal(none.key('0048 22 123 45 67'), '+48221234567');
});

test('text that is no possible number keeps a key made of its digits, so it stays findable', () => {
  const ru = new PhoneNumbers('RU');
  assert.equal(ru.toE164('12345'), undefined);
  assert.equal(ru.key('12-34-5'), '12345');
  assert.equal(ru.toE164('call me at 89123456789'), undefined);
});

test('regions are ISO 3166 codes that libphonenumber-js knows', () => {
  assert.ok(isPhoneRegion('RU'));
  assert.ok(isPhoneRegion('DE'));
  assert.ok(!isPhoneRegion('XX'));
  assert.ok(!isPhoneRegion('ru'));
  assert.throws(() => new PhoneNumbers('XX'), /Unknown phone region XX/);
});
