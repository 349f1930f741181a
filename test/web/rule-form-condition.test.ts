import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CatalogueFact, CatalogueOperator } from '../../web/src/pages/automation/automation-types.ts';
import {
  dateFields,
  eventDataFields,
  fieldsForScope,
  isUserField,
  kindOfSchema,
} from '../../web/src/pages/automation/rule-form/condition-facts.ts';
import {
  addChild,
  compareWithField,
  newComparison,
  operatorsFor,
  removeChild,
  replaceChild,
  setMode,
  shapeOf,
  withField,
  withOperator,
  withPercent,
} from '../../web/src/pages/automation/rule-form/condition-model.ts';

const operator = (
  op: string,
  kinds: CatalogueOperator['kinds'],
  value: CatalogueOperator['value'],
  percent = false,
): CatalogueOperator => ({ op, kinds, value, percent, description: { en: op, ru: op } });
const OPERATORS = [
  operator('eq', ['string', 'number', 'date', 'boolean', 'list', 'any'], 'one'),
  operator('gte', ['number', 'date', 'any'], 'one', true),
  operator('in', ['string', 'number', 'date', 'boolean', 'any'], 'list'),
  operator('contains', ['string', 'list', 'any'], 'one'),
  operator('between', ['number', 'date', 'any'], 'range'),
  operator('matches', ['string', 'any'], 'regex'),
  operator('empty', ['string', 'number', 'date', 'boolean', 'list', 'any'], 'none'),
];
const byOp = (op: string) => OPERATORS.find((candidate) => candidate.op === op) as CatalogueOperator;
const fact = (
  path: string,
  kind: CatalogueFact['kind'],
  scope: CatalogueFact['scope'] = 'item',
): CatalogueFact => ({
  path,
  kind,
  scope,
  description: { en: path, ru: path },
});

test('only the operators that fit the field kind are offered', () => {
  assert.deepEqual(
    operatorsFor('string', OPERATORS).map((o) => o.op),
    ['eq', 'in', 'contains', 'matches', 'empty'],
  );
  assert.deepEqual(
    operatorsFor('list', OPERATORS).map((o) => o.op),
    ['eq', 'contains', 'empty'],
  );
  assert.ok(operatorsFor('date', OPERATORS).some((o) => o.op === 'between'));
});

test('changing the operator reshapes the value: list, two bounds, a pattern, or none', () => {
  const start = { field: 'item.amount', op: 'eq', value: 100 };
  assert.deepEqual(withOperator(start, byOp('in'), 'number'), {
    field: 'item.amount',
    op: 'in',
    value: [100],
  });
  assert.deepEqual(withOperator(start, byOp('between'), 'number'), {
    field: 'item.amount',
    op: 'between',
    value: [100, 0],
  });
  assert.deepEqual(withOperator(start, byOp('empty'), 'number'), { field: 'item.amount', op: 'empty' });
  assert.deepEqual(withOperator({ field: 'item.title', op: 'in', value: ['a', 'b'] }, byOp('eq'), 'string'), {
    field: 'item.title',
    op: 'eq',
    value: 'a',
  });
  assert.deepEqual(withOperator({ field: 'item.title', op: 'eq', value: 'x' }, byOp('matches'), 'string'), {
    field: 'item.title',
    op: 'matches',
    value: 'x',
  });
});

test('comparing with another field keeps the percent only where the operator takes one', () => {
  const paid = compareWithField({ field: 'item.paidAmount', op: 'gte', value: 0 }, 'item.amount', 'number');
  assert.deepEqual(paid, { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount' });
  const half = withPercent(paid, 50);
  assert.deepEqual(half, { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount', percent: 50 });
  assert.deepEqual(withOperator(half, byOp('eq'), 'number'), {
    field: 'item.paidAmount',
    op: 'eq',
    valueField: 'item.amount',
  });
  assert.deepEqual(compareWithField(half, null, 'number'), { field: 'item.paidAmount', op: 'gte', value: 0 });
});

test('picking another field keeps an operator that still fits and starts the value empty', () => {
  const amount = { field: 'item.amount', op: 'gte', value: 5 };
  assert.deepEqual(withField(amount, 'payments.total', 'number', OPERATORS), {
    field: 'payments.total',
    op: 'gte',
    value: 0,
  });
  assert.deepEqual(withField(amount, 'contact.email', 'string', OPERATORS), {
    field: 'contact.email',
    op: 'eq',
    value: '',
  });
  assert.deepEqual(newComparison('documents.postedKinds', 'list', OPERATORS), {
    field: 'documents.postedKinds',
    op: 'eq',
    value: '',
  });
});

test('groups nest, switch between all and any, and add, replace and remove their parts', () => {
  const a = { field: 'item.amount', op: 'gt', value: 1 };
  const b = { field: 'item.title', op: 'empty' };
  let group = addChild({ all: [a] }, b);
  assert.deepEqual(group, { all: [a, b] });
  group = setMode(group, 'any');
  assert.equal(shapeOf(group), 'any');
  group = replaceChild(group, 1, { not: b });
  assert.deepEqual(group, { any: [a, { not: b }] });
  assert.equal(shapeOf({ not: b }), 'not');
  assert.deepEqual(removeChild(group, 0), { any: [{ not: b }] });
});

test('item conditions read the item facts and custom fields; trigger filters read the event and its data', () => {
  const facts = [
    fact('item.amount', 'number'),
    fact('event.type', 'string', 'event'),
    fact('item.createdAt', 'date'),
  ];
  const custom = [{ path: 'item.fields.meetingAt', kind: 'date' as const, examples: [] }];
  const dataSchema = {
    type: 'object',
    properties: {
      amount: { anyOf: [{ type: 'string' }, { type: 'number' }] },
      startsAt: { type: 'string', format: 'date-time' },
      to: { type: 'array', items: { type: 'string' } },
    },
  };
  assert.deepEqual(
    fieldsForScope('item', facts, custom).map((field) => field.path),
    ['item.amount', 'item.createdAt', 'item.fields.meetingAt'],
  );
  const event = fieldsForScope('event', facts, custom, dataSchema);
  assert.deepEqual(
    event.map((field) => [field.path, field.kind]),
    [
      ['event.type', 'string'],
      ['event.data.amount', 'number'],
      ['event.data.startsAt', 'date'],
      ['event.data.to', 'list'],
    ],
  );
  assert.equal(event[1]?.group, 'eventData');
  assert.deepEqual(eventDataFields(undefined), []);
  assert.equal(kindOfSchema({ type: 'boolean' }), 'boolean');
  assert.deepEqual(dateFields(facts, custom), ['item.createdAt', 'item.fields.meetingAt']);
  assert.equal(isUserField('responsible.id'), true);
  assert.equal(isUserField('item.responsibleId'), true);
  assert.equal(isUserField('responsible.name'), false);
});
