import { DateTime } from 'luxon';
import { AppError } from '../errors.ts';

/**
 * `instant` as wall-clock time in an IANA zone. All calendar arithmetic of timing/ goes through
 * luxon DateTimes made here, so DST gaps and overlaps are resolved by luxon, never by hand.
 */
export function inZone(instant: Date, timeZone: string): DateTime<true> {
  const zoned = DateTime.fromJSDate(instant, { zone: timeZone });
  if (!zoned.isValid) {
    if (zoned.invalidReason === 'unsupported zone') throw invalidTimeZone(timeZone);
    throw new AppError('invalid_instant', 'invalid', `Not a valid instant: ${String(instant)}`, {
      retryable: false,
    });
  }
  return zoned;
}

export function invalidTimeZone(timeZone: string): AppError {
  return new AppError('invalid_time_zone', 'invalid', `"${timeZone}" is not a known IANA time zone`, {
    details: { timeZone },
    retryable: false,
  });
}

const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** "HH:MM" (00:00–23:59) as minutes after midnight; "24:00" only when `allowEndOfDay`. */
export function parseClockTime(text: unknown, allowEndOfDay = false): number | undefined {
  if (typeof text !== 'string') return undefined;
  if (allowEndOfDay && text === '24:00') return 24 * 60;
  const match = CLOCK_TIME.exec(text);
  if (match === null) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}
