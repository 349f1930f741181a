import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stepDueAt } from './approval.ts';
import { DEFAULT_CALENDAR } from './user.ts';

/** Friday 2026-03-06 16:00 in Berlin (UTC+1 in March). */
const FRIDAY_4PM_BERLIN = new Date('2026-03-06T15:00:00.000Z');
const berlinOffice = { calendar: DEFAULT_CALENDAR, timeZone: 'Europe/Berlin' };
const eightHours = { deadlineMinutes: 480, deadlineInWorkingTime: true };

test('a step of 8 working hours asked on Friday 16:00 falls due on Monday 15:00 of a Mon–Fri 9–18 calendar', () => {
  // Two hours are left on Friday (16:00–18:00); the other six run from Monday 09:00.
  assert.equal(stepDueAt(eightHours, FRIDAY_4PM_BERLIN, berlinOffice), '2026-03-09T14:00:00.000Z');
});

test("working time is counted in the approver's own time zone and hours", () => {
  const tokyo = {
    calendar: { weekDays: [1, 2, 3, 4, 5], hours: { start: '10:00', end: '15:00' }, holidays: [] },
    timeZone: 'Asia/Tokyo',
  };
  // Friday 16:00 in Berlin is Saturday 00:00 in Tokyo: counting starts Monday 10:00 there,
  // five hours on Monday and three on Tuesday.
  assert.equal(stepDueAt(eightHours, FRIDAY_4PM_BERLIN, tokyo), '2026-03-10T04:00:00.000Z');
});

test('a holiday of the approver does not count', () => {
  const withHoliday = { ...berlinOffice, calendar: { ...DEFAULT_CALENDAR, holidays: ['2026-03-09'] } };
  assert.equal(stepDueAt(eightHours, FRIDAY_4PM_BERLIN, withHoliday), '2026-03-10T14:00:00.000Z');
});

test('without working time the minutes are wall-clock minutes, whoever approves', () => {
  const wallClock = { deadlineMinutes: 480, deadlineInWorkingTime: false };
  assert.equal(stepDueAt(wallClock, FRIDAY_4PM_BERLIN, berlinOffice), '2026-03-06T23:00:00.000Z');
});

test('no deadline minutes, no deadline, in working time or not', () => {
  assert.equal(
    stepDueAt({ deadlineMinutes: null, deadlineInWorkingTime: true }, FRIDAY_4PM_BERLIN, berlinOffice),
    null,
  );
});

test('an approver no longer known counts in the default calendar in UTC', () => {
  // Friday 17:30 UTC: half an hour left on Friday, seven and a half from Monday 09:00 UTC (in
  // Berlin it would be 18:30, after hours: Monday 09:00–17:00 there, 16:00 UTC).
  const friday = new Date('2026-03-06T17:30:00.000Z');
  assert.equal(stepDueAt(eightHours, friday, undefined), '2026-03-09T16:30:00.000Z');
  assert.equal(stepDueAt(eightHours, friday, berlinOffice), '2026-03-09T16:00:00.000Z');
});

test("an approver's calendar that cannot be used counts in the default calendar, in their zone", () => {
  const noDays = { ...berlinOffice, calendar: { ...DEFAULT_CALENDAR, weekDays: [] } };
  assert.equal(stepDueAt(eightHours, FRIDAY_4PM_BERLIN, noDays), '2026-03-09T14:00:00.000Z');
  // Monday is the only working day, and every Monday of more than a year ahead a holiday.
  const mondays = Array.from({ length: 60 }, (_, week) =>
    new Date(Date.UTC(2026, 2, 9 + week * 7)).toISOString().slice(0, 10),
  );
  const noTime = { ...berlinOffice, calendar: { ...DEFAULT_CALENDAR, weekDays: [1], holidays: mondays } };
  assert.equal(stepDueAt(eightHours, FRIDAY_4PM_BERLIN, noTime), '2026-03-09T14:00:00.000Z');
});
