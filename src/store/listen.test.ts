import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { sql } from 'kysely';
import { databaseUrlOf } from '../../test/fixtures/queue-runs.ts';
import { createTestStore, DIALECTS } from '../../test/support/harness.ts';
import { listenForPlannedRuns } from './listen.ts';
import { notifyRunsPlanned } from './run-queue-store.ts';

/** Resolves when `count()` reaches `target`; the wait only stops a hung test. */
async function reached(count: () => number, target: number): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (count() < target) {
    if (Date.now() > deadline) assert.fail(`only ${count()} of ${target} notifications arrived`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

for (const dialect of DIALECTS) {
  describe(`LISTEN for planned runs (${dialect})`, async () => {
    const testStore = await createTestStore(dialect);
    const { store } = testStore;
    const skip = !store.capabilities.supportsListenNotify && 'LISTEN/NOTIFY is PostgreSQL only';
    after(() => testStore.cleanup());

    test('a notification arrives when the planning transaction commits, never when it rolls back', {
      skip,
    }, async () => {
      let heard = 0;
      const listener = await listenForPlannedRuns(await databaseUrlOf(store), { onNotify: () => heard++ });
      try {
        await store.db
          .transaction()
          .execute(async (trx) => {
            await notifyRunsPlanned(trx);
            throw new Error('planning failed');
          })
          .catch(() => {});
        await store.db.transaction().execute(async (trx) => {
          // Several runs planned in one transaction: one notification.
          await notifyRunsPlanned(trx);
          await notifyRunsPlanned(trx);
        });
        await reached(() => heard, 1);
        // Notifications arrive in commit order: one from the rollback would have come first.
        assert.equal(heard, 1);
      } finally {
        await listener.close();
      }
    });

    test('after its connection breaks it reconnects, wakes once for what it missed, and hears again', {
      skip,
    }, async () => {
      let heard = 0;
      const errors: unknown[] = [];
      const listener = await listenForPlannedRuns(await databaseUrlOf(store), {
        onNotify: () => heard++,
        onError: (error) => errors.push(error),
        reconnectDelayMs: 10,
      });
      try {
        await sql`select pg_terminate_backend(pid) from pg_stat_activity
          where datname = current_database() and query = 'listen stageflow_runs'`.execute(store.db);
        await reached(() => heard, 1);
        assert.ok(errors.length > 0, 'the broken connection is reported');
        await notifyRunsPlanned(store.db);
        await reached(() => heard, 2);
      } finally {
        await listener.close();
      }
    });
  });
}
