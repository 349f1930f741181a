import assert from 'node:assert/strict';
import { test } from 'node:test';
import { conditionFields } from './condition.ts';

test('conditionFields lists every field and valueField once, in order of appearance', () => {
  const fields = conditionFields({
    all: [
      { field: 'item.amount', op: 'gt', value: 100 },
      {
        any: [
          { field: 'documents.postedKinds', op: 'contains', value: 'order' },
          { field: 'item.amount', op: 'empty' },
        ],
      },
      { not: { field: 'item.paidAmount', op: 'gte', valueField: 'payments.total' } },
    ],
  });
  assert.deepEqual(fields, ['item.amount', 'documents.postedKinds', 'item.paidAmount', 'payments.total']);
});

test('conditionFields of a single comparison is its field', () => {
  assert.deepEqual(conditionFields({ field: 'event.data.subject', op: 'matches', value: 'x' }), [
    'event.data.subject',
  ]);
});
