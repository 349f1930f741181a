import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openSqlite } from './database.ts';

/** The pragmas as the store's own connection has them, not as a fresh connection would. */
test('the SQLite store commits durably: WAL with synchronous=FULL on its own connection', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stageflow-sqlite-'));
  const store = openSqlite(join(dir, 'stageflow.db'));
  try {
    const pragma = async (name: string) =>
      Object.values((await sql.raw(`pragma ${name}`).execute(store.db)).rows[0] as object)[0];
    assert.equal(await pragma('journal_mode'), 'wal');
    // 2 = FULL: the WAL is synced at every commit, so an acknowledged commit survives a power loss.
    assert.equal(await pragma('synchronous'), 2);
    await store.db.transaction().execute(async (trx) => {
      assert.equal(Object.values((await sql.raw('pragma synchronous').execute(trx)).rows[0] as object)[0], 2);
    });
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
