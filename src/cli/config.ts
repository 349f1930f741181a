import { type ChannelsConfig, readChannelsConfig } from './channels-config.ts';
import { type Environment, isHostName, readChoice, readConfigVariables } from './config-env.ts';
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
      ...readMetricsConfig(reader.read, reader.fail, {
        port: http.port,
        host: http.host,
        validHost: isHostName,
      }),
    };
  });
}
