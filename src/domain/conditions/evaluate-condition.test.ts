import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Facts } from '../facts.ts';
import type { Condition } from './condition.ts';
import { evaluateCondition } from './evaluate-condition.ts';

const facts: Facts = {
  item: {
    id: 'item-1',
    title: 'Big Deal for ACME',
    amount: 50000,
    paidAmount: 50000,
    currency: 'EUR',
    createdAt: '2024-05-01T10:00:00Z',
    stageEnteredAt: '2024-05-03T12:00:00+02:00',
    fields: {
      budget: '150000',
      tags: ['vip', 'Export'],
      address: { city: 'Berlin' },
      note: '',
      extra: {},
      nothing: null,
      code: 12345,
    },
  },
  contact: { email: 'Anna@Example.com', emails: ['Anna@Example.com', 'sales@acme.org'] },
  documents: { kinds: ['quote', 'order'], postedKinds: ['order'] },
  event: { data: { subject: 'Re: Order #123 confirmed' } },
};

const matched = (condition: Condition, changes?: ReadonlySet<string>): boolean =>
  evaluateCondition(condition, facts, changes).matched;
const reason = (condition: Condition, changes?: ReadonlySet<string>): string =>
  evaluateCondition(condition, facts, changes).reason;

test('eq compares numbers as numbers, text exactly and lists element by element', () => {
  assert.equal(matched({ field: 'item.amount', op: 'eq', value: 50000 }), true);
  assert.equal(matched({ field: 'item.amount', op: 'eq', value: 50001 }), false);
  assert.equal(matched({ field: 'item.currency', op: 'eq', value: 'EUR' }), true);
  assert.equal(matched({ field: 'item.currency', op: 'eq', value: 'eur' }), false);
  assert.equal(matched({ field: 'documents.kinds', op: 'eq', value: ['quote', 'order'] }), true);
  assert.equal(matched({ field: 'documents.kinds', op: 'eq', value: ['order', 'quote'] }), false);
  assert.equal(matched({ field: 'documents.kinds', op: 'eq', value: ['quote'] }), false);
});

test('ne holds exactly when eq does not', () => {
  assert.equal(matched({ field: 'item.currency', op: 'ne', value: 'USD' }), true);
  assert.equal(matched({ field: 'item.currency', op: 'ne', value: 'EUR' }), false);
  assert.equal(
    reason({ field: 'item.currency', op: 'ne', value: 'EUR' }),
    'item.currency ("EUR") equals "EUR"',
  );
});

test('gt, gte, lt and lte order numbers', () => {
  assert.equal(matched({ field: 'item.amount', op: 'gt', value: 49999 }), true);
  assert.equal(matched({ field: 'item.amount', op: 'gt', value: 50000 }), false);
  assert.equal(matched({ field: 'item.amount', op: 'gte', value: 50000 }), true);
  assert.equal(matched({ field: 'item.amount', op: 'gte', value: 50001 }), false);
  assert.equal(matched({ field: 'item.amount', op: 'lt', value: 50001 }), true);
  assert.equal(matched({ field: 'item.amount', op: 'lt', value: 50000 }), false);
  assert.equal(matched({ field: 'item.amount', op: 'lte', value: 50000 }), true);
  assert.equal(matched({ field: 'item.amount', op: 'lte', value: 9999 }), false);
});

test('the reason of a comparison shows the field, its value and the other side', () => {
  assert.equal(
    reason({ field: 'item.amount', op: 'gt', value: 100000 }),
    'item.amount (50000) is not greater than 100000',
  );
  assert.equal(
    reason({ field: 'item.amount', op: 'gte', value: 100 }),
    'item.amount (50000) is at least 100',
  );
  assert.equal(
    reason({ field: 'contact.email', op: 'endsWith', value: '@acme.org' }),
    'contact.email ("Anna@Example.com") does not end with "@acme.org"',
  );
});

