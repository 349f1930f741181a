import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Facts } from '../facts.ts';
import type { Condition } from './condition.ts';
import { evaluateCondition } from './evaluate-condition.ts';
import { explainCondition } from './explain-condition.ts';

const facts = (paidAmount: unknown, amount: unknown = 50000): Facts => ({
  item: { amount, paidAmount, fields: { budget: '1000', note: 'soon' } },
});
const halfPaid: Condition = { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount', percent: 50 };

test('a percent threshold holds when the field reaches that share of the other field', () => {
  assert.equal(evaluateCondition(halfPaid, facts(25000)).matched, true);
  assert.equal(evaluateCondition(halfPaid, facts(30000)).matched, true);
  assert.equal(evaluateCondition(halfPaid, facts(24999.99)).matched, false);
});

test('the reason says the value, the operator, the percent and the other field', () => {
  assert.equal(
    evaluateCondition(halfPaid, facts(20000)).reason,
    'item.paidAmount 20000 is not ≥ 50 % of item.amount 50000',
  );
  assert.equal(
    evaluateCondition(halfPaid, facts(30000)).reason,
    'item.paidAmount 30000 is ≥ 50 % of item.amount 50000',
  );
});

test('the compared record carries the percent and the computed threshold as expected', () => {
  assert.deepEqual(evaluateCondition(halfPaid, facts(20000)).compared, {
    field: 'item.paidAmount',
    op: 'gte',
    valueField: 'item.amount',
    percent: 50,
    actual: 20000,
    expected: 25000,
  });
  const trace = explainCondition({ all: [halfPaid] }, facts(20000));
  assert.equal(trace.children?.[0]?.compared?.percent, 50);
  assert.equal(trace.children?.[0]?.compared?.expected, 25000);
});

test('money at the edge compares exactly, where floating point would miss it', () => {
  // In floating point 0.07 × 100 is 7.000000000000001, not 0.1 × 70 = 7.
  const seventy: Condition = { field: 'item.paidAmount', op: 'lte', valueField: 'item.amount', percent: 70 };
  assert.notEqual(0.07 * 100, 0.1 * 70);
  assert.equal(evaluateCondition(seventy, facts(0.07, 0.1)).matched, true);
  assert.equal(evaluateCondition({ ...seventy, op: 'eq' }, facts(0.07, 0.1)).matched, true);
  const third: Condition = { field: 'item.paidAmount', op: 'lte', valueField: 'item.amount', percent: 33 };
  assert.equal(evaluateCondition(third, facts(33000.33, 100001)).matched, true);
  assert.equal(evaluateCondition(third, facts(33000.34, 100001)).matched, false);
  assert.equal(evaluateCondition(third, facts(33000.33, 100001)).compared?.expected, 33000.33);
});

test('every numeric operator takes a percent, and percents above 100 compare too', () => {
  const with_ = (op: string, percent: number, paid: number) =>
    evaluateCondition(
      { field: 'item.paidAmount', op, valueField: 'item.amount', percent } as Condition,
      facts(paid),
    ).matched;
  assert.equal(with_('eq', 10, 5000), true);
  assert.equal(with_('ne', 10, 5000), false);
  assert.equal(with_('gt', 10, 5000), false);
  assert.equal(with_('lt', 10, 4999), true);
  assert.equal(with_('lte', 10, 5000), true);
  assert.equal(with_('gte', 150, 75000), true);
  assert.equal(with_('gte', 12.5, 6250), true);
  assert.equal(with_('gte', 12.5, 6249.99), false);
});

test('decimal text counts as a number; a missing or non-numeric side makes it false and says so', () => {
  const budget: Condition = { field: 'item.fields.budget', op: 'gte', valueField: 'item.amount', percent: 2 };
  assert.equal(evaluateCondition(budget, facts(0)).matched, true);
  const missing = evaluateCondition(halfPaid, facts(undefined));
  assert.deepEqual(
    { matched: missing.matched, reason: missing.reason },
    { matched: false, reason: 'item.paidAmount is missing' },
  );
  const text = evaluateCondition(
    { field: 'item.fields.note', op: 'gte', valueField: 'item.amount', percent: 50 },
    facts(0),
  );
  assert.equal(text.matched, false);
  assert.equal(text.reason, 'item.fields.note "soon" cannot be compared with 50 % of item.amount 50000');
});
