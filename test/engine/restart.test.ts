import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { buildTestApp, createTestStore, DIALECTS, eventually, TEST_START } from '../support/harness.ts';

/** SCENARIOS.md: a restart in the middle loses nothing; an accepted event is processed after a crash. */
for (const dialect of DIALECTS) {
  describe(`restart (${dialect})`, () => {
    test('a delayed run pending over a restart fires once, on time, after the restart', async () => {
      const { store, cleanup } = await createTestStore(dialect);
      await migrateToLatest(store);
      const clock = new ManualClock(TEST_START);
      try {
        const first = await buildTestApp(store, async () => {}, { clock });
        const created = await first.request({
          method: 'POST',
          url: '/api/v1/pipelines',
          body: { name: 'Restart', entityType: 'deal', stages: [{ name: 'Waiting' }, { name: 'Done' }] },
        });
        const [waiting, done] = created.body.stages;
        await first.request({
          method: 'POST',
          url: '/api/v1/robots',
          body: {
            name: 'in two hours',
            stageId: waiting.id,
            timing: { kind: 'after', duration: 'PT2H' },
            action: { type: 'move_to_stage', params: { stageId: done.id } },
          },
        });
        const item = await first.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId: created.body.id, title: 'Survivor' },
        });
        await first.advance('PT1H');
        await first.close();

        const second = await buildTestApp(store, async () => {}, { clock });
        await second.automation.start({ retention: false });
        await second.advance('PT59M');
        assert.equal(
          (await second.request({ method: 'GET', url: `/api/v1/items/${item.body.id}` })).body.stageId,
          waiting.id,
        );
        await second.advance('PT1M');
        assert.equal(
          (await second.request({ method: 'GET', url: `/api/v1/items/${item.body.id}` })).body.stageId,
          done.id,
        );
        const runs = (await second.request({ method: 'GET', url: `/api/v1/runs?itemId=${item.body.id}` }))
          .body.data;
        assert.deepEqual(
          runs.map((run: { status: string; attempts: number }) => [run.status, run.attempts]),
          [['succeeded', 1]],
        );
        await second.close();
      } finally {
        await cleanup();
      }
    });

    test('an event accepted but not processed before a crash is processed at start', async () => {
      const { store, cleanup } = await createTestStore(dialect);
      await migrateToLatest(store);
      const clock = new ManualClock(TEST_START);
      try {
        const first = await buildTestApp(store, async () => {}, { clock });
        const created = await first.request({
          method: 'POST',
          url: '/api/v1/pipelines',
          body: { name: 'Crash', entityType: 'deal', stages: [{ name: 'New' }, { name: 'Called' }] },
        });
        const called = created.body.stages[1];
        await first.request({
          method: 'POST',
          url: '/api/v1/triggers',
          body: { name: 'call', stageId: called.id, eventType: 'call.completed' },
        });
        const item = await first.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId: created.body.id, title: 'Crash test' },
        });
        await first.close();
        // What a process that died right after answering "accepted" leaves behind.
        await store.db
          .insertInto('events')
          .values({
            id: 'accepted-then-crash',
            type: 'call.completed',
            source: 'api',
            occurredAt: clock.now().toISOString(),
            receivedAt: clock.now().toISOString(),
            subject: JSON.stringify({ itemId: item.body.id }),
            data: JSON.stringify({ phone: '+100200300' }),
            status: 'pending',
            processedAt: null,
            itemIds: '[]',
            error: null,
            rootEventId: 'accepted-then-crash',
            depth: 0,
            causeRunId: null,
          })
          .execute();
        const second = await buildTestApp(store, async () => {}, { clock });
        try {
          await second.automation.start({ retention: false });
          // The runner's first round takes it, in the background: no request asks for it.
          const stageOf = async () =>
            (await second.request({ method: 'GET', url: `/api/v1/items/${item.body.id}` })).body.stageId;
          await eventually(
            'the event left by the crash to be processed',
            async () => (await stageOf()) === called.id,
          );
        } finally {
          // A started runner left running would keep the test process alive.
          await second.close();
        }
      } finally {
        await cleanup();
      }
    });
  });
}
