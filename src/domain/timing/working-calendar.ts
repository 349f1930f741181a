import { DateTime } from 'luxon';
import { AppError } from '../errors.ts';
import type { UserCalendar } from '../user.ts';
import type { Duration } from './duration.ts';
import { hasCalendarPart, timePartMillis } from './duration.ts';
import { inZone, parseClockTime } from './zone.ts';

/**
 * Working time of a user's calendar: working week days that are not holidays, between
 * `hours.start` (included) and `hours.end` (excluded), all in the user's time zone. Wall-clock
 * windows are built by luxon each day, so a DST change shortens or lengthens only the hours it
 * really touches.
 */

/** How far ahead a search for working time may look before the calendar is declared unusable. */
export const MAX_SEARCH_DAYS = 366;
/** Days a single `addWorkingTime` may walk through; a 10-year duration needs a few thousand. */
const MAX_WALK_DAYS = 100_000;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Why the calendar cannot be used, or undefined when it can. */
export function validateCalendar(calendar: UserCalendar): string | undefined {
  const { weekDays, hours, holidays } = calendar;
  if (!Array.isArray(weekDays) || weekDays.length === 0) return 'the calendar has no working week days';
  const badDay = weekDays.find((day) => !Number.isInteger(day) || day < 1 || day > 7);
  if (badDay !== undefined) return `week day ${String(badDay)} is not 1 (Monday) to 7 (Sunday)`;
  const start = parseClockTime(hours?.start);
  const end = parseClockTime(hours?.end, true);
  if (start === undefined) return `hours.start "${String(hours?.start)}" is not a time HH:MM`;
  if (end === undefined) return `hours.end "${String(hours?.end)}" is not a time HH:MM (or 24:00)`;
  if (start >= end) return `hours.start ${hours.start} must be before hours.end ${hours.end}`;
  if (!Array.isArray(holidays)) return 'holidays must be a list of dates YYYY-MM-DD';
  const badHoliday = holidays.find(
    (date) => typeof date !== 'string' || !ISO_DATE.test(date) || !DateTime.fromISO(date).isValid,
  );
  if (badHoliday !== undefined) return `holiday "${String(badHoliday)}" is not a date YYYY-MM-DD`;
  return undefined;
}

/** Whether `instant` falls in working time. */
export function isWorkingMoment(instant: Date, calendar: UserCalendar, timeZone: string): boolean {
  const rules = compile(calendar);
  const zoned = inZone(instant, timeZone);
  const window = windowOf(zoned, rules);
  return window !== undefined && zoned >= window.start && zoned < window.end;
}

/** `instant` itself when it is working time, else the start of the next working period. */
export function nextWorkingMoment(instant: Date, calendar: UserCalendar, timeZone: string): Date {
  return nextWorking(inZone(instant, timeZone), compile(calendar)).toJSDate();
}

/**
 * `start` moved by `duration` counting only working time. Counting begins at the next working
 * moment. Years and months move the date as on a wall calendar; days and weeks count working days
 * (a week is as many working days as the calendar has per week) keeping the wall-clock time; hours,
 * minutes and seconds count only time inside working hours. The result is always working time, so
 * a period that ends exactly at the close of a day lands on the next day's opening.
 */
export function addWorkingTime(
  start: Date,
  duration: Duration,
  calendar: UserCalendar,
  timeZone: string,
): Date {
  const rules = compile(calendar);
  if (duration.sign === -1 && (hasCalendarPart(duration) || timePartMillis(duration) > 0)) {
    throw new AppError('negative_working_time', 'invalid', 'Working time can only be counted forwards', {
      retryable: false,
    });
  }
  let at = nextWorking(inZone(start, timeZone), rules);
  if (duration.years > 0 || duration.months > 0) {
    at = nextWorking(at.plus({ years: duration.years, months: duration.months }), rules);
  }
  const workingDays = duration.days + duration.weeks * rules.weekDays.size;
  for (let day = 0; day < workingDays; day += 1) {
    const next = workingDayAfter(at, 1, rules);
    const sameTime = next.set({
      hour: at.hour,
      minute: at.minute,
      second: at.second,
      millisecond: at.millisecond,
    });
    // `at` was working time, so the same wall-clock time is too, unless DST moved the window.
    at = nextWorking(sameTime, rules);
  }
  return addWorkingMillis(at, timePartMillis(duration), rules).toJSDate();
}