test('ISO date strings compare as instants whatever their offset', () => {
  // 12:00 at +02:00 is 10:00 UTC.
  assert.equal(matched({ field: 'item.stageEnteredAt', op: 'eq', value: '2024-05-03T10:00:00Z' }), true);
  assert.equal(matched({ field: 'item.stageEnteredAt', op: 'gt', value: '2024-05-03T11:00:00+02:00' }), true);
  assert.equal(
    matched({ field: 'item.stageEnteredAt', op: 'lt', value: '2024-05-03T11:00:00+02:00' }),
    false,
  );
  // A bare day is midnight UTC.
  assert.equal(matched({ field: 'item.createdAt', op: 'gt', value: '2024-05-01' }), true);
  assert.equal(matched({ field: 'item.createdAt', op: 'lt', value: '2024-05-01' }), false);
});

test('decimal text compares with a number as a number', () => {
  assert.equal(matched({ field: 'item.fields.budget', op: 'gt', value: 100000 }), true);
  assert.equal(matched({ field: 'item.fields.budget', op: 'gt', value: 200000 }), false);
  assert.equal(matched({ field: 'item.fields.budget', op: 'eq', value: 150000 }), true);
});

test('values that do not compare make an ordering false and say so', () => {
  const result = evaluateCondition({ field: 'item.title', op: 'gt', value: 5 }, facts);
  assert.deepEqual(result, {
    matched: false,
    reason: 'item.title ("Big Deal for ACME") cannot be compared with 5',
    compared: { field: 'item.title', op: 'gt', expected: 5, actual: 'Big Deal for ACME' },
  });
});

test('in and nin test whether the field value is one of the listed values', () => {
  assert.equal(matched({ field: 'item.currency', op: 'in', value: ['USD', 'EUR'] }), true);
  assert.equal(matched({ field: 'item.currency', op: 'in', value: ['USD', 'GBP'] }), false);
  assert.equal(matched({ field: 'item.currency', op: 'nin', value: ['USD', 'GBP'] }), true);
  assert.equal(matched({ field: 'item.currency', op: 'nin', value: ['EUR'] }), false);
  assert.equal(
    reason({ field: 'item.currency', op: 'in', value: ['USD'] }),
    'item.currency ("EUR") is not one of ["USD"]',
  );
});

test('contains finds an element of a list or a piece of text, ignoring case', () => {
  assert.equal(matched({ field: 'documents.postedKinds', op: 'contains', value: 'order' }), true);
  assert.equal(matched({ field: 'documents.postedKinds', op: 'contains', value: 'quote' }), false);
  assert.equal(matched({ field: 'item.fields.tags', op: 'contains', value: 'export' }), true);
  assert.equal(matched({ field: 'item.title', op: 'contains', value: 'acme' }), true);
  assert.equal(matched({ field: 'item.title', op: 'contains', value: 'Globex' }), false);
});

test('startsWith and endsWith ignore case', () => {
  assert.equal(matched({ field: 'item.title', op: 'startsWith', value: 'big deal' }), true);
  assert.equal(matched({ field: 'item.title', op: 'startsWith', value: 'deal' }), false);
  assert.equal(matched({ field: 'contact.email', op: 'endsWith', value: '@EXAMPLE.COM' }), true);
  assert.equal(matched({ field: 'item.fields.code', op: 'startsWith', value: '123' }), true);
});

test('empty holds for a missing field, null, "", [] and {}, and notEmpty for anything else', () => {
  for (const field of [
    'item.fields.absent',
    'item.fields.nothing',
    'item.fields.note',
    'item.fields.extra',
  ]) {
    assert.equal(matched({ field, op: 'empty' }), true, field);
    assert.equal(matched({ field, op: 'notEmpty' }), false, field);
  }
  assert.equal(evaluateCondition({ field: 'x.list', op: 'empty' }, { x: { list: [] } }).matched, true);
  assert.equal(matched({ field: 'item.title', op: 'empty' }), false);
  assert.equal(matched({ field: 'item.title', op: 'notEmpty' }), true);
  assert.equal(reason({ field: 'item.fields.note', op: 'notEmpty' }), 'item.fields.note is empty');
});

