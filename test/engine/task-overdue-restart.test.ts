import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { buildTestApp, createTestStore, DIALECTS, eventually, TEST_START } from '../support/harness.ts';

/**
 * The overdue check is planned in the task's row when its deadline is saved: a deadline that
 * passes while no process runs fires when one starts, and a running one sleeps until it.
 */
for (const dialect of DIALECTS) {
  describe(`task.overdue over a restart (${dialect})`, () => {
    test('a deadline passed while stopped fires once when the automation starts', async () => {
      const { store, cleanup } = await createTestStore(dialect);
      await migrateToLatest(store);
      const clock = new ManualClock(TEST_START);
      try {
        const first = await buildTestApp(store, async () => {}, { clock });
        const created = await first.request({
          method: 'POST',
          url: '/api/v1/pipelines',
          body: { name: 'Restart', entityType: 'deal', stages: [{ name: 'New' }, { name: 'Overdue' }] },
        });
        const [, overdue] = created.body.stages;
        await first.request({
          method: 'POST',
          url: '/api/v1/triggers',
          body: { name: 'late', stageId: overdue.id, eventType: 'task.overdue' },
        });
        const item = await first.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId: created.body.id, title: 'Survivor' },
        });
        const deadline = new Date(clock.now().getTime() + 3_600_000).toISOString();
        await first.request({
          method: 'POST',
          url: '/api/v1/tasks',
          body: { itemId: item.body.id, title: 'Call back', deadline },
        });
        // The event loop sleeps no longer than until the deadline.
        assert.equal(await first.automation.engine.nextEventRetryInMs(), 3_600_000);
        await first.close();

        clock.advance(2 * 3_600_000);
        const second = await buildTestApp(store, async () => {}, { clock });
        await second.automation.start({ retention: false });
        const stageOf = async () =>
          (await second.request({ method: 'GET', url: `/api/v1/items/${item.body.id}` })).body.stageId;
        await eventually('the item moved to Overdue', async () => (await stageOf()) === overdue.id);
        await second.advance('P1D');
        const events = await store.db
          .selectFrom('events')
          .select('status')
          .where('type', '=', 'task.overdue')
          .execute();
        assert.deepEqual(
          events.map((row) => row.status),
          ['processed'],
        );
        await second.close();
      } finally {
        await cleanup();
      }
    });
  });
}
