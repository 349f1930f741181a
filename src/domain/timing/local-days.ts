import { inZone } from './zone.ts';

/** One calendar day in a time zone, as the instants it starts and ends at (end excluded). */
export interface LocalDay {
  /** The date in the zone, YYYY-MM-DD. */
  readonly day: string;
  readonly start: Date;
  readonly end: Date;
}

/**
 * The last `count` calendar days in `timeZone` up to and including the one `now` falls in, oldest
 * first. A day is not always 24 hours (DST): its bounds are local midnights, resolved by luxon.
 */
export function lastLocalDays(now: Date, count: number, timeZone: string): LocalDay[] {
  const today = inZone(now, timeZone).startOf('day');
  const days: LocalDay[] = [];
  for (let back = count - 1; back >= 0; back -= 1) {
    const start = today.minus({ days: back });
    days.push({ day: start.toISODate(), start: start.toJSDate(), end: start.plus({ days: 1 }).toJSDate() });
  }
  return days;
}