test('changed holds when the path, a parent or a part of it is among the changed paths', () => {
  assert.equal(matched({ field: 'item.amount', op: 'changed' }, new Set(['item.amount'])), true);
  assert.equal(matched({ field: 'item.amount', op: 'changed' }, new Set(['item.title'])), false);
  assert.equal(
    matched({ field: 'item.fields.address.city', op: 'changed' }, new Set(['item.fields.address'])),
    true,
  );
  assert.equal(
    matched({ field: 'item.fields.address', op: 'changed' }, new Set(['item.fields.address.city'])),
    true,
  );
  assert.equal(matched({ field: 'item.fields.add', op: 'changed' }, new Set(['item.fields.address'])), false);
  assert.equal(reason({ field: 'item.amount', op: 'changed' }), 'item.amount has not changed');
});

test('between includes both bounds, for numbers and for dates', () => {
  assert.equal(matched({ field: 'item.amount', op: 'between', value: [50000, 60000] }), true);
  assert.equal(matched({ field: 'item.amount', op: 'between', value: [40000, 50000] }), true);
  assert.equal(matched({ field: 'item.amount', op: 'between', value: [50001, 60000] }), false);
  assert.equal(
    matched({ field: 'item.createdAt', op: 'between', value: ['2024-05-01', '2024-05-02'] }),
    true,
  );
  assert.equal(
    matched({ field: 'item.createdAt', op: 'between', value: ['2024-04-01', '2024-04-30'] }),
    false,
  );
  assert.equal(
    reason({ field: 'item.amount', op: 'between', value: [1, 10] }),
    'item.amount (50000) is not between 1 and 10',
  );
});

test('matches runs the pattern with its flags', () => {
  const subject = 'event.data.subject';
  assert.equal(matched({ field: subject, op: 'matches', value: 'order #\\d+' }), false);
  assert.equal(matched({ field: subject, op: 'matches', value: 'order #\\d+', flags: 'i' }), true);
  assert.equal(matched({ field: subject, op: 'matches', value: '^Order' }), false);
  assert.equal(
    reason({ field: subject, op: 'matches', value: 'order #\\d+', flags: 'i' }),
    'event.data.subject ("Re: Order #123 confirmed") matches /order #\\d+/i',
  );
});

test('matches looks only at the first 10,000 characters of the value', () => {
  const long = { event: { data: { text: `${'a'.repeat(10_000)}needle` } } };
  assert.equal(
    evaluateCondition({ field: 'event.data.text', op: 'matches', value: 'needle' }, long).matched,
    false,
  );
  assert.equal(
    evaluateCondition({ field: 'event.data.text', op: 'matches', value: 'a$' }, long).matched,
    true,
  );
});

test('a pattern RE2 refuses never matches, even when stored without validation', () => {
  const result = evaluateCondition({ field: 'item.title', op: 'matches', value: '(a)\\1' }, facts);
  assert.equal(result.matched, false);
  assert.match(result.reason, /^the pattern \/\(a\)\\1\/ is refused: backreferences/);
});

test('matches runs patterns that backtracking engines find slow, in linear time', () => {
  const long = { event: { data: { text: `${'a'.repeat(9_999)}!` } } };
  assert.equal(
    evaluateCondition({ field: 'event.data.text', op: 'matches', value: '(a+)+$' }, long).matched,
    false,
  );
  const price = { event: { data: { text: '12.50' } } };
  assert.equal(
    evaluateCondition({ field: 'event.data.text', op: 'matches', value: '^\\d+(\\.\\d+)?$' }, price).matched,
    true,
  );
});