/**
 * The same wall-clock time on the `count`-th working day after the date of `instant` (count 0:
 * that date when it is a working day, else the next one). Working hours are not looked at, so
 * "the next working day at 20:00" stays at 20:00.
 */
export function addWorkingDays(instant: Date, count: number, calendar: UserCalendar, timeZone: string): Date {
  const rules = compile(calendar);
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new AppError('invalid_working_days', 'invalid', `Cannot count ${count} working days`, {
      retryable: false,
    });
  }
  const zoned = inZone(instant, timeZone);
  const day = workingDayAfter(zoned, count, rules);
  return day
    .set({ hour: zoned.hour, minute: zoned.minute, second: zoned.second, millisecond: zoned.millisecond })
    .toJSDate();
}

interface CalendarRules {
  readonly weekDays: ReadonlySet<number>;
  /** Minutes after midnight; `end` may be 1440 (24:00). */
  readonly start: number;
  readonly end: number;
  readonly holidays: ReadonlySet<string>;
}

interface Window {
  readonly start: DateTime;
  readonly end: DateTime;
}

function compile(calendar: UserCalendar): CalendarRules {
  const problem = validateCalendar(calendar);
  if (problem !== undefined) {
    throw new AppError('invalid_calendar', 'invalid', `The working calendar cannot be used: ${problem}`, {
      retryable: false,
    });
  }
  return {
    weekDays: new Set(calendar.weekDays),
    start: parseClockTime(calendar.hours.start)!,
    end: parseClockTime(calendar.hours.end, true)!,
    holidays: new Set(calendar.holidays),
  };
}

function isWorkingDay(day: DateTime, rules: CalendarRules): boolean {
  return rules.weekDays.has(day.weekday) && !rules.holidays.has(day.toISODate() ?? '');
}

/** The working window of the local date of `day`, or undefined when that date has none. */
function windowOf(day: DateTime, rules: CalendarRules): Window | undefined {
  if (!isWorkingDay(day, rules)) return undefined;
  const start = atMinute(day, rules.start);
  const end = atMinute(day, rules.end);
  // A DST gap inside the hours can swallow a very short window.
  return start < end ? { start, end } : undefined;
}

function atMinute(day: DateTime, minutes: number): DateTime {
  const midnight = day.startOf('day');
  if (minutes === 24 * 60) return midnight.plus({ days: 1 });
  return midnight.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 });
}

function nextWorking(zoned: DateTime, rules: CalendarRules): DateTime {
  for (let offset = 0; offset <= MAX_SEARCH_DAYS; offset += 1) {
    const window = windowOf(offset === 0 ? zoned : zoned.startOf('day').plus({ days: offset }), rules);
    if (window === undefined) continue;
    if (zoned < window.start) return window.start;
    if (zoned < window.end) return zoned;
  }
  throw noWorkingTime(zoned);
}

/** Start of the `count`-th working date after the date of `zoned` (0: that date or the next). */
function workingDayAfter(zoned: DateTime, count: number, rules: CalendarRules): DateTime {
  let day = zoned.startOf('day');
  let remaining = count;
  let searched = 0;
  if (remaining === 0) remaining = isWorkingDay(day, rules) ? 0 : 1;
  while (remaining > 0) {
    day = day.plus({ days: 1 });
    searched += 1;
    if (isWorkingDay(day, rules)) {
      remaining -= 1;
      searched = 0;
    } else if (searched > MAX_SEARCH_DAYS) {
      throw noWorkingTime(zoned);
    }
  }
  return day;
}

/** Adds `millis` of working time to a moment that is already working time. */
function addWorkingMillis(from: DateTime, millis: number, rules: CalendarRules): DateTime {
  let at = from;
  let remaining = millis;
  for (let walked = 0; walked < MAX_WALK_DAYS; walked += 1) {
    at = nextWorking(at, rules);
    if (remaining === 0) return at;
    const window = windowOf(at, rules)!;
    const available = window.end.toMillis() - at.toMillis();
    if (remaining < available) return at.plus({ milliseconds: remaining });
    remaining -= available;
    at = window.end;
  }
  throw noWorkingTime(from);
}

function noWorkingTime(from: DateTime): AppError {
  return new AppError(
    'calendar_no_working_time',
    'invalid',
    `The working calendar has no working time within ${MAX_SEARCH_DAYS} days after ${from.toISO() ?? ''}`,
    { retryable: false },
  );
}
