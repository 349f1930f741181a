import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../errors.ts';
import type { UserCalendar } from '../user.ts';
import { DEFAULT_CALENDAR } from '../user.ts';
import { parseDuration } from './duration.ts';
import {
  addWorkingDays,
  addWorkingTime,
  isWorkingMoment,
  nextWorkingMoment,
  validateCalendar,
} from './working-calendar.ts';

const BERLIN = 'Europe/Berlin';
/** Monday to Friday, 09:00–18:00. */
const OFFICE = DEFAULT_CALENDAR;

const at = (iso: string): Date => new Date(iso);
const same = (actual: Date, expectedIso: string): void =>
  assert.equal(actual.toISOString(), new Date(expectedIso).toISOString());
const addWorking = (start: string, duration: string, calendar: UserCalendar = OFFICE, zone = BERLIN): Date =>
  addWorkingTime(at(start), parseDuration(duration)!, calendar, zone);
const failsWith = (code: string) => (error: unknown) => error instanceof AppError && error.code === code;

test('accepts the default calendar and a round-the-clock one', () => {
  assert.equal(validateCalendar(OFFICE), undefined);
  assert.equal(
    validateCalendar({
      weekDays: [1, 2, 3, 4, 5, 6, 7],
      hours: { start: '00:00', end: '24:00' },
      holidays: [],
    }),
    undefined,
  );
});

test('refuses a calendar with no working days, bad hours or bad holidays', () => {
  const bad: [UserCalendar, RegExp][] = [
    [{ ...OFFICE, weekDays: [] }, /no working week days/],
    [{ ...OFFICE, weekDays: [1, 8] }, /week day 8/],
    [{ ...OFFICE, hours: { start: '18:00', end: '09:00' } }, /must be before/],
    [{ ...OFFICE, hours: { start: '09:00', end: '09:00' } }, /must be before/],
    [{ ...OFFICE, hours: { start: '9:00', end: '18:00' } }, /hours.start/],
    [{ ...OFFICE, hours: { start: '09:00', end: '24:30' } }, /hours.end/],
    [{ ...OFFICE, holidays: ['2025-02-30'] }, /holiday "2025-02-30"/],
    [{ ...OFFICE, holidays: ['1 May'] }, /holiday "1 May"/],
  ];
  for (const [calendar, message] of bad) assert.match(validateCalendar(calendar) ?? '', message);
});

test('working functions refuse an unusable calendar', () => {
  assert.throws(
    () => isWorkingMoment(at('2025-01-06T10:00:00+01:00'), { ...OFFICE, weekDays: [] }, BERLIN),
    failsWith('invalid_calendar'),
  );
});

test('working hours include their start and exclude their end', () => {
  assert.equal(isWorkingMoment(at('2025-01-06T09:00:00+01:00'), OFFICE, BERLIN), true);
  assert.equal(isWorkingMoment(at('2025-01-06T17:59:59+01:00'), OFFICE, BERLIN), true);
  assert.equal(isWorkingMoment(at('2025-01-06T18:00:00+01:00'), OFFICE, BERLIN), false);
  assert.equal(isWorkingMoment(at('2025-01-06T08:59:00+01:00'), OFFICE, BERLIN), false);
});

test('week-ends and holidays are not working time', () => {
  assert.equal(isWorkingMoment(at('2025-01-11T10:00:00+01:00'), OFFICE, BERLIN), false);
  const withHoliday = { ...OFFICE, holidays: ['2025-01-06'] };
  assert.equal(isWorkingMoment(at('2025-01-06T10:00:00+01:00'), withHoliday, BERLIN), false);
});

test('working time is read in the user zone, not in UTC', () => {
  // 08:30 UTC on a Monday is 14:00 in Kolkata (working) and 03:30 in New York (not).
  const instant = at('2025-01-06T08:30:00Z');
  assert.equal(isWorkingMoment(instant, OFFICE, 'Asia/Kolkata'), true);
  assert.equal(isWorkingMoment(instant, OFFICE, 'America/New_York'), false);
});

test('the next working moment of a working moment is itself', () => {
  same(nextWorkingMoment(at('2025-01-08T11:15:00+01:00'), OFFICE, BERLIN), '2025-01-08T11:15:00+01:00');
});

test('before opening the next working moment is the same day opening', () => {
  same(nextWorkingMoment(at('2025-01-08T06:00:00+01:00'), OFFICE, BERLIN), '2025-01-08T09:00:00+01:00');
});

test('on a Friday evening the next working moment is Monday opening', () => {
  same(nextWorkingMoment(at('2025-01-10T19:00:00+01:00'), OFFICE, BERLIN), '2025-01-13T09:00:00+01:00');
});

test('the next working moment skips holidays', () => {
  const calendar = { ...OFFICE, holidays: ['2025-01-13', '2025-01-14'] };
  same(nextWorkingMoment(at('2025-01-10T19:00:00+01:00'), calendar, BERLIN), '2025-01-15T09:00:00+01:00');
});

test('the next working moment after the spring change opens at local 09:00', () => {
  same(nextWorkingMoment(at('2025-03-28T19:00:00+01:00'), OFFICE, BERLIN), '2025-03-31T09:00:00+02:00');
});

