import { DateTime } from 'luxon';
import { inZone } from './zone.ts';

const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;

/**
 * The instant a date fact stands for: a Date, an ISO date-time (`2025-03-10T10:00:00Z`; without an
 * offset it is wall-clock time in `timeZone`), or a plain date (`2025-03-10`, meaning 00:00 of that
 * day in `timeZone`). Undefined for empty or unreadable values, which callers treat as "not set".
 */
export function readDateValue(value: unknown, timeZone: string): Date | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : new Date(value.getTime());
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!PLAIN_DATE.test(text) && !DATE_TIME.test(text)) return undefined;
  // Validates the zone first, so an unknown zone is an error and not a silently empty field.
  inZone(new Date(0), timeZone);
  const parsed = DateTime.fromISO(text, { zone: timeZone });
  return parsed.isValid ? parsed.toJSDate() : undefined;
}
