import { DateTime } from 'luxon';

/**
 * How condition operators see fact values: numbers compare as numbers, ISO date strings as
 * instants, lists and objects by value. The same rules serve validation (is this value a date?)
 * and evaluation, so a rule that was accepted compares the way it was checked.
 */

/** Dates are ISO 8601 strings with at least a full day; a bare year or number is not a date. */
const ISO_DATE_START = /^\d{4}-\d{2}-\d{2}(?:T|$)/;
/** Decimal text such as custom-field or form values ("150000", "-12.5"); no exponents or spaces. */
const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** Milliseconds since the epoch of an ISO date string (UTC when it names no offset). */
export function toInstant(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value !== 'string' || !ISO_DATE_START.test(value)) return undefined;
  const parsed = DateTime.fromISO(value, { zone: 'utc' });
  return parsed.isValid ? parsed.toMillis() : undefined;
}

export const isIsoDate = (value: unknown): value is string =>
  typeof value === 'string' && toInstant(value) !== undefined;

export const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/**
 * The order of two values: negative, zero or positive; undefined when they do not compare
 * (text with text, a number with a date, ...). Decimal text counts as a number next to a number,
 * because custom fields filled by forms often hold numbers as text.
 */
export function compareValues(left: unknown, right: unknown): number | undefined {
  const a = asNumber(left, right);
  const b = asNumber(right, left);
  if (a !== undefined && b !== undefined) return Math.sign(a - b);
  const ta = toInstant(left);
  const tb = toInstant(right);
  if (ta !== undefined && tb !== undefined) return Math.sign(ta - tb);
  return undefined;
}

function asNumber(value: unknown, other: unknown): number | undefined {
  if (isFiniteNumber(value)) return value;
  if (typeof value === 'string' && isFiniteNumber(other) && DECIMAL.test(value)) return Number(value);
  return undefined;
}

/** Equality by value: lists element by element in order, objects key by key. */
export function valuesEqual(left: unknown, right: unknown): boolean {
  if (Array.isArray(left) || Array.isArray(right)) {
    return (
      Array.isArray(left) &&
      Array.isArray(right) &&
      left.length === right.length &&
      left.every((element, index) => valuesEqual(element, right[index]))
    );
  }
  const order = compareValues(left, right);
  if (order !== undefined) return order === 0;
  if (isPlainObject(left) && isPlainObject(right)) {
    const keys = Object.keys(left);
    return (
      keys.length === Object.keys(right).length &&
      keys.every((key) => Object.hasOwn(right, key) && valuesEqual(left[key], right[key]))
    );
  }
  return left === right;
}

/** No value at all: the comparisons treat it as "unknown" and do not hold. */
export const isMissing = (value: unknown): value is null | undefined => value === undefined || value === null;

/** What `empty` means: undefined, null, "", [] or {}. */
export function isEmptyValue(value: unknown): boolean {
  if (isMissing(value) || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Text of a number, string or list for `contains`, `startsWith`, `endsWith` and `matches`. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isFiniteNumber(value) || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Values as the journal keeps them: scalars as they are, anything else as bounded text. */
export function keptValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 199)}…` : value;
  return describeValue(value);
}

const MAX_SHOWN = 60;

/** A value as the journal shows it: JSON, cut short. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = value instanceof Date ? value.toISOString() : (JSON.stringify(value) ?? String(value));
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}
