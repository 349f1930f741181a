import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FieldProblem } from '../errors.ts';
import type { FactScope } from '../facts.ts';
import { validateCondition } from './validate-condition.ts';

const scope: FactScope = { hasEvent: true };
const problems = (input: unknown, pointer = '/condition', at: FactScope = scope): FieldProblem[] =>
  validateCondition(input, at, pointer);
/** The one problem a condition has. */
const only = (input: unknown): FieldProblem => {
  const found = problems(input);
  assert.equal(found.length, 1, JSON.stringify(found));
  return found[0] as FieldProblem;
};
const pointerOf = (input: unknown): string => only(input).field;

test('accepts a condition using every operator', () => {
  const condition = {
    all: [
      { field: 'item.amount', op: 'eq', value: 100 },
      { field: 'item.currency', op: 'ne', value: 'USD' },
      { field: 'item.amount', op: 'gt', value: 100 },
      { field: 'item.createdAt', op: 'gte', value: '2024-05-01' },
      { field: 'item.amount', op: 'lt', value: 1e6 },
      { field: 'item.stageEnteredAt', op: 'lte', value: '2024-05-01T09:00:00+02:00' },
      { field: 'item.currency', op: 'in', value: ['EUR', 'USD'] },
      { field: 'stage.sort', op: 'nin', value: [1, 2] },
      { field: 'documents.postedKinds', op: 'contains', value: 'order' },
      { field: 'contact.email', op: 'startsWith', value: 'anna' },
      { field: 'contact.email', op: 'endsWith', value: '@acme.org' },
      { field: 'item.fields.note', op: 'empty' },
      { field: 'contact.phone', op: 'notEmpty' },
      { field: 'item.amount', op: 'changed' },
      { field: 'item.amount', op: 'between', value: [100, 200] },
      { field: 'event.data.subject', op: 'matches', value: '^re: order #\\d+', flags: 'i' },
      { any: [{ not: { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount' } }] },
    ],
  };
  assert.deepEqual(problems(condition), []);
});

test('names each problem by its JSON pointer below the given one', () => {
  const condition = {
    all: [
      { field: 'item.amount', op: 'gt', value: 1 },
      { field: 'item.amount', op: 'greater' },
    ],
  };
  assert.deepEqual(problems(condition), [
    { field: '/condition/all/1/op', message: 'unknown operator "greater"' },
  ]);
  assert.equal(problems(condition, '')[0]?.field, '/all/1/op');
});

test('refuses anything but an object with exactly one of all, any, not or field', () => {
  assert.equal(pointerOf('item.amount > 5'), '/condition');
  assert.equal(pointerOf([]), '/condition');
  assert.equal(pointerOf(null), '/condition');
  assert.match(only({}).message, /needs one of "all", "any", "not" or "field"/);
  assert.match(only({ all: [], any: [] }).message, /has both "all" and "any"/);
  assert.match(
    only({ not: { field: 'item.amount', op: 'empty' }, field: 'item.amount' }).message,
    /has both/,
  );
});

test('refuses keys that are not part of the language', () => {
  assert.deepEqual(only({ all: [{ field: 'item.amount', op: 'empty' }], name: 'x' }), {
    field: '/condition/name',
    message: 'unknown key "name" next to "all"',
  });
  assert.equal(pointerOf({ field: 'item.amount', op: 'empty', note: 1 }), '/condition/note');
  assert.equal(pointerOf({ field: 'item.amount', op: 'empty', 'a/b': 1 }), '/condition/a~1b');
});

test('refuses all and any that are not a non-empty list', () => {
  assert.equal(pointerOf({ all: { field: 'item.amount', op: 'empty' } }), '/condition/all');
  assert.equal(pointerOf({ any: [] }), '/condition/any');
  assert.equal(pointerOf({ not: [{ field: 'item.amount', op: 'empty' }] }), '/condition/not');
});

test('refuses unknown fields, in field and in valueField', () => {
  assert.deepEqual(only({ field: 'item.amout', op: 'gt', value: 1 }), {
    field: '/condition/field',
    message: '"item.amout" is not a known field',
  });
  assert.equal(
    pointerOf({ field: 'item.amount', op: 'gt', valueField: 'item.paid' }),
    '/condition/valueField',
  );
  assert.equal(pointerOf({ field: 42, op: 'empty' }), '/condition/field');
});

test('refuses event fields where the rule has no event, and unknown event data fields', () => {
  const noEvent = problems({ field: 'event.data.subject', op: 'empty' }, '', { hasEvent: false });
  assert.equal(noEvent[0]?.field, '/field');
  const emailOnly = problems({ field: 'event.data.subjct', op: 'empty' }, '', {
    eventDataFields: ['subject'],
  });
  assert.equal(emailOnly[0]?.field, '/field');
  assert.deepEqual(
    problems({ field: 'event.data.subject', op: 'empty' }, '', { eventDataFields: ['subject'] }),
    [],
  );
});

test('requires an operator and knows only the listed ones', () => {
  assert.match(only({ field: 'item.amount', value: 1 }).message, /an operator is required/);
  assert.equal(only({ field: 'item.amount', value: 1, op: 7 }).message, 'unknown operator 7');
});

test('refuses a value for empty, notEmpty and changed', () => {
  for (const op of ['empty', 'notEmpty', 'changed']) {
    assert.deepEqual(only({ field: 'item.title', op, value: '' }), {
      field: '/condition/value',
      message: `"${op}" takes no value`,
    });
  }
  assert.equal(
    pointerOf({ field: 'item.title', op: 'empty', valueField: 'item.id' }),
    '/condition/valueField',
  );
});

test('requires a value for the other operators', () => {
  assert.deepEqual(only({ field: 'item.amount', op: 'gt' }), {
    field: '/condition/value',
    message: '"gt" needs a value (or a "valueField")',
  });
  assert.equal(pointerOf({ field: 'item.amount', op: 'between' }), '/condition/value');
});

test('refuses ordering operators on fields that are not numbers or dates', () => {
  const problem = only({ field: 'item.title', op: 'gt', value: 'a' });
  assert.equal(problem.field, '/condition/op');
  assert.match(problem.message, /"gt" does not apply to item.title, which is text/);
  assert.equal(pointerOf({ field: 'contact.emails', op: 'between', value: [1, 2] }), '/condition/op');
});

test('refuses values of the wrong kind for the field', () => {
  assert.match(only({ field: 'item.amount', op: 'gt', value: '100' }).message, /item.amount is a number/);
  assert.match(only({ field: 'item.createdAt', op: 'lt', value: 5 }).message, /item.createdAt is a date/);
  assert.match(
    only({ field: 'item.fields.x', op: 'gt', value: 'soon' }).message,
    /needs a number or an ISO date/,
  );
  assert.match(only({ field: 'item.currency', op: 'eq', value: 5 }).message, /item.currency is text/);
  assert.equal(pointerOf({ field: 'item.amount', op: 'eq', value: null }), '/condition/value');
  assert.equal(pointerOf({ field: 'item.amount', op: 'eq', value: [1] }), '/condition/value');
  assert.equal(pointerOf({ field: 'contact.emails', op: 'eq', value: 'a@b.c' }), '/condition/value');
  assert.equal(pointerOf({ field: 'item.fields.x', op: 'eq', value: { a: 1 } }), '/condition/value');
});

test('refuses contains, startsWith, endsWith and matches on fields they do not apply to', () => {
  assert.equal(pointerOf({ field: 'item.amount', op: 'contains', value: 5 }), '/condition/op');
  assert.equal(pointerOf({ field: 'item.amount', op: 'startsWith', value: '5' }), '/condition/op');
  assert.equal(pointerOf({ field: 'documents.kinds', op: 'matches', value: 'x' }), '/condition/op');
  assert.equal(pointerOf({ field: 'item.title', op: 'contains', value: 5 }), '/condition/value');
  assert.equal(pointerOf({ field: 'item.title', op: 'endsWith', value: '' }), '/condition/value');
});

test('in and nin take a non-empty list of values of the field kind, on fields that are not lists', () => {
  assert.match(only({ field: 'item.currency', op: 'in', value: 'EUR' }).message, /needs a list of values/);
  assert.equal(pointerOf({ field: 'item.currency', op: 'nin', value: [] }), '/condition/value');
  assert.equal(pointerOf({ field: 'item.currency', op: 'in', value: ['EUR', 5] }), '/condition/value/1');
  assert.match(only({ field: 'documents.kinds', op: 'in', value: ['order'] }).message, /use "contains"/);
});

test('refuses lists of more than 200 values', () => {
  const values = Array.from({ length: 201 }, (_, index) => `v${index}`);
  assert.match(only({ field: 'item.currency', op: 'in', value: values }).message, /at most 200 values/);
  assert.deepEqual(problems({ field: 'item.currency', op: 'in', value: values.slice(1) }), []);
});

test('between takes [low, high] of one kind with low not above high', () => {
  assert.match(only({ field: 'item.amount', op: 'between', value: [1] }).message, /needs \[low, high\]/);
  assert.match(only({ field: 'item.amount', op: 'between', value: [5, 1] }).message, /low bound 5 is above/);
  assert.match(
    only({ field: 'item.fields.x', op: 'between', value: [1, '2024-05-01'] }).message,
    /both numbers or both dates/,
  );
  assert.equal(pointerOf({ field: 'item.amount', op: 'between', value: [1, 'x'] }), '/condition/value/1');
  assert.deepEqual(
    problems({ field: 'item.createdAt', op: 'between', value: ['2024-01-01', '2024-12-31'] }),
    [],
  );
});

test('valueField excludes value and needs a field of a kind that compares', () => {
  const both = { field: 'item.paidAmount', op: 'gte', value: 1, valueField: 'item.amount' };
  assert.match(only(both).message, /either "value" or "valueField"/);
  assert.match(
    only({ field: 'item.amount', op: 'gt', valueField: 'item.createdAt' }).message,
    /item.amount is a number and item.createdAt is a date/,
  );
  assert.equal(
    pointerOf({ field: 'item.amount', op: 'between', valueField: 'item.paidAmount' }),
    '/condition/valueField',
  );
  assert.equal(
    pointerOf({ field: 'item.currency', op: 'in', valueField: 'item.title' }),
    '/condition/valueField',
  );
  assert.deepEqual(problems({ field: 'contact.email', op: 'in', valueField: 'contact.emails' }), []);
  assert.deepEqual(problems({ field: 'item.fields.limit', op: 'lt', valueField: 'payments.total' }), []);
});

test('flags belong to matches and take only i, m, s and u', () => {
  assert.equal(pointerOf({ field: 'item.title', op: 'eq', value: 'a', flags: 'i' }), '/condition/flags');
  assert.match(
    only({ field: 'item.title', op: 'matches', value: 'a', flags: 'g' }).message,
    /flag "g" is not allowed/,
  );
  assert.equal(
    pointerOf({ field: 'item.title', op: 'matches', value: 'a', flags: 'ii' }),
    '/condition/flags',
  );
  assert.equal(pointerOf({ field: 'item.title', op: 'matches', value: 'a', flags: 1 }), '/condition/flags');
});

test('matches needs a pattern that RE2 compiles and that is short', () => {
  const refusal = (value: unknown): FieldProblem =>
    only({ field: 'event.data.subject', op: 'matches', value });
  assert.match(refusal('(unclosed').message, /^invalid regular expression/);
  assert.match(refusal(`a${'b'.repeat(200)}`).message, /longer than 200 characters/);
  assert.deepEqual(refusal('(a)\\1'), {
    field: '/condition/value',
    message:
      'backreferences (\\1) are not supported: patterns are RE2 syntax, which matches in time linear in the text and has no backreferences',
  });
  assert.match(refusal('(?=a)a').message, /lookahead and lookbehind/);
  assert.match(refusal('').message, /needs a regular expression/);
  assert.equal(refusal(5).field, '/condition/value');
});

test('matches accepts every pattern RE2 runs in linear time, repetitions in optional groups too', () => {
  for (const value of ['^\\d+(\\.\\d+)?$', '(a+)+$', '(a|a)*b', '.*x.*y', '^срочно', '(?i)vip'])
    assert.deepEqual(problems({ field: 'event.data.subject', op: 'matches', value }), [], value);
});

test('refuses conditions nested more than 8 levels deep', () => {
  let condition: unknown = { field: 'item.amount', op: 'empty' };
  for (let level = 1; level < 8; level++) condition = { not: condition };
  assert.deepEqual(problems(condition), []);
  const deeper = { not: condition };
  assert.deepEqual(only(deeper), {
    field: `/condition${'/not'.repeat(8)}`,
    message: 'conditions may be nested at most 8 levels deep',
  });
});

test('refuses conditions of more than 100 parts, once', () => {
  const comparison = { field: 'item.amount', op: 'empty' };
  assert.deepEqual(problems({ all: Array.from({ length: 99 }, () => comparison) }), []);
  assert.deepEqual(problems({ all: Array.from({ length: 120 }, () => comparison) }), [
    { field: '/condition/all/99', message: 'a condition may have at most 100 parts' },
  ]);
});

test('percent goes with valueField on a numeric operator, between numbers', () => {
  const half = { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount', percent: 50 };
  assert.deepEqual(problems(half), []);
  assert.deepEqual(problems({ ...half, op: 'ne', percent: 10000 }), []);
  assert.deepEqual(problems({ ...half, field: 'item.fields.deposit', percent: 0.5 }), []);
  assert.deepEqual(only({ ...half, field: 'item.fields.paid', op: 'contains' }), {
    field: '/condition/percent',
    message: '"percent" applies only to eq, ne, gt, gte, lt, lte, not to "contains"',
  });
  for (const percent of [0, -5, 10001, '50', null]) {
    assert.deepEqual(only({ ...half, percent }), {
      field: '/condition/percent',
      message: 'must be a number above 0 and at most 10000',
    });
  }
  const withValue = { field: 'item.paidAmount', op: 'gte', value: 100, percent: 50 };
  assert.equal(pointerOf(withValue), '/condition/percent');
  assert.match(only(withValue).message, /give that field as "valueField"/);
  assert.equal(pointerOf({ field: 'item.paidAmount', op: 'gte', percent: 50 }), '/condition/percent');
  assert.equal(
    only({ field: 'item.createdAt', op: 'lte', valueField: 'item.stageEnteredAt', percent: 50 }).message,
    '"percent" compares numbers; item.createdAt is a date',
  );
  assert.equal(
    only({ field: 'item.fields.x', op: 'eq', valueField: 'item.title', percent: 50 }).message,
    '"percent" compares numbers; item.title is text',
  );
});
