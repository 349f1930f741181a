import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { createPostgresPool, type PostgresTimeouts } from './postgres-pool.ts';
import type { Database } from './schema.ts';
import { openSqliteDatabase } from './sqlite-database.ts';

/**
 * What differs between the two databases, read in one place. Code elsewhere asks for a
 * capability, never for the dialect's name.
 */
export interface Capabilities {
  readonly dialect: 'sqlite' | 'postgres';
  readonly supportsSkipLocked: boolean;
  readonly supportsListenNotify: boolean;
  /** Whether JSON columns come back parsed (jsonb) or as text (SQLite). */
  readonly returnsParsedJson: boolean;
  /**
   * Whether rows become visible in the order of their `seq` (SQLite: one writer at a time). On
   * PostgreSQL a transaction holding a lower sequence value may commit after one holding a higher.
   */
  readonly commitsInSeqOrder: boolean;
}

/** How the database connections are used now, for monitoring. */
export interface ConnectionUse {
  /** Most connections the pool opens (SQLite: its one connection). */
  readonly max: number;
  /** Connections open now. */
  readonly open: number;
  /** Open connections no query holds; undefined where the driver does not tell (SQLite). */
  readonly idle: number | undefined;
  /** Callers waiting for a free connection; undefined where the driver does not tell (SQLite). */
  readonly waiting: number | undefined;
}

export interface Store {
  readonly db: Kysely<Database>;
  readonly capabilities: Capabilities;
  /** The connections' use now: read at once, no query. */
  connections(): ConnectionUse;
  /** A short description for logs, without credentials. */
  readonly description: string;
  close(): Promise<void>;
}

export interface StoreOptions {
  /** A `postgres://` URL selects PostgreSQL; undefined selects the SQLite file in `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Folder of the SQLite file. Default: ./data */
  readonly dataDir: string;
  /** Connection and statement timeouts (PostgreSQL). Default: see PostgresTimeouts. */
  readonly timeouts?: PostgresTimeouts | undefined;
}

export function openStore(options: StoreOptions): Store {
  if (options.databaseUrl !== undefined) return openPostgres(options.databaseUrl, options.timeouts);
  mkdirSync(options.dataDir, { recursive: true });
  return openSqlite(join(options.dataDir, 'stageflow.db'));
}

export function openSqlite(path: string): Store {
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: async () => openSqliteDatabase(path) }),
    plugins: [new CamelCasePlugin()],
  });
  return {
    db,
    capabilities: {
      dialect: 'sqlite',
      supportsSkipLocked: false,
      supportsListenNotify: false,
      returnsParsedJson: false,
      commitsInSeqOrder: true,
    },
    description: `sqlite:${path}`,
    // Kysely's SQLite driver queues its callers behind one connection without telling how many.
    connections: () => ({ max: 1, open: 1, idle: undefined, waiting: undefined }),
    close: () => db.destroy(),
  };
}

const PG_INT8 = 20;
const PG_NUMERIC = 1700;
const PG_TIMESTAMPTZ = 1184;

export function openPostgres(url: string, timeouts?: PostgresTimeouts): Store {
  // Counts and sums come back as int8; every amount we store fits a safe integer (see money.ts).
  const types = {
    getTypeParser: (oid: number, format?: string) => {
      if (oid === PG_INT8 || oid === PG_NUMERIC) return (value: string) => Number(value);
      // Timestamps read back in the same ISO 8601 form SQLite stores, so both behave alike.
      if (oid === PG_TIMESTAMPTZ) return (value: string) => new Date(value).toISOString();
      return pg.types.getTypeParser(oid, format as 'text');
    },
  };
  const pool = createPostgresPool(url, types, timeouts);
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
  });
  const parsed = new URL(url);
  return {
    db,
    capabilities: {
      dialect: 'postgres',
      supportsSkipLocked: true,
      supportsListenNotify: true,
      returnsParsedJson: true,
      commitsInSeqOrder: false,
    },
    description: `postgres://${parsed.host}${parsed.pathname}`,
    connections: () => ({
      max: pool.options.max ?? 10,
      open: pool.totalCount,
      idle: pool.idleCount,
      waiting: pool.waitingCount,
    }),
    close: () => db.destroy(),
  };
}
