import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../errors.ts';
import { DEFAULT_CALENDAR } from '../user.ts';
import type { PlanContext, Timing } from './timing.ts';
import { planDueAt, validateTiming, watchedField } from './timing.ts';

const POINTER = '/robots/0/timing';
const BERLIN = 'Europe/Berlin';
const FRIDAY_5PM = new Date('2025-01-10T17:00:00+01:00');
const ctx = (now: Date, extra: Partial<PlanContext> = {}): PlanContext => ({
  now,
  calendar: DEFAULT_CALENDAR,
  timeZone: BERLIN,
  ...extra,
});
const dueAt = (timing: Timing, context: PlanContext): string => {
  const result = planDueAt(timing, context);
  assert.ok('dueAt' in result, `expected a due time, got ${JSON.stringify(result)}`);
  return result.dueAt.toISOString();
};
const iso = (text: string): string => new Date(text).toISOString();

test('accepts each kind of timing', () => {
  const valid: unknown[] = [
    { kind: 'immediately' },
    { kind: 'immediately', workingTime: true },
    { kind: 'after', duration: 'PT72H' },
    { kind: 'after', duration: 'P3D', workingTime: false },
    { kind: 'at', field: 'item.stageEnteredAt' },
    { kind: 'at', field: 'item.fields.meetingAt', offset: '-P1D', workingTime: true },
    { kind: 'at', field: 'event.occurredAt', offset: 'PT30M' },
    { kind: 'at', field: 'task.deadline', offset: '-PT30M' },
    { kind: 'at', field: 'activity.start', offset: '-PT1H', activityType: 'meeting' },
  ];
  for (const timing of valid) assert.deepEqual(validateTiming(timing, POINTER), [], JSON.stringify(timing));
});

test('refuses a timing that is not an object', () => {
  assert.deepEqual(validateTiming('PT1H', POINTER), [
    { field: POINTER, message: 'must be an object with a "kind"' },
  ]);
  assert.equal(validateTiming(null, POINTER)[0]?.field, POINTER);
  assert.equal(validateTiming([], POINTER)[0]?.field, POINTER);
});

test('refuses an unknown or missing kind, naming the allowed ones', () => {
  for (const timing of [{ kind: 'later' }, {}, { kind: 3 }]) {
    assert.deepEqual(validateTiming(timing, POINTER), [
      { field: `${POINTER}/kind`, message: 'must be one of immediately, after, at' },
    ]);
  }
});

test('refuses keys that do not belong to the kind', () => {
  const problems = validateTiming({ kind: 'immediately', duration: 'PT1H', 'a/b': 1 }, POINTER);
  assert.deepEqual(
    problems.map((problem) => problem.field),
    [`${POINTER}/duration`, `${POINTER}/a~1b`],
  );
  assert.match(problems[0]?.message ?? '', /not allowed in an "immediately" timing/);
  const afterWithOffset = validateTiming({ kind: 'after', duration: 'PT1H', offset: 'PT1H' }, POINTER);
  assert.deepEqual(
    afterWithOffset.map((problem) => problem.field),
    [`${POINTER}/offset`],
  );
});

test('refuses a missing, invalid or negative duration at its pointer', () => {
  const cases: [unknown, RegExp][] = [
    [{ kind: 'after' }, /is required/],
    [{ kind: 'after', duration: '3 days' }, /ISO 8601 duration/],
    [{ kind: 'after', duration: 'PT' }, /at least one part/],
    [{ kind: 'after', duration: 'P20Y' }, /10 years/],
    [{ kind: 'after', duration: '-P1D' }, /must not be negative/],
  ];
  for (const [timing, message] of cases) {
    const problems = validateTiming(timing, POINTER);
    assert.equal(problems.length, 1, JSON.stringify(timing));
    assert.equal(problems[0]?.field, `${POINTER}/duration`);
    assert.match(problems[0]?.message ?? '', message);
  }
});

test('refuses an "at" timing without a date field', () => {
  const cases: [unknown, RegExp][] = [
    [{ kind: 'at' }, /is required/],
    [{ kind: 'at', field: 42 }, /field name/],
    [{ kind: 'at', field: 'item.title' }, /"item.title" is not a date \(it is a string\)/],
    [{ kind: 'at', field: 'item.deadline' }, /"item.deadline" is not a known field/],
    [{ kind: 'at', field: 'contact.fields.birthday' }, /item.fields.\* custom field/],
    [{ kind: 'at', field: 'item.fields.1st' }, /not a valid field name/],
  ];
  for (const [timing, message] of cases) {
    const problems = validateTiming(timing, POINTER);
    assert.equal(problems[0]?.field, `${POINTER}/field`, JSON.stringify(timing));
    assert.match(problems[0]?.message ?? '', message);
  }
});

test('refuses an invalid offset and a workingTime that is not a boolean', () => {
  assert.deepEqual(
    validateTiming({ kind: 'at', field: 'item.createdAt', offset: '1 day', workingTime: 'yes' }, POINTER).map(
      (problem) => problem.field,
    ),
    [`${POINTER}/workingTime`, `${POINTER}/offset`],
  );
});

test('immediately is due now', () => {
  assert.equal(dueAt({ kind: 'immediately' }, ctx(FRIDAY_5PM)), FRIDAY_5PM.toISOString());
});

