import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Facts } from '../facts.ts';
import type { Condition } from './condition.ts';
import { explainCondition } from './explain-condition.ts';

const facts: Facts = {
  item: { title: 'Big Deal', amount: 50000, paidAmount: 20000, currency: 'EUR' },
  contact: { email: 'anna@example.com' },
};

test('every comparison of a condition is explained with both values, past the one that decided', () => {
  const condition: Condition = {
    all: [
      { field: 'item.amount', op: 'gt', value: 100000 },
      {
        any: [
          { field: 'item.currency', op: 'eq', value: 'RUB' },
          { field: 'contact.email', op: 'notEmpty' },
        ],
      },
      { not: { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount' } },
    ],
  };
  const trace = explainCondition(condition, facts);
  assert.equal(trace.kind, 'all');
  assert.equal(trace.matched, false);
  const [amount, either, unpaid] = trace.children ?? [];
  assert.deepEqual(
    { matched: amount?.matched, compared: amount?.compared },
    { matched: false, compared: { field: 'item.amount', op: 'gt', expected: 100000, actual: 50000 } },
  );
  assert.equal(either?.kind, 'any');
  assert.equal(either?.matched, true);
  assert.deepEqual(
    either?.children?.map((part) => [part.compared?.field, part.compared?.actual, part.matched]),
    [
      ['item.currency', 'EUR', false],
      ['contact.email', 'anna@example.com', true],
    ],
  );
  assert.equal(unpaid?.kind, 'not');
  assert.equal(unpaid?.matched, true);
  assert.deepEqual(unpaid?.children?.[0]?.compared, {
    field: 'item.paidAmount',
    op: 'gte',
    expected: 50000,
    valueField: 'item.amount',
    actual: 20000,
  });
});

test('a single comparison is its own trace, with the verdict evaluation gives', () => {
  const trace = explainCondition({ field: 'item.title', op: 'startsWith', value: 'Big' }, facts);
  assert.equal(trace.kind, 'compare');
  assert.equal(trace.matched, true);
  assert.equal(trace.children, undefined);
  assert.match(trace.reason, /item\.title/);
});
