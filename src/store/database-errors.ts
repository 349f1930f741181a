import { AppError } from '../domain/errors.ts';

/**
 * Constraint violations become domain errors, so a duplicate email or a reference to a missing
 * row answers 409 or 400 instead of 500. The race-free way to enforce uniqueness is the
 * constraint itself; this only gives its failure a name.
 */
export function fromDatabaseError(error: unknown): AppError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errcode, message, detail, constraint } = error as Record<string, unknown>;
  const text = typeof message === 'string' ? message : '';
  // PostgreSQL: SQLSTATE codes. SQLite (node:sqlite): extended result codes.
  if (code === '23505' || errcode === 2067 || errcode === 1555) {
    return new AppError(
      'duplicate',
      'conflict',
      `A record with the same unique value exists (${describe(detail, constraint, text)})`,
      {
        cause: error,
      },
    );
  }
  if (code === '23503' || errcode === 787) {
    return new AppError(
      'reference_violation',
      'conflict',
      `The change would break a reference between records (${describe(detail, constraint, text)})`,
      { cause: error },
    );
  }
  return undefined;
}

function describe(detail: unknown, constraint: unknown, message: string): string {
  if (typeof detail === 'string') return detail;
  if (typeof constraint === 'string') return constraint;
  return message;
}

/**
 * The database's passing trouble, which trying again may mend: PostgreSQL serialization failures
 * and deadlocks (class 40), lost connections (class 08, admin shutdown), SQLite's busy and locked.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, errcode } = error as Record<string, unknown>;
  if (
    typeof code === 'string' &&
    (/^(40|08)/.test(code) || code === '57P01' || code === 'ECONNRESET' || code === 'ECONNREFUSED')
  ) {
    return true;
  }
  return errcode === 5 || errcode === 6;
}