test('valueField compares the field with another fact', () => {
  const paidInFull: Condition = { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount' };
  assert.equal(matched(paidInFull), true);
  assert.equal(reason(paidInFull), 'item.paidAmount (50000) is at least item.amount (50000)');
  const partly = { item: { amount: 150000, paidAmount: 100000 } };
  assert.equal(evaluateCondition(paidInFull, partly).matched, false);
  assert.equal(
    evaluateCondition(paidInFull, partly).reason,
    'item.paidAmount (100000) is less than item.amount (150000)',
  );
  assert.equal(matched({ field: 'contact.email', op: 'in', valueField: 'contact.emails' }), true);
});

test('a missing field makes every comparison false, ne and nin included', () => {
  const missing = 'item.fields.absent';
  for (const condition of [
    { field: missing, op: 'eq', value: 1 },
    { field: missing, op: 'ne', value: 1 },
    { field: missing, op: 'lt', value: 1 },
    { field: missing, op: 'nin', value: [1] },
    { field: missing, op: 'contains', value: 'x' },
    { field: missing, op: 'between', value: [1, 2] },
    { field: missing, op: 'matches', value: 'x' },
    { field: 'item.fields.nothing', op: 'ne', value: 'x' },
  ] as Condition[]) {
    assert.equal(matched(condition), false, JSON.stringify(condition));
  }
  assert.equal(reason({ field: missing, op: 'gt', value: 1 }), 'item.fields.absent is missing');
  const againstMissing = evaluateCondition(
    { field: 'item.amount', op: 'ne', valueField: 'item.fields.absent' },
    facts,
  );
  assert.deepEqual(againstMissing, {
    matched: false,
    reason: 'item.fields.absent is missing',
    compared: {
      field: 'item.amount',
      op: 'ne',
      valueField: 'item.fields.absent',
      expected: null,
      actual: 50000,
    },
  });
});

test('facts are read through own properties only, never the prototype', () => {
  assert.equal(matched({ field: 'item.fields.constructor', op: 'notEmpty' }), false);
  assert.equal(matched({ field: 'item.title.length', op: 'gt', value: 0 }), false);
});

const high: Condition = { field: 'item.amount', op: 'gt', value: 100000 };
const euro: Condition = { field: 'item.currency', op: 'eq', value: 'EUR' };

test('all holds when every condition holds and otherwise names the first that does not', () => {
  assert.deepEqual(evaluateCondition({ all: [euro, { field: 'item.amount', op: 'gt', value: 1 }] }, facts), {
    matched: true,
    reason: 'all of 2 conditions hold',
  });
  assert.deepEqual(evaluateCondition({ all: [euro, high] }, facts), {
    matched: false,
    reason: 'condition 2 of 2 does not hold: item.amount (50000) is not greater than 100000',
    compared: { field: 'item.amount', op: 'gt', expected: 100000, actual: 50000 },
  });
});

test('any holds when one alternative holds and otherwise gives every reason', () => {
  assert.deepEqual(evaluateCondition({ any: [high, euro] }, facts), {
    matched: true,
    reason: 'alternative 2 of 2 holds: item.currency ("EUR") equals "EUR"',
    compared: { field: 'item.currency', op: 'eq', expected: 'EUR', actual: 'EUR' },
  });
  assert.deepEqual(
    evaluateCondition({ any: [high, { field: 'item.currency', op: 'eq', value: 'USD' }] }, facts),
    {
      matched: false,
      reason:
        'none of 2 alternatives hold: item.amount (50000) is not greater than 100000; ' +
        'item.currency ("EUR") does not equal "USD"',
      compared: { field: 'item.amount', op: 'gt', expected: 100000, actual: 50000 },
    },
  );
});

test('not inverts its condition', () => {
  assert.deepEqual(evaluateCondition({ not: high }, facts), {
    matched: true,
    reason: 'not (item.amount (50000) is not greater than 100000)',
    compared: { field: 'item.amount', op: 'gt', expected: 100000, actual: 50000 },
  });
  assert.equal(matched({ not: euro }), false);
});

test('groups nest: all of (not high) and (any of USD or EUR)', () => {
  const nested: Condition = {
    all: [{ not: high }, { any: [{ field: 'item.currency', op: 'eq', value: 'USD' }, euro] }],
  };
  assert.equal(matched(nested), true);
  assert.equal(matched({ not: nested }), false);
  assert.equal(matched({ all: [nested, { any: [high, { not: euro }] }] }), false);
});
