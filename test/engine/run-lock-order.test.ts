import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { RunQueueStore } from '../../src/store/run-queue-store.ts';
import { createTestApp, DIALECTS, eventually, type TestApp } from '../support/harness.ts';

/**
 * The runner and a move of the same item take their row locks in one order, the item's first:
 * a move holds its item and then cancels the runs of the stage it leaves, so a runner that
 * locked its run before the item would deadlock with it (PostgreSQL aborts one of the two).
 * SQLite serialises writing transactions, so only PostgreSQL can show it.
 */
for (const dialect of DIALECTS.filter((each) => each === 'postgres')) {
  describe(`the lock order of a run and a change of its item (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    test('a change holding the item writes the run a runner is starting: the run still succeeds at once', async () => {
      const pipeline = await t.request({
        method: 'POST',
        url: '/api/v1/pipelines',
        body: { name: 'Locks', entityType: 'deal', stages: [{ name: 'A' }, { name: 'B' }] },
      });
      await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'note in an hour',
          stageId: pipeline.body.stages[0].id,
          timing: { kind: 'after', duration: 'PT1H' },
          action: { type: 'add_timeline_entry', params: { text: 'robot note' } },
        },
      });
      const item = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId: pipeline.body.id, title: 'Deal' },
      });
      t.clock.advance(3_600_000);
      const queue = new RunQueueStore(t.context.store);
      const [run] = await queue.claim({ owner: 'W', now: t.clock.now(), leaseMs: 30_000, limit: 1 });
      assert.ok(run);
      const db = t.context.store.db;
      const waiting = async () =>
        Number(
          (
            await sql<{ n: string }>`select count(*) as n from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock'`.execute(db)
          ).rows[0]?.n,
        ) > 0;
      let execution: Promise<void> | undefined;
      // The order of a move or of a date field changed: the item, then (while the runner waits)
      // the item's runs, cancelled or planned again. Here the run is only touched.
      await db.transaction().execute(async (trx) => {
        await trx.selectFrom('items').select('id').where('id', '=', item.body.id).forUpdate().execute();
        execution = t.automation.engine.executeRun(run.id, new AbortController().signal, 'W');
        await eventually('the runner to wait for a lock', waiting);
        await trx
          .updateTable('runs')
          .set((eb) => ({ updatedAt: eb.ref('updatedAt') }))
          .where('id', '=', run.id)
          .execute();
      });
      await execution;
      const journal = await t.request({
        method: 'GET',
        url: `/api/v1/items/${item.body.id}/journal?kind=run_succeeded`,
      });
      assert.equal(journal.body.data.length, 1, 'the run succeeded, at its first attempt');
      const runs = await t.request({ method: 'GET', url: `/api/v1/runs?itemId=${item.body.id}` });
      assert.deepEqual(
        runs.body.data.map((each: { status: string; attempts: number; error: unknown }) => [
          each.status,
          each.attempts,
          each.error,
        ]),
        [['succeeded', 1, null]],
      );
    });
  });
}
