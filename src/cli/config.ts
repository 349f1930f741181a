import { DEFAULT_CURRENCY, isCurrencyCode } from '../domain/item.ts';
import { type ChannelsConfig, readChannelsConfig } from './channels-config.ts';
import {
  type ConfigReader,
  type Environment,
  isHostName,
  readChoice,
  readConfigVariables,
} from './config-env.ts';
import { type DatabaseConfig, readDatabaseConfig } from './database-config.ts';
import { type HttpConfig, readHttpConfig } from './http-config.ts';
import { type MetricsConfig, readMetricsConfig } from './metrics-config.ts';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const CLOCK_MODES = ['system', 'manual'] as const;
export type ClockMode = (typeof CLOCK_MODES)[number];

/**
 * The process configuration, read from the environment once, at start: each part's settings in
 * the file of that part, with their variables and defaults.
 */
export interface Config extends HttpConfig, DatabaseConfig, ChannelsConfig, MetricsConfig {
  /** Default: info. */
  readonly logLevel: LogLevel;
  /** `manual`: time stands still until POST /api/v1/clock/advance moves it. Default: system. */
  readonly clock: ClockMode;
  /** Currency (ISO 4217) of items created without one: by the API, from mail, calls, chats, forms, robots. Default: USD. */
  readonly defaultCurrency: string;
}

/**
 * Reads and validates the configuration. An empty variable counts as unset; every problem is
 * reported at once, each naming its variable (see `readConfigVariables`).
 */
export function parseConfig(env: Environment, cwd: string = process.cwd()): Config {
  return readConfigVariables(env, (reader) => {
    const http = readHttpConfig(reader);
    return {
      ...http,
      ...readDatabaseConfig(reader, cwd),
      ...readChannelsConfig(reader),
      logLevel: readChoice(
        reader,
        'LOG_LEVEL',
        LOG_LEVELS,
        'info',
        `must be one of ${LOG_LEVELS.join(', ')}`,
      ),
      clock: readChoice(reader, 'STAGEFLOW_CLOCK', CLOCK_MODES, 'system', 'must be system or manual'),
      defaultCurrency: readCurrency(reader),
      ...readMetricsConfig(reader.read, reader.fail, {
        port: http.port,
        host: http.host,
        validHost: isHostName,
      }),
    };
  });
}

/** STAGEFLOW_DEFAULT_CURRENCY: an ISO 4217 code, in either case ("rub" reads as RUB). */
function readCurrency({ read, fail }: ConfigReader): string {
  const text = read('STAGEFLOW_DEFAULT_CURRENCY');
  if (text === undefined) return DEFAULT_CURRENCY;
  const code = text.toUpperCase();
  if (isCurrencyCode(code)) return code;
  return fail(
    'STAGEFLOW_DEFAULT_CURRENCY',
    text,
    'must be a currency code (ISO 4217), e.g. RUB',
    DEFAULT_CURRENCY,
  );
}
