import type { DateTime } from 'luxon';
import { inZone } from './zone.ts';

/**
 * An ISO 8601 duration with an optional sign (`PT72H`, `P3D`, `P1DT2H30M`, `P1W`, `-P1D`).
 * Parts are whole non-negative numbers; `sign` applies to all of them. Calendar parts (years,
 * months, weeks, days) move wall-clock dates; time parts (hours, minutes, seconds) are elapsed time.
 */
export interface Duration {
  readonly sign: 1 | -1;
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

/** The longest duration accepted: ten years of 365.25 days, so `P10Y` passes and `P3653D` does not. */
const MAX_MILLIS = 10 * 365.25 * 24 * 3_600_000;

// Whole numbers only, at most 9 digits so every part stays an exact small integer.
const PART = '(\\d{1,9})';
const ISO_DURATION = new RegExp(
  `^([+-])?P(?:${PART}Y)?(?:${PART}M)?(?:${PART}W)?(?:${PART}D)?(?:T(?:${PART}H)?(?:${PART}M)?(?:${PART}S)?)?$`,
);

const EXAMPLE = 'an ISO 8601 duration such as PT72H, P3D, P1DT2H30M or -P1D';

/** Why `text` is not an accepted duration, or the duration. */
export function readDuration(text: unknown): Duration | { readonly problem: string } {
  if (typeof text !== 'string') return { problem: `must be ${EXAMPLE}` };
  const match = ISO_DURATION.exec(text);
  if (match === null) return { problem: `must be ${EXAMPLE}` };
  // `P` and `PT` alone match the pattern with no part at all; a trailing `T` with no time part too.
  if (match.slice(2).every((part) => part === undefined) || text.endsWith('T')) {
    return { problem: `must name at least one part: ${EXAMPLE}` };
  }
  const part = (index: number): number => Number(match[index] ?? 0);
  const duration: Duration = {
    sign: match[1] === '-' ? -1 : 1,
    years: part(2),
    months: part(3),
    weeks: part(4),
    days: part(5),
    hours: part(6),
    minutes: part(7),
    seconds: part(8),
  };
  if (approximateMillis(duration) > MAX_MILLIS) return { problem: 'must not be longer than 10 years' };
  return duration;
}

/** The duration, or undefined when `text` is not one (or is longer than 10 years). */
export function parseDuration(text: unknown): Duration | undefined {
  const result = readDuration(text);
  return 'problem' in result ? undefined : result;
}

/** Whether the duration moves dates (years, months, weeks or days). */
export function hasCalendarPart(duration: Duration): boolean {
  return duration.years + duration.months + duration.weeks + duration.days > 0;
}

/** Hours, minutes and seconds as milliseconds, unsigned. */
export function timePartMillis(duration: Duration): number {
  return ((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * 1000;
}

/**
 * `instant` moved by `duration` in `timeZone`: calendar parts in wall-clock time (P1D across a DST
 * change keeps 10:00 at 10:00; a wall-clock time that does not exist that day moves forward), then
 * time parts as elapsed time (PT24H across the same change ends at 09:00 or 11:00).
 */
export function addDuration(instant: Date, duration: Duration, timeZone: string): Date {
  return shiftZoned(inZone(instant, timeZone), duration).toJSDate();
}

/** The luxon form of `addDuration`, for callers that already hold a zoned DateTime. */
export function shiftZoned(start: DateTime, duration: Duration): DateTime {
  const { sign } = duration;
  // One `plus` call: luxon applies calendar units in local time, then adds the time units as
  // milliseconds, which is exactly the split promised above.
  return start.plus({
    years: sign * duration.years,
    months: sign * duration.months,
    weeks: sign * duration.weeks,
    days: sign * duration.days,
    hours: sign * duration.hours,
    minutes: sign * duration.minutes,
    seconds: sign * duration.seconds,
  });
}

/** Only for the 10-year limit: months of 30.44 days, years of 365.25 days. */
function approximateMillis(duration: Duration): number {
  const days = duration.years * 365.25 + duration.months * 30.44 + duration.weeks * 7 + duration.days;
  return days * 86_400_000 + timePartMillis(duration);
}
