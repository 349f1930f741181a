/**
 * Calendar days in a time zone, through Intl only: the day an instant falls on, and the instant a
 * day starts at. The browser may sit in another zone than the user's settings say.
 */

const dayFormats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dayFormats.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    dayFormats.set(timeZone, format);
  }
  return format;
}

function wallClock(instant: number, timeZone: string): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const part of dayFormat(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts;
}

/** "2026-12-02": the day `instant` falls on in `timeZone`. */
export function dayOf(instant: Date | string | number, timeZone: string): string {
  const { year, month, day } = wallClock(new Date(instant).getTime(), timeZone);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** How far `timeZone` is ahead of UTC at `instant`, in milliseconds. */
function offsetAt(instant: number, timeZone: string): number {
  const p = wallClock(instant, timeZone);
  const asUtc = Date.UTC(
    p['year'] ?? 0,
    (p['month'] ?? 1) - 1,
    p['day'] ?? 1,
    p['hour'] ?? 0,
    p['minute'] ?? 0,
    p['second'] ?? 0,
  );
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant `day` ("2026-12-02") starts at in `timeZone`, as an ISO string. */
export function startOfDay(day: string, timeZone: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(year, month - 1, date);
  let instant = guess - offsetAt(guess, timeZone);
  // Once more: the offset at the guessed instant may differ from the one at the day's start (DST).
  instant = guess - offsetAt(instant, timeZone);
  return new Date(instant).toISOString();
}

/** The day `days` after `day` on the calendar (before it when negative). */
export function shiftDay(day: string, days: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + days)).toISOString().slice(0, 10);
}

/** The day after `day`, on the calendar. */
export function nextDay(day: string): string {
  return shiftDay(day, 1);
}
