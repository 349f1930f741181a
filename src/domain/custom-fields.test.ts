import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CUSTOM_FIELD_LIMITS, describeCustomFields } from './custom-fields.ts';

test('infers each field kind from its values: dates, numbers, booleans, lists, text; mixed is any', () => {
  const fields = describeCustomFields('item.fields.', [
    { meetingAt: '2024-06-01T10:00:00Z', budget: 1500, vip: true, tags: ['a'], city: 'Berlin', code: 1 },
    { meetingAt: '2024-06-02', budget: 2500.5, vip: false, tags: [], city: 'Paris', code: 'A-1' },
  ]);
  assert.deepEqual(
    fields.map((field) => [field.path, field.kind]),
    [
      ['item.fields.budget', 'number'],
      ['item.fields.city', 'string'],
      ['item.fields.code', 'any'],
      ['item.fields.meetingAt', 'date'],
      ['item.fields.tags', 'list'],
      ['item.fields.vip', 'boolean'],
    ],
  );
});

test('flattens nested objects with dots and leaves out keys a condition cannot name', () => {
  const fields = describeCustomFields('contact.fields.', [
    { address: { city: 'Berlin', geo: { lat: 52.5 } }, 'bad key': 1, empty: {} },
  ]);
  assert.deepEqual(
    fields.map((field) => field.path),
    ['contact.fields.address.city', 'contact.fields.address.geo.lat', 'contact.fields.empty'],
  );
});

test('keeps up to five different examples in the order seen; nulls and "" decide no kind', () => {
  const records = ['a', 'b', 'a', null, '', 'c', 'd', 'e', 'f'].map((city) => ({ city }));
  const [city] = describeCustomFields('item.fields.', records);
  assert.deepEqual(city, { path: 'item.fields.city', kind: 'string', examples: ['a', 'b', 'c', 'd', 'e'] });
  const [unknown] = describeCustomFields('item.fields.', [{ note: null }]);
  assert.deepEqual(unknown, { path: 'item.fields.note', kind: 'any', examples: [] });
});

test('cuts long examples short', () => {
  const long = 'x'.repeat(500);
  const [field] = describeCustomFields('item.fields.', [{ note: long }]);
  const example = field?.examples[0] as string;
  assert.equal(example.length, CUSTOM_FIELD_LIMITS.exampleLength);
  assert.ok(example.endsWith('…'));
});
