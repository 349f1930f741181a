import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FieldProblem } from '../errors.ts';
import { validateCondition } from './validate-condition.ts';

const problems = (input: unknown): FieldProblem[] =>
  validateCondition(input, { hasEvent: false }, '/condition');
const rest = { field: 'item.amount', minus: 'item.paidAmount', op: 'lte', value: 1000 };

test('accepts sums and differences of numbers with a value, a field or a percent of one', () => {
  assert.deepEqual(problems(rest), []);
  assert.deepEqual(problems({ ...rest, op: 'gt', value: 0.01 }), []);
  assert.deepEqual(
    problems({ field: 'item.paidAmount', plus: 'item.fields.deposit', op: 'gte', value: 10 }),
    [],
  );
  const share = { field: 'item.amount', minus: 'item.paidAmount', op: 'lte', valueField: 'item.amount' };
  assert.deepEqual(problems(share), []);
  assert.deepEqual(problems({ ...share, percent: 30 }), []);
});

test('refusals name the part and say why', () => {
  const cases: [unknown, string, string][] = [
    [{ ...rest, plus: 'item.amount' }, '/condition/minus', 'give either "plus" or "minus", not both'],
    [
      { ...rest, op: 'in', value: [1] },
      '/condition/op',
      '"minus" applies only to eq, ne, gt, gte, lt, lte, not to "in"',
    ],
    [
      { ...rest, op: 'eq', field: 'item.title' },
      '/condition/minus',
      '"minus" works on numbers; item.title is text',
    ],
    [
      { ...rest, minus: 'item.stageEnteredAt' },
      '/condition/minus',
      '"minus" works on numbers with item.stageEnteredAt, which is a date',
    ],
    [{ ...rest, minus: '' }, '/condition/minus', 'must be a field path such as "item.paidAmount"'],
    [
      { ...rest, minus: 'payments.count' },
      '/condition/minus',
      'item.amount is money and payments.count is not; they do not add up or compare',
    ],
    [
      { ...rest, value: '1000' },
      '/condition/value',
      'item.amount − item.paidAmount is a number; give a number, not "1000"',
    ],
    [
      { ...rest, value: undefined, valueField: 'item.title' },
      '/condition/valueField',
      'item.amount − item.paidAmount is a number and does not compare with item.title, which is text',
    ],
    [
      { field: 'item.amount', minus: 'item.paidAmount', op: 'lte' },
      '/condition/value',
      '"lte" needs a value (or a "valueField")',
    ],
    [
      { ...rest, percent: 50 },
      '/condition/percent',
      '"percent" is a share of another field: give that field as "valueField", not a "value"',
    ],
  ];
  for (const [input, field, message] of cases) {
    const clean = JSON.parse(JSON.stringify(input));
    assert.deepEqual(problems(clean), [{ field, message }], JSON.stringify(input));
  }
  const unknown = problems({ ...rest, minus: 'item.nope' });
  assert.equal(unknown.length, 1);
  assert.equal(unknown[0]?.field, '/condition/minus');
});
