import { resolve } from 'node:path';
import type { PostgresTimeouts } from '../store/postgres-pool.ts';
import { type ConfigReader, maskPassword, parseUrl, readWholeNumber } from './config-env.ts';

/** The settings of the database and of what is kept in it: the journal and the runs' leases. */
export interface DatabaseConfig {
  /** A PostgreSQL URL; undefined selects the embedded SQLite file in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Absolute folder of the SQLite file and other local data. Default: ./data */
  readonly dataDir: string;
  /** PostgreSQL connect and statement timeouts (STAGEFLOW_DB_*_TIMEOUT_MS). Default: 5 s and 30 s. */
  readonly databaseTimeouts?: PostgresTimeouts;
  /** Days the journal (entries, finished runs, processed events) is kept. Default: 90. */
  readonly journalRetentionDays: number;
  /**
   * How long a worker holds a claimed run before another worker may take it over; the holder renews
   * it every third of it. Unit: seconds. Default: 30.
   */
  readonly runLeaseSeconds: number;
}

const RETENTION_DAYS = {
  digits: 6,
  min: 1,
  max: 36_500,
  message: 'must be a whole number of days from 1 to 36500',
};
const LEASE_SECONDS = {
  digits: 4,
  min: 1,
  max: 3600,
  message: 'must be a whole number of seconds from 1 to 3600',
};
/** Milliseconds from 100 ms to 10 minutes; unset leaves the store's default. */
const TIMEOUT_MS = {
  digits: 6,
  min: 100,
  max: 600_000,
  message: 'must be a whole number of milliseconds from 100 to 600000',
};

/** DATABASE_URL, STAGEFLOW_DATA_DIR (against `cwd`), _DB_*_TIMEOUT_MS, _JOURNAL_RETENTION_DAYS, _RUN_LEASE_SECONDS. */
export function readDatabaseConfig(reader: ConfigReader, cwd: string): DatabaseConfig {
  const { read, fail } = reader;
  const databaseUrl = read('DATABASE_URL');
  if (databaseUrl !== undefined) {
    const url = parseUrl(databaseUrl);
    if (url === undefined || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')) {
      fail(
        'DATABASE_URL',
        maskPassword(databaseUrl),
        'must be a postgres:// or postgresql:// URL (leave it unset for the embedded SQLite database)',
        undefined,
      );
    }
  }
  const connectTimeoutMs = readWholeNumber(reader, 'STAGEFLOW_DB_CONNECT_TIMEOUT_MS', TIMEOUT_MS, undefined);
  const queryTimeoutMs = readWholeNumber(reader, 'STAGEFLOW_DB_QUERY_TIMEOUT_MS', TIMEOUT_MS, undefined);
  const databaseTimeouts =
    connectTimeoutMs === undefined && queryTimeoutMs === undefined
      ? undefined
      : {
          ...(connectTimeoutMs !== undefined && { connectTimeoutMs }),
          ...(queryTimeoutMs !== undefined && { queryTimeoutMs }),
        };
  return {
    databaseUrl,
    dataDir: resolve(cwd, read('STAGEFLOW_DATA_DIR') ?? 'data'),
    // A refused number reads as 0 until the configuration as a whole is refused.
    journalRetentionDays:
      readWholeNumber(reader, 'STAGEFLOW_JOURNAL_RETENTION_DAYS', RETENTION_DAYS, 0) ?? 90,
    runLeaseSeconds: readWholeNumber(reader, 'STAGEFLOW_RUN_LEASE_SECONDS', LEASE_SECONDS, 0) ?? 30,
    ...(databaseTimeouts !== undefined && { databaseTimeouts }),
  };
}
