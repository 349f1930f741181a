import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Value } from 'typebox/value';
import type { Facts } from '../facts.ts';
import { type Condition, conditionFields } from './condition.ts';
import { ConditionSchema } from './condition-schema.ts';
import { evaluateCondition } from './evaluate-condition.ts';
import { explainCondition } from './explain-condition.ts';

const facts = (paidAmount: unknown, amount: unknown = 5000): Facts => ({
  item: { amount, paidAmount, fields: { deposit: '250.50' } },
  payments: { count: 2 },
});
const rest: Condition = { field: 'item.amount', minus: 'item.paidAmount', op: 'lte', value: 1000 };

test('a difference is compared exactly at the cent', () => {
  assert.equal(evaluateCondition(rest, facts(4000)).matched, true);
  // 5000 − 3999.99 is 1000.0100000000002 in floating point; exactly it is 1000.01.
  assert.equal(evaluateCondition(rest, facts(3999.99)).matched, false);
  assert.equal(evaluateCondition(rest, facts(4000.01)).matched, true);
  const tenths: Condition = { field: 'item.amount', minus: 'item.paidAmount', op: 'eq', value: 0.2 };
  assert.equal(evaluateCondition(tenths, facts(0.1, 0.3)).matched, true);
});

test('a sum reads decimal text of custom fields exactly', () => {
  const sum: Condition = { field: 'item.paidAmount', plus: 'item.fields.deposit', op: 'gte', value: 1000.5 };
  assert.equal(evaluateCondition(sum, facts(750)).matched, true);
  assert.equal(evaluateCondition(sum, facts(749.99)).matched, false);
});

test('a difference against another field and a percent of it', () => {
  const byField: Condition = {
    field: 'item.amount',
    minus: 'item.paidAmount',
    op: 'lt',
    valueField: 'item.fields.deposit',
  };
  assert.equal(evaluateCondition(byField, facts(4749.51)).matched, true);
  assert.equal(evaluateCondition(byField, facts(4749.5)).matched, false);
  const share: Condition = {
    field: 'item.amount',
    minus: 'item.paidAmount',
    op: 'lte',
    valueField: 'item.amount',
    percent: 30,
  };
  assert.equal(evaluateCondition(share, facts(3500)).matched, true);
  assert.equal(evaluateCondition(share, facts(3499.99)).matched, false);
  assert.equal(evaluateCondition(share, facts(3499.99)).compared?.expected, 1500);
});

test('a missing operand makes the comparison false, and says which', () => {
  const missingTerm = evaluateCondition(rest, { item: { amount: 5000 } });
  assert.deepEqual([missingTerm.matched, missingTerm.reason], [false, 'item.paidAmount is missing']);
  const missingField = evaluateCondition(rest, { item: { paidAmount: 0 } });
  assert.deepEqual([missingField.matched, missingField.reason], [false, 'item.amount is missing']);
  assert.equal(evaluateCondition({ not: rest }, { item: { amount: 5000 } }).matched, true);
  const text = evaluateCondition(rest, facts('paid'));
  assert.equal(text.matched, false);
  assert.match(text.reason, /cannot be compared/);
});

test('the reason and the compared record show both operands and the result', () => {
  const result = evaluateCondition(rest, facts(3999.99));
  assert.equal(result.reason, 'item.amount 5000 − item.paidAmount 3999.99 = 1000.01 is not ≤ 1000');
  assert.deepEqual(result.compared, {
    field: 'item.amount',
    op: 'lte',
    minus: 'item.paidAmount',
    operand: 3999.99,
    actual: 5000,
    expected: 1000,
  });
  const trace = explainCondition({ all: [rest] }, facts(4500));
  assert.equal(trace.matched, true);
  assert.equal(trace.children?.[0]?.compared?.minus, 'item.paidAmount');
});

test('the stored shape accepts arithmetic and conditionFields names the operand', () => {
  assert.equal(Value.Check(ConditionSchema, rest), true);
  assert.equal(
    Value.Check(ConditionSchema, {
      field: 'item.amount',
      plus: 'item.paidAmount',
      op: 'gte',
      valueField: 'x',
      percent: 70,
    }),
    true,
  );
  assert.equal(
    Value.Check(ConditionSchema, { field: 'item.amount', minus: 'item.paidAmount', op: 'lte' }),
    false,
  );
  assert.deepEqual(conditionFields(rest), ['item.amount', 'item.paidAmount']);
});
