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
  // Prepared statements are kept by their SQL: the engine sends the same few statements for every
  // event, and preparing one costs about as much as running it. Bounded, oldest dropped first
  // (statements with IN lists of every length would otherwise pile up).
  const prepared = new Map<string, SqliteStatement>();
  return {
    close: () => {
      prepared.clear();
      database.close();
    },
    prepare: (sql) => {
      const known = prepared.get(sql);
      if (known !== undefined) {
        // Most recently used last: the first key is the one to drop.
        prepared.delete(sql);
        prepared.set(sql, known);
        return known;
      }
      const statement = adaptStatement(database, sql);
      prepared.set(sql, statement);
      if (prepared.size > MAX_PREPARED) {
        const oldest = prepared.keys().next().value;
        if (oldest !== undefined) prepared.delete(oldest);
      }
      return statement;
    },
  };
}

/** Prepared statements kept per connection. */
const MAX_PREPARED = 500;

type SqliteValue = null | number | bigint | string | Uint8Array;

function adaptStatement(database: DatabaseSync, sql: string): SqliteStatement {
  const statement: StatementSync = database.prepare(sql);
  const reader = statement.columns().length > 0;
  return {
    reader,
    // `all` and `run` finish before they return, so one statement serves every call.
    all: (parameters) => statement.all(...toSqliteValues(parameters)),
    run: (parameters) => {
      const result = statement.run(...toSqliteValues(parameters));
      return { changes: result.changes, lastInsertRowid: result.lastInsertRowid };
    },
    // A stream stays open across other queries, which would reset a shared statement under it:
    // each stream has a statement of its own.
    iterate: (parameters) => database.prepare(sql).iterate(...toSqliteValues(parameters)),
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
