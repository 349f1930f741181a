import { type RawBuilder, sql } from 'kysely';

/**
 * Conversions between stored column values and domain values that differ between SQLite and
 * PostgreSQL. Repositories call these; nothing else needs to know the difference.
 */
export function fromJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  if (typeof value === 'string') return JSON.parse(value) as T;
  return value as T;
}

/** JSON columns are written as text on both databases (jsonb accepts a JSON text parameter). */
export const toJson = (value: unknown): string => JSON.stringify(value);

export const fromBool = (value: number | boolean): boolean => value === true || value === 1;

/** Timestamps are written and compared as ISO 8601 UTC strings with milliseconds. */
export const toTimestamp = (date: Date): string => date.toISOString();

/**
 * `column` contains `text`, ignoring letter case (also outside ASCII: SQLite's lower() is
 * replaced in sqlite-database.ts). LIKE wildcards typed by a user match themselves.
 */
export function containsIgnoringCase(column: string, text: string): RawBuilder<boolean> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, '\\$&')}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}
