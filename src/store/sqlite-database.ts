import { DatabaseSync, type StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Adapts Node's built-in `node:sqlite` to the small better-sqlite3-shaped interface that Kysely's
 * SQLite dialect drives, so the embedded database needs no native module.
 */
export function openSqliteDatabase(path: string): SqliteDatabase {
  const database = new DatabaseSync(path);
  // WAL lets readers go on while a writer commits; busy_timeout lets a second process (a CLI
  // command next to the server) wait for the lock instead of failing at once.
  database.exec('PRAGMA journal_mode = WAL');
  // Acknowledged means durable: FULL syncs the WAL at every commit, so the commit that accepts an
  // event, a move or a payment survives a power loss. NORMAL would sync only at checkpoints, and
  // a crash of the machine could roll back what the client was told is stored.
  database.exec('PRAGMA synchronous = FULL');
  database.exec('PRAGMA foreign_keys = ON');
  database.exec('PRAGMA busy_timeout = 5000');
  // SQLite's own lower() folds ASCII only; names are often Cyrillic or Polish, and searches must
  // behave as they do on PostgreSQL.
  database.function('lower', { deterministic: true }, (value) =>
    typeof value === 'string' ? value.toLowerCase() : value,
  );
  return {
    close: () => database.close(),
    prepare: (sql) => adaptStatement(database.prepare(sql)),
  };
}

type SqliteValue = null | number | bigint | string | Uint8Array;

function adaptStatement(statement: StatementSync): SqliteStatement {
  const reader = statement.columns().length > 0;
  return {
    reader,
    all: (parameters) => statement.all(...toSqliteValues(parameters)),
    run: (parameters) => {
      const result = statement.run(...toSqliteValues(parameters));
      return { changes: result.changes, lastInsertRowid: result.lastInsertRowid };
    },
    iterate: (parameters) => statement.iterate(...toSqliteValues(parameters)),
  };
}

function toSqliteValues(parameters: ReadonlyArray<unknown>): SqliteValue[] {
  return parameters.map((value) => {
    if (value === undefined || value === null) return null;
    if (typeof value === 'boolean') return value ? 1 : 0;
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'object' && !(value instanceof Uint8Array)) return JSON.stringify(value);
    return value as SqliteValue;
  });
}
