import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { RunQueueStore } from '../../src/store/run-queue-store.ts';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

/**
 * Review: worker A holds a run; its lease expires (A stalled: GC pause, slow network, a paused VM)
 * and worker B claims the run again. A then completes. Nothing fences A's late commit: finish()
 * moves the run `running → succeeded` without looking at the lease owner, and ignores whether the
 * transition applied, so B (whose first read of the run happened before A committed) runs the
 * internal action a second time and commits it too.
 */
for (const dialect of DIALECTS) {
  describe(`a run reclaimed after its lease expired (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    test('an internal action commits once even when two workers end up executing the run', async () => {
      const pipeline = await t.request({
        method: 'POST',
        url: '/api/v1/pipelines',
        body: { name: 'Lease', entityType: 'deal', stages: [{ name: 'A' }] },
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
      const [claimedByA] = await queue.claim({ owner: 'A', now: t.clock.now(), leaseMs: 30_000, limit: 1 });
      assert.ok(claimedByA);
      // A stalls past its lease; B takes the run over.
      t.clock.advance(31_000);
      const [claimedByB] = await queue.claim({ owner: 'B', now: t.clock.now(), leaseMs: 30_000, limit: 1 });
      assert.equal(claimedByB?.id, claimedByA.id);
      // Both executions proceed; A's heartbeat has not yet noticed (its signal is not aborted).
      await Promise.all([
        t.automation.engine.executeRun(claimedByA.id, new AbortController().signal, 'A'),
        t.automation.engine.executeRun(claimedByA.id, new AbortController().signal, 'B'),
      ]);
      const timeline = await t.request({ method: 'GET', url: `/api/v1/items/${item.body.id}/timeline` });
      const notes = timeline.body.data.filter((e: { kind: string }) => e.kind === 'robot_entry');
      const journal = await t.request({
        method: 'GET',
        url: `/api/v1/items/${item.body.id}/journal?kind=run_succeeded`,
      });
      assert.deepEqual(
        [notes.length, journal.body.data.length],
        [1, 1],
        'one robot note and one run_succeeded entry',
      );
    });
  });
}