test('immediately in working time waits for the next opening', () => {
  const saturday = new Date('2025-01-11T10:00:00+01:00');
  assert.equal(
    dueAt({ kind: 'immediately', workingTime: true }, ctx(saturday)),
    iso('2025-01-13T09:00:00+01:00'),
  );
});

test('after a duration is due that much later', () => {
  assert.equal(
    dueAt({ kind: 'after', duration: 'PT72H' }, ctx(FRIDAY_5PM)),
    iso('2025-01-13T17:00:00+01:00'),
  );
});

test('after P1D keeps the wall-clock time across the spring change', () => {
  const now = new Date('2025-03-29T10:00:00+01:00');
  assert.equal(dueAt({ kind: 'after', duration: 'P1D' }, ctx(now)), iso('2025-03-30T10:00:00+02:00'));
});

test('after a duration in working time counts only working hours', () => {
  const timing: Timing = { kind: 'after', duration: 'PT2H', workingTime: true };
  assert.equal(dueAt(timing, ctx(FRIDAY_5PM)), iso('2025-01-13T10:00:00+01:00'));
});

test('at a date-time field is due at that instant', () => {
  const timing: Timing = { kind: 'at', field: 'item.fields.meetingAt' };
  assert.equal(
    dueAt(timing, ctx(FRIDAY_5PM, { fieldValue: '2025-02-03T14:00:00Z' })),
    '2025-02-03T14:00:00.000Z',
  );
  const asDate = new Date('2025-02-03T14:00:00Z');
  assert.equal(dueAt(timing, ctx(FRIDAY_5PM, { fieldValue: asDate })), '2025-02-03T14:00:00.000Z');
});

test('at a date-time without an offset reads it in the user zone', () => {
  const timing: Timing = { kind: 'at', field: 'item.fields.meetingAt' };
  assert.equal(
    dueAt(timing, ctx(FRIDAY_5PM, { fieldValue: '2025-02-03T14:00' })),
    iso('2025-02-03T14:00:00+01:00'),
  );
});

test('at a plain date field is due at midnight in the user zone', () => {
  const timing: Timing = { kind: 'at', field: 'item.fields.renewalDate' };
  assert.equal(
    dueAt(timing, ctx(FRIDAY_5PM, { fieldValue: '2025-03-10' })),
    iso('2025-03-10T00:00:00+01:00'),
  );
  const kolkata = ctx(FRIDAY_5PM, { fieldValue: '2025-03-10', timeZone: 'Asia/Kolkata' });
  assert.equal(dueAt(timing, kolkata), '2025-03-09T18:30:00.000Z');
});

test('at a field with a negative offset is due before it', () => {
  const dayBefore: Timing = { kind: 'at', field: 'item.fields.meetingAt', offset: '-P1D' };
  const meeting = '2025-03-31T10:00:00+02:00';
  // The calendar day before keeps 10:00 even though the DST change lies in between.
  assert.equal(dueAt(dayBefore, ctx(FRIDAY_5PM, { fieldValue: meeting })), iso('2025-03-30T10:00:00+02:00'));
  const halfHourBefore: Timing = { kind: 'at', field: 'item.fields.meetingAt', offset: '-PT30M' };
  assert.equal(
    dueAt(halfHourBefore, ctx(FRIDAY_5PM, { fieldValue: meeting })),
    iso('2025-03-31T09:30:00+02:00'),
  );
});

test('at a field in working time moves to the next working moment', () => {
  const timing: Timing = { kind: 'at', field: 'item.fields.meetingAt', offset: '-P1D', workingTime: true };
  // Monday 10:00 minus a day is Sunday 10:00, not working: due Monday 09:00.
  const context = ctx(FRIDAY_5PM, { fieldValue: '2025-01-13T10:00:00+01:00' });
  assert.equal(dueAt(timing, context), iso('2025-01-13T09:00:00+01:00'));
});

test('at an empty or unreadable field waits for the field', () => {
  const timing: Timing = { kind: 'at', field: 'item.fields.meetingAt' };
  for (const fieldValue of [undefined, null, '', '  ', 'next week', '2025-02-30', 1736524800000, {}]) {
    assert.deepEqual(
      planDueAt(timing, ctx(FRIDAY_5PM, { fieldValue })),
      { waiting: 'field_empty' },
      String(fieldValue),
    );
  }
});

test('a due time in the past is kept, so the run is due at once', () => {
  const timing: Timing = { kind: 'at', field: 'item.stageEnteredAt', offset: 'PT1H' };
  const context = ctx(FRIDAY_5PM, { fieldValue: '2025-01-01T08:00:00Z' });
  assert.equal(dueAt(timing, context), '2025-01-01T09:00:00.000Z');
});

test('a stored timing with a broken duration is an invalid-timing error', () => {
  assert.throws(
    () => planDueAt({ kind: 'after', duration: 'soon' }, ctx(FRIDAY_5PM)),
    (error: unknown) => error instanceof AppError && error.code === 'invalid_timing',
  );
});

test('only "at" timings watch a field', () => {
  assert.equal(watchedField({ kind: 'at', field: 'item.fields.meetingAt' }), 'item.fields.meetingAt');
  assert.equal(watchedField({ kind: 'after', duration: 'P1D' }), undefined);
});