test('gives up with an error when a year has no working time', () => {
  const holidays = Array.from({ length: 400 }, (_, day) =>
    new Date(Date.UTC(2025, 0, 1 + day)).toISOString().slice(0, 10),
  );
  assert.throws(
    () => nextWorkingMoment(at('2025-01-01T10:00:00+01:00'), { ...OFFICE, holidays }, BERLIN),
    failsWith('calendar_no_working_time'),
  );
  assert.throws(() => addWorking('2025-01-01T10:00:00+01:00', 'P1D', { ...OFFICE, holidays }), AppError);
});

test('working hours carry over a week-end: Friday 17:00 + PT2H is Monday 10:00', () => {
  same(addWorking('2025-01-10T17:00:00+01:00', 'PT2H'), '2025-01-13T10:00:00+01:00');
});

test('working hours inside one day stay on that day', () => {
  same(addWorking('2025-01-08T10:00:00+01:00', 'PT3H30M'), '2025-01-08T13:30:00+01:00');
});

test('working time ending at closing lands on the next opening', () => {
  same(addWorking('2025-01-10T17:00:00+01:00', 'PT1H'), '2025-01-13T09:00:00+01:00');
});

test('working hours count from the next opening when started outside working time', () => {
  same(addWorking('2025-01-11T12:00:00+01:00', 'PT2H'), '2025-01-13T11:00:00+01:00');
});

test('working hours span several days', () => {
  // 20 working hours from Monday 10:00: 8 on Monday, 9 on Tuesday, 3 on Wednesday.
  same(addWorking('2025-01-06T10:00:00+01:00', 'PT20H'), '2025-01-08T12:00:00+01:00');
});

test('working hours skip holidays', () => {
  const calendar = { ...OFFICE, holidays: ['2025-01-13'] };
  same(addWorking('2025-01-10T17:00:00+01:00', 'PT2H', calendar), '2025-01-14T10:00:00+01:00');
});

test('working hours across the spring change count local hours', () => {
  same(addWorking('2025-03-28T17:00:00+01:00', 'PT2H'), '2025-03-31T10:00:00+02:00');
});

test('working hours across the autumn change count local hours', () => {
  same(addWorking('2025-10-24T17:00:00+02:00', 'PT2H'), '2025-10-27T10:00:00+01:00');
});

test('hours that span the spring gap give one working hour less that night', () => {
  // Every day 00:00–06:00: on 30 March 2025 02:00–03:00 does not exist, so that night is 5 hours.
  const night: UserCalendar = {
    weekDays: [1, 2, 3, 4, 5, 6, 7],
    hours: { start: '00:00', end: '06:00' },
    holidays: [],
  };
  same(addWorking('2025-03-29T05:00:00+01:00', 'PT3H', night), '2025-03-30T03:00:00+02:00');
  same(addWorking('2025-03-29T05:00:00+01:00', 'PT6H', night), '2025-03-31T00:00:00+02:00');
});

test('working days keep the wall-clock time and skip the week-end', () => {
  same(addWorking('2025-01-10T15:00:00+01:00', 'P1D'), '2025-01-13T15:00:00+01:00');
  same(addWorking('2025-01-08T15:00:00+01:00', 'P3D'), '2025-01-13T15:00:00+01:00');
});

test('working days keep the wall-clock time across the spring change', () => {
  same(addWorking('2025-03-28T10:00:00+01:00', 'P1D'), '2025-03-31T10:00:00+02:00');
});

test('working days skip holidays', () => {
  const calendar = { ...OFFICE, holidays: ['2025-01-13'] };
  same(addWorking('2025-01-10T15:00:00+01:00', 'P1D', calendar), '2025-01-14T15:00:00+01:00');
});

test('a working week is as many working days as the calendar has per week', () => {
  same(addWorking('2025-01-06T10:00:00+01:00', 'P1W'), '2025-01-13T10:00:00+01:00');
  const calendar = { ...OFFICE, holidays: ['2025-01-08'] };
  same(addWorking('2025-01-06T10:00:00+01:00', 'P1W', calendar), '2025-01-14T10:00:00+01:00');
});

test('working days then working hours: Friday 17:00 + P1DT2H is Tuesday 10:00', () => {
  same(addWorking('2025-01-10T17:00:00+01:00', 'P1DT2H'), '2025-01-14T10:00:00+01:00');
});

test('working time follows the half-hour offset of Asia/Kolkata', () => {
  same(addWorking('2025-01-10T17:00:00+05:30', 'PT2H', OFFICE, 'Asia/Kolkata'), '2025-01-13T10:00:00+05:30');
});

test('working time cannot be counted backwards', () => {
  assert.throws(() => addWorking('2025-01-10T17:00:00+01:00', '-PT2H'), failsWith('negative_working_time'));
});

test('working days from a date keep the time and land on working days', () => {
  const saturday = at('2025-01-11T20:00:00+01:00');
  same(addWorkingDays(saturday, 1, OFFICE, BERLIN), '2025-01-13T20:00:00+01:00');
  same(addWorkingDays(saturday, 0, OFFICE, BERLIN), '2025-01-13T20:00:00+01:00');
  same(addWorkingDays(at('2025-01-10T20:00:00+01:00'), 0, OFFICE, BERLIN), '2025-01-10T20:00:00+01:00');
  same(addWorkingDays(at('2025-01-10T20:00:00+01:00'), 2, OFFICE, BERLIN), '2025-01-14T20:00:00+01:00');
});

test('working days cannot be counted backwards or in fractions', () => {
  for (const count of [-1, 1.5]) {
    assert.throws(
      () => addWorkingDays(at('2025-01-10T20:00:00+01:00'), count, OFFICE, BERLIN),
      failsWith('invalid_working_days'),
    );
  }
});
