import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FactKind } from '../facts.ts';
import { CONDITION_OPS } from './condition.ts';
import { OPERATORS, PERCENT_OPS } from './operators.ts';
import { validateCondition } from './validate-condition.ts';

/** A fact of each kind the catalogue knows (no fact is boolean yet); custom fields are of any kind. */
const FACT_OF_KIND: Readonly<Partial<Record<FactKind, string>>> = {
  string: 'item.title',
  number: 'item.amount',
  date: 'item.createdAt',
  list: 'documents.kinds',
  any: 'item.fields.anything',
};

test('validation accepts an operator on exactly the field kinds the operators table lists', () => {
  for (const op of CONDITION_OPS) {
    for (const [kind, field] of Object.entries(FACT_OF_KIND)) {
      const problems = validateCondition({ field, op, value: 'x' }, { hasEvent: true }, '');
      const refused = problems.some((p) => p.field === '/op' && p.message.includes('does not apply'));
      assert.equal(refused, !OPERATORS[op].kinds.includes(kind as FactKind), `${op} on ${kind}`);
    }
  }
});

test('the numeric operators take a percent, the others do not', () => {
  assert.deepEqual(PERCENT_OPS, ['eq', 'ne', 'gt', 'gte', 'lt', 'lte']);
});

test('every operator is described in English and Russian', () => {
  for (const op of CONDITION_OPS) {
    const { en, ru } = OPERATORS[op].description;
    assert.ok(en.length > 0, op);
    assert.match(ru, /[а-яё]/i, op);
  }
});
