import {
  type CodeOfKind,
  ERROR_CATALOGUE,
  type ErrorCode,
  type KindOf,
  type NotFoundResource,
} from './error-catalogue.ts';

export type { CodeOfKind, ErrorCode, NotFoundResource } from './error-catalogue.ts';

/**
 * What went wrong, in the engine's words. The engine never knows HTTP statuses: `api/` maps a
 * kind to a status and a problem document in one table.
 */
export const ERROR_KINDS = [
  'not_found',
  'conflict',
  'invalid',
  'forbidden',
  'unauthorized',
  'guard_refused',
  'too_large',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** One problem with one input field, named by its JSON pointer (`/stages/0/name`). */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export interface AppErrorOptions {
  readonly cause?: unknown;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly fields?: readonly FieldProblem[];
  /** Whether repeating the same operation may succeed. Default: the catalogue's `retryable` of the code. */
  readonly retryable?: boolean;
}

// Named AppError, so stack traces and log serializers (which read constructor.name) say AppError.
const AppErrorClass = class AppError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  readonly fields: readonly FieldProblem[];
  readonly retryable: boolean;

  constructor(code: ErrorCode, kind: ErrorKind, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.kind = kind;
    this.details = options.details;
    this.fields = options.fields ?? [];
    this.retryable = options.retryable ?? ERROR_CATALOGUE[code].retryable;
  }
};
export type AppError = InstanceType<typeof AppErrorClass>;

/**
 * One error type for the whole product. Its code must be in ERROR_CATALOGUE and its kind the one
 * the catalogue gives that code: the checker refuses anything else. A class constructor cannot
 * take a type parameter, so the checked constructor is written as a signature over the class;
 * `instanceof AppError` and the type `AppError` work as for any class.
 */
export const AppError: {
  new <C extends ErrorCode>(
    code: C,
    kind: NoInfer<KindOf<C>>,
    message: string,
    options?: AppErrorOptions,
  ): AppError;
  readonly prototype: AppError;
} = AppErrorClass;

export const notFound = (resource: NotFoundResource, id: string): AppError =>
  new AppError(`${resource}_not_found`, 'not_found', `${capitalize(resource)} ${id} does not exist`, {
    details: { resource, id },
  });

export const invalid = (
  field: string,
  message: string,
  code: CodeOfKind<'invalid'> = 'invalid_input',
): AppError => new AppError(code, 'invalid', `${field}: ${message}`, { fields: [{ field, message }] });

export const conflict = (
  code: CodeOfKind<'conflict'>,
  message: string,
  details?: Record<string, unknown>,
): AppError => new AppError(code, 'conflict', message, details === undefined ? {} : { details });

export const staleVersion = (resource: string, id: string, expected: number, actual: number): AppError =>
  conflict(
    'stale_version',
    `${capitalize(resource)} ${id} is at version ${actual}, not ${expected}; reload it and try again`,
    { resource, id, expectedVersion: expected, currentVersion: actual },
  );

export const forbidden = (message: string): AppError => new AppError('forbidden', 'forbidden', message);

export const unauthorized = (message: string): AppError =>
  new AppError('unauthorized', 'unauthorized', message);

/**
 * A dependency (the database) cannot answer now; the same request may succeed shortly, so it is
 * always retryable and the API answers 503 with `Retry-After`.
 */
export const unavailable = (code: CodeOfKind<'unavailable'>, message: string, cause?: unknown): AppError =>
  new AppError(code, 'unavailable', message, { cause, retryable: true });

/** Anything caught at a boundary goes through here, so callers only ever see an AppError. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof Error) {
    return new AppError('internal_error', 'internal', 'An internal error occurred', { cause: error });
  }
  return new AppError('internal_error', 'internal', 'An internal error occurred', {
    cause: new Error(String(error)),
  });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
