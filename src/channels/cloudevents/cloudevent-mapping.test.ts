import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogueTypeOf, parseSubject, stageflowEventId } from './cloudevent-mapping.ts';

test('types map to the catalogue bare or behind a reverse-DNS prefix ending in .stageflow.', () => {
  assert.equal(catalogueTypeOf('email.received'), 'email.received');
  assert.equal(catalogueTypeOf('com.example.stageflow.email.received'), 'email.received');
  assert.equal(catalogueTypeOf('com.example.email.received'), undefined);
  assert.equal(catalogueTypeOf('com.example.stageflow.email.teleported'), undefined);
});

test('subjects name an item, a contact, an email, a phone, a document or a task', () => {
  assert.deepEqual(parseSubject('item:42'), { itemId: '42' });
  assert.deepEqual(parseSubject('email:ivan@example.com'), { email: 'ivan@example.com' });
  assert.deepEqual(parseSubject('phone:+7 495 123'), { phone: '+7 495 123' });
  assert.deepEqual(parseSubject('chat:telegram:@olga_s'), { chat: 'telegram:@olga_s' });
  assert.equal(parseSubject('chat:olga_s'), undefined, 'a chat identity names its channel');
  assert.equal(parseSubject('invoice:1'), undefined);
  assert.equal(parseSubject('item:'), undefined);
  assert.equal(parseSubject('toString:1'), undefined, 'inherited names are no subject kinds');
});

test('different sources and ids never share an event id, whatever # they contain', () => {
  assert.equal(stageflowEventId('/pbx', '7'), 'ce:/pbx#7');
  assert.notEqual(stageflowEventId('a#b', 'c'), stageflowEventId('a', 'b#c'));
  assert.notEqual(stageflowEventId('a%23', 'c'), stageflowEventId('a#', 'c'));
});
