import { AppError, unavailable } from '../domain/errors.ts';

/**
 * Constraint violations become domain errors, so a duplicate email or a reference to a missing
 * row answers 409 or 400 instead of 500. The race-free way to enforce uniqueness is the
 * constraint itself; this only gives its failure a name.
 */
export function fromDatabaseError(error: unknown): AppError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if (isConnectionError(error)) {
    return unavailable('database_unavailable', 'The database cannot be reached; try again shortly', error);
  }
  const { code, errcode, message, detail, constraint } = error as Record<string, unknown>;
  // SQLite's lock past busy_timeout, and PostgreSQL's transaction rollback class (a serialization
  // failure, a deadlock): nothing in the request is wrong, and the same request again succeeds.
  if (isSqliteBusy(error) || (typeof code === 'string' && code.startsWith('40'))) {
    return unavailable('database_busy', 'The database is busy; try again shortly', error);
  }
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
 * and deadlocks (class 40), a lost or refused connection, SQLite's busy and locked.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code } = error as Record<string, unknown>;
  if (typeof code === 'string' && code.startsWith('40')) return true;
  return isConnectionError(error) || isSqliteBusy(error);
}

/** PostgreSQL SQLSTATEs of a connection that broke or cannot be had now. */
const CONNECTION_STATES = /^(08...|57P0[123]|53300)$/;
/** Socket errors on the way to the database. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/** What the `pg` driver and its pool say, without a code, when a connection broke or timed out. */
const DRIVER_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error|Client was closed and is not queryable|The database did not answer)/;

/**
 * The connection class: the database went away, refuses connections, or did not answer in time.
 * Nothing about the request is wrong, so callers answer "unavailable, try again" (HTTP 503) and
 * background loops back off and go on. Causes are followed, as the pool wraps its timeouts.
 */
export function isConnectionError(error: unknown): boolean {
  for (let current = error, depth = 0; depth < 5; depth += 1) {
    if (typeof current !== 'object' || current === null) return false;
    const { code, message, cause } = current as Record<string, unknown>;
    if (typeof code === 'string' && (CONNECTION_STATES.test(code) || SOCKET_CODES.has(code))) return true;
    if (typeof message === 'string' && DRIVER_MESSAGES.test(message)) return true;
    current = cause;
  }
  return false;
}

/** SQLite's SQLITE_BUSY and SQLITE_LOCKED (with their extended codes), past busy_timeout. */
function isSqliteBusy(error: object): boolean {
  const { errcode } = error as Record<string, unknown>;
  return typeof errcode === 'number' && ((errcode & 0xff) === 5 || (errcode & 0xff) === 6);
}
