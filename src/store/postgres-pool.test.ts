import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/harness.ts';
import { startTcpProxy, type TcpProxy } from '../../test/support/tcp-proxy.ts';
import { openPostgres, type Store } from './database.ts';

/**
 * The PostgreSQL pool under connections that stop answering: a test proxy between the pool and the
 * database freezes the connections it carries, as a network partition does.
 */
for (const dialect of DIALECTS) {
  describe(`the PostgreSQL pool (${dialect})`, { skip: dialect !== 'postgres' && 'PostgreSQL only' }, () => {
    let testStore: TestStore;
    let proxy: TcpProxy;
    let store: Store;

    before(async () => {
      if (dialect !== 'postgres') return;
      testStore = await createTestStore(dialect);
      const url = new URL(process.env['DATABASE_URL'] ?? '');
      proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
      const target = new URL(testStore.store.description);
      const proxied = new URL(process.env['DATABASE_URL'] ?? '');
      proxied.hostname = '127.0.0.1';
      proxied.port = String(proxy.port);
      proxied.pathname = target.pathname;
      store = openPostgres(proxied.toString(), { queryTimeoutMs: 500 });
    });
    after(async () => {
      if (dialect !== 'postgres') return;
      await store.close();
      await proxy.close();
      await testStore.cleanup();
    });

    test('a statement without an answer fails in time, and its connection is not handed out again', async () => {
      assert.equal((await sql<{ n: number }>`select 1 as n`.execute(store.db)).rows[0]?.n, 1);
      const opened = proxy.accepted;
      proxy.freeze();
      await assert.rejects(sql`select 2`.execute(store.db), /Query read timeout/);
      // The frozen connection still holds its unanswered statement; the next one needs a new one.
      assert.equal((await sql<{ n: number }>`select 3 as n`.execute(store.db)).rows[0]?.n, 3);
      assert.equal(proxy.accepted, opened + 1);
    });

    test('commits are durable even where the database is set to synchronous_commit = off', async () => {
      const target = new URL(process.env['DATABASE_URL'] ?? '');
      target.pathname = new URL(testStore.store.description).pathname;
      const name = target.pathname.slice(1);
      await sql.raw(`alter database ${name} set synchronous_commit = off`).execute(testStore.store.db);
      // Settings of the database apply to sessions opened after the change: a new store's.
      const fresh = openPostgres(target.toString());
      try {
        const shown = await sql<{ synchronousCommit: string }>`show synchronous_commit`.execute(fresh.db);
        assert.equal(shown.rows[0]?.synchronousCommit, 'on');
        await fresh.db.transaction().execute(async (trx) => {
          const inside = await sql<{ synchronousCommit: string }>`show synchronous_commit`.execute(trx);
          assert.equal(inside.rows[0]?.synchronousCommit, 'on');
        });
      } finally {
        await fresh.close();
      }
    });
  });
}
