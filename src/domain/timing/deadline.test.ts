import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../errors.ts';
import { DEFAULT_CALENDAR } from '../user.ts';
import type { DeadlineSpec } from './deadline.ts';
import { resolveDeadline, validateDeadlineSpec } from './deadline.ts';

const POINTER = '/robots/0/action/params/deadline';
const BERLIN = 'Europe/Berlin';
const FRIDAY_3PM = new Date('2025-01-10T15:00:00+01:00');
const NEXT_WORKING_DAY_AT_10: DeadlineSpec = { after: 'P1D', workingDays: true, at: '10:00' };

const resolve = (spec: DeadlineSpec, now: Date, calendar = DEFAULT_CALENDAR, zone = BERLIN): string =>
  resolveDeadline(spec, now, calendar, zone).toISOString();
const iso = (text: string): string => new Date(text).toISOString();

test('next working day at 10:00 from a Friday afternoon is Monday 10:00', () => {
  assert.equal(resolve(NEXT_WORKING_DAY_AT_10, FRIDAY_3PM), iso('2025-01-13T10:00:00+01:00'));
});

test('next working day from a Friday evening is still Monday', () => {
  const fridayEvening = new Date('2025-01-10T21:00:00+01:00');
  assert.equal(resolve(NEXT_WORKING_DAY_AT_10, fridayEvening), iso('2025-01-13T10:00:00+01:00'));
});

test('next working day from a Saturday is Monday', () => {
  const saturday = new Date('2025-01-11T12:00:00+01:00');
  assert.equal(resolve(NEXT_WORKING_DAY_AT_10, saturday), iso('2025-01-13T10:00:00+01:00'));
});

test('working days skip holidays', () => {
  const calendar = { ...DEFAULT_CALENDAR, holidays: ['2025-01-13'] };
  assert.equal(resolve(NEXT_WORKING_DAY_AT_10, FRIDAY_3PM, calendar), iso('2025-01-14T10:00:00+01:00'));
});

test('working days keep local 10:00 across the spring change', () => {
  const friday = new Date('2025-03-28T15:00:00+01:00');
  assert.equal(resolve(NEXT_WORKING_DAY_AT_10, friday), iso('2025-03-31T10:00:00+02:00'));
});

test('a working week counts the working days of one calendar week', () => {
  const spec: DeadlineSpec = { after: 'P1W', workingDays: true };
  assert.equal(resolve(spec, FRIDAY_3PM), iso('2025-01-17T15:00:00+01:00'));
});

test('working days without "after" mean today when today is a working day', () => {
  assert.equal(resolve({ workingDays: true, at: '17:00' }, FRIDAY_3PM), iso('2025-01-10T17:00:00+01:00'));
  const sunday = new Date('2025-01-12T12:00:00+01:00');
  assert.equal(resolve({ workingDays: true, at: '17:00' }, sunday), iso('2025-01-13T17:00:00+01:00'));
});

test('without workingDays days are calendar days', () => {
  assert.equal(resolve({ after: 'P1D', at: '10:00' }, FRIDAY_3PM), iso('2025-01-11T10:00:00+01:00'));
});

test('without "at" the time of day is kept or moved by the duration', () => {
  assert.equal(resolve({ after: 'P2D' }, FRIDAY_3PM), iso('2025-01-12T15:00:00+01:00'));
  assert.equal(resolve({ after: 'PT4H' }, FRIDAY_3PM), iso('2025-01-10T19:00:00+01:00'));
});

test('an empty spec is due now and "at" alone sets the time today', () => {
  assert.equal(resolve({}, FRIDAY_3PM), FRIDAY_3PM.toISOString());
  assert.equal(resolve({ at: '18:30' }, FRIDAY_3PM), iso('2025-01-10T18:30:00+01:00'));
});

test('"at" is wall-clock time in the user zone', () => {
  // 15:00 Berlin is 19:30 in Kolkata: the next day there is Saturday, so Monday 10:00 IST.
  assert.equal(
    resolve(NEXT_WORKING_DAY_AT_10, FRIDAY_3PM, DEFAULT_CALENDAR, 'Asia/Kolkata'),
    iso('2025-01-13T10:00:00+05:30'),
  );
});

test('accepts valid deadline specs', () => {
  for (const spec of [
    {},
    NEXT_WORKING_DAY_AT_10,
    { after: 'P2DT4H' },
    { at: '00:00' },
    { after: 'P2W', workingDays: true },
  ]) {
    assert.deepEqual(validateDeadlineSpec(spec, POINTER), [], JSON.stringify(spec));
  }
});

test('refuses bad deadline specs, naming each field', () => {
  const cases: [unknown, string, RegExp][] = [
    ['P1D', POINTER, /must be an object/],
    [{ after: 'P1D', when: 'soon' }, `${POINTER}/when`, /not allowed in a deadline/],
    [{ after: 'tomorrow' }, `${POINTER}/after`, /ISO 8601 duration/],
    [{ after: '-P1D' }, `${POINTER}/after`, /must not be negative/],
    [{ after: 'PT4H', workingDays: true }, `${POINTER}/after`, /only days or weeks/],
    [{ after: 'P1M', workingDays: true }, `${POINTER}/after`, /only days or weeks/],
    [{ workingDays: 'yes' }, `${POINTER}/workingDays`, /true or false/],
    [{ at: '25:00' }, `${POINTER}/at`, /HH:MM/],
    [{ at: '9:30' }, `${POINTER}/at`, /HH:MM/],
  ];
  for (const [spec, field, message] of cases) {
    const problems = validateDeadlineSpec(spec, POINTER);
    assert.equal(problems.length, 1, JSON.stringify(spec));
    assert.equal(problems[0]?.field, field);
    assert.match(problems[0]?.message ?? '', message);
  }
});

test('a stored deadline that cannot be resolved is an invalid-deadline error', () => {
  for (const spec of [{ after: 'soon' }, { after: 'PT2H', workingDays: true }, { at: '7pm' }]) {
    assert.throws(
      () => resolveDeadline(spec, FRIDAY_3PM, DEFAULT_CALENDAR, BERLIN),
      (error: unknown) => error instanceof AppError && error.code === 'invalid_deadline',
      JSON.stringify(spec),
    );
  }
});
