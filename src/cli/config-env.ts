import { isIP } from 'node:net';
import { AppError, type FieldProblem } from '../domain/errors.ts';

/** The environment variables of the process, or the ones a test hands over. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Every variable the configuration reads, in the order their problems are reported (see
 * `readConfigVariables`).
 */
export const CONFIG_VARIABLES = [
  'PORT',
  'HOST',
  'DATABASE_URL',
  'STAGEFLOW_DATA_DIR',
  'SMTP_URL',
  'LOG_LEVEL',
  'STAGEFLOW_CLOCK',
  'STAGEFLOW_JOURNAL_RETENTION_DAYS',
  'STAGEFLOW_RUN_LEASE_SECONDS',
  'STAGEFLOW_OUTBOUND_ALLOW',
  'STAGEFLOW_MAIL_FROM',
  'STAGEFLOW_PUBLIC_URL',
  'STAGEFLOW_TRUST_PROXY',
  'SMS_PROVIDER_URL',
  'SMS_PROVIDER_BODY',
  'SMS_PROVIDER_AUTH',
  'STAGEFLOW_FORM_SECRET',
  'STAGEFLOW_DEFAULT_REGION',
  'STAGEFLOW_DEFAULT_CURRENCY',
  'STAGEFLOW_DB_CONNECT_TIMEOUT_MS',
  'STAGEFLOW_DB_QUERY_TIMEOUT_MS',
  'STAGEFLOW_MAX_IN_FLIGHT',
  'STAGEFLOW_MAX_STREAMS',
  'STAGEFLOW_MAX_FILE_BYTES',
  'STAGEFLOW_PDF_CACHE_BYTES',
  'STAGEFLOW_METRICS_TOKEN',
  'STAGEFLOW_METRICS_PORT',
  'STAGEFLOW_METRICS_HOST',
  'STAGEFLOW_WEB_BUILD',
] as const;
export type ConfigVariable = (typeof CONFIG_VARIABLES)[number];

export const INVALID_CONFIGURATION = 'invalid_configuration';

/** What the readers of each part of the configuration get: values, and a place for problems. */
export interface ConfigReader {
  /** The variable's trimmed value; an empty one counts as unset. */
  readonly read: (name: ConfigVariable) => string | undefined;
  /** Records a problem naming the variable and its value as shown, and answers `fallback`. */
  readonly fail: <T>(name: ConfigVariable, shown: string, message: string, fallback: T) => T;
}

/**
 * Runs `readAll` over the environment and throws one `invalid_configuration` error listing every
 * problem it found, so one start attempt shows everything to fix. An empty variable counts as
 * unset, as container tools often pass `VAR=` for "not configured". Problems come in the order of
 * CONFIG_VARIABLES, whichever part of the configuration read them first.
 */
export function readConfigVariables<T>(env: Environment, readAll: (reader: ConfigReader) => T): T {
  const problems: FieldProblem[] = [];
  const result = readAll({
    read: (name) => {
      const value = env[name]?.trim();
      return value === undefined || value === '' ? undefined : value;
    },
    fail: (name, shown, message, fallback) => {
      problems.push({ field: name, message: `${name}=${JSON.stringify(shown)} ${message}` });
      return fallback;
    },
  });
  if (problems.length > 0) {
    const order = (problem: FieldProblem) => CONFIG_VARIABLES.indexOf(problem.field as ConfigVariable);
    problems.sort((a, b) => order(a) - order(b));
    throw new AppError(
      INVALID_CONFIGURATION,
      'invalid',
      `Invalid configuration: ${problems.map((p) => p.message).join('; ')}`,
      { fields: problems },
    );
  }
  return result;
}

/** A whole number written with at most `digits` digits, from `min` to `max`. */
export interface WholeNumberRange {
  readonly digits: number;
  readonly min: number;
  readonly max: number;
  /** The problem told when the value is outside the range, e.g. "must be an integer from 1 to 9". */
  readonly message: string;
}

/** The variable as a whole number in `range`: undefined when unset, `ifRefused` when outside it. */
export function readWholeNumber<F>(
  { read, fail }: ConfigReader,
  name: ConfigVariable,
  range: WholeNumberRange,
  ifRefused: F,
): number | F | undefined {
  const text = read(name);
  if (text === undefined) return undefined;
  const parsed = new RegExp(`^\\d{1,${range.digits}}$`).test(text) ? Number(text) : Number.NaN;
  return parsed >= range.min && parsed <= range.max ? parsed : fail(name, text, range.message, ifRefused);
}

/** The variable as one of `choices`, `fallback` when unset; anything else is a problem. */
export function readChoice<C extends string>(
  { read, fail }: ConfigReader,
  name: ConfigVariable,
  choices: readonly C[],
  fallback: C,
  message: string,
): C {
  const text = read(name) ?? fallback;
  return (choices as readonly string[]).includes(text) ? (text as C) : fail(name, text, message, fallback);
}

const HOSTNAME =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export function isHostName(text: string): boolean {
  return isIP(text) !== 0 || HOSTNAME.test(text);
}

export function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** Error messages end up in logs and terminals: never repeat a password from a URL. */
export function maskPassword(text: string): string {
  return text.replace(/^([^:/]*:\/\/[^:/@]*):[^@/]*@/, '$1:***@');
}
