import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import type { ClaimedRun, ClaimRequest, RunQueue } from '../../src/queue/run-queue.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { RunQueueStore } from '../../src/store/run-queue-store.ts';
import { createPipeline } from '../support/fixtures.ts';
import { buildTestApp, createTestStore, DIALECTS, TEST_START } from '../support/harness.ts';
import { eventually } from './fault-support.ts';

const HOUR = 3_600_000;
const ITEMS = 40;
const BATCH = 5;
const CONCURRENCY = 3;

/** The store's queue, noting every claim: how many runs were executing then, and which it took. */
class RecordingQueue implements RunQueue {
  readonly claims: { executing: number; ids: string[] }[] = [];
  readonly #inner: RunQueueStore;

  constructor(inner: RunQueueStore) {
    this.#inner = inner;
  }

  async claim(request: ClaimRequest): Promise<ClaimedRun[]> {
    const claimed = await this.#inner.claim(request);
    this.claims.push({ executing: request.executing?.length ?? 0, ids: claimed.map((run) => run.id) });
    return claimed;
  }
  extendLeases(ids: readonly string[], owner: string, now: Date, leaseMs: number): Promise<string[]> {
    return this.#inner.extendLeases(ids, owner, now, leaseMs);
  }
  release(ids: readonly string[], owner: string, now: Date): Promise<string[]> {
    return this.#inner.release(ids, owner, now);
  }
  nextWakeAt(owner: string): Promise<Date | undefined> {
    return this.#inner.nextWakeAt(owner);
  }
}

/**
 * The server is down for 24 hours while many runs fall due. After the restart they all fire, in
 * due order, in batches of at most BATCH with at most CONCURRENCY executing at once (the worker's
 * settings), and none twice. Time is the test's clock; the restart is a new process's automation
 * over the same database.
 */
for (const dialect of DIALECTS) {
  describe(`24 hours of downtime (${dialect})`, () => {
    test('after the restart the due runs fire in due order, in bounded batches, each once', async () => {
      const { store, cleanup } = await createTestStore(dialect);
      await migrateToLatest(store);
      const clock = new ManualClock(TEST_START);
      const before = await buildTestApp(store, async () => {}, { clock });
      const pipeline = await createPipeline(before, ['Waiting']);
      const stageId = pipeline.stageIds[0] ?? '';
      // Two robots per item, due 12 and 20 hours after it entered: due order is not creation order.
      // Plain notes: templates have a wall-time limit, which a busy machine could exceed.
      for (const [name, after] of [
        ['late', 'PT20H'],
        ['early', 'PT12H'],
      ]) {
        const robot = await before.request({
          method: 'POST',
          url: '/api/v1/robots',
          body: {
            name,
            stageId,
            timing: { kind: 'after', duration: after },
            action: { type: 'add_timeline_entry', params: { text: `${name} note` } },
          },
        });
        assert.equal(robot.status, 201, JSON.stringify(robot.body));
      }
      // Items enter over 8 hours, so nothing is due yet when the server goes down.
      for (let i = 0; i < ITEMS; i++) {
        const item = await before.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId: pipeline.id, title: `Deal ${i}` },
        });
        assert.equal(item.status, 201, JSON.stringify(item.body));
        clock.advance(HOUR / 5);
      }
      assert.equal(await count(store, 'scheduled'), 2 * ITEMS);
      await before.close();

      clock.advance(24 * HOUR);
      const queue = new RecordingQueue(new RunQueueStore(store));
      const after = await buildTestApp(store, cleanup, {
        clock,
        queue,
        worker: { batchSize: BATCH, concurrency: CONCURRENCY },
      });
      try {
        await after.automation.start({ retention: false });
        await eventually(
          'every run to finish',
          async () => (await count(store, 'succeeded')) === 2 * ITEMS,
          async () =>
            JSON.stringify(
              await store.db
                .selectFrom('runs')
                .select(['id', 'status', 'attempts', 'error', 'reason'])
                .where('status', '!=', 'succeeded')
                .execute(),
            ),
        );

        const runs = await store.db
          .selectFrom('runs')
          .select(['id', 'dueAt', 'attempts', 'status'])
          .execute();
        assert.ok(runs.every((run) => run.attempts === 1 && run.status === 'succeeded'));
        const claimed = queue.claims.flatMap((claim) => claim.ids);
        assert.equal(claimed.length, 2 * ITEMS);
        assert.equal(new Set(claimed).size, 2 * ITEMS, 'no run claimed twice');
        for (const claim of queue.claims) {
          assert.ok(claim.ids.length <= BATCH, `a batch of ${claim.ids.length}`);
          assert.ok(
            claim.executing + claim.ids.length <= CONCURRENCY,
            `${claim.executing} executing + ${claim.ids.length} claimed`,
          );
        }
        const dueOf = new Map(runs.map((run) => [run.id, new Date(run.dueAt ?? 0).getTime()]));
        const dues = claimed.map((id) => dueOf.get(id) ?? 0);
        assert.deepEqual(
          dues,
          [...dues].sort((a, b) => a - b),
          'claimed in due order',
        );
        const notes = await store.db
          .selectFrom('timelineEntries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('kind', '=', 'robot_entry')
          .executeTakeFirstOrThrow();
        assert.equal(Number(notes.n), 2 * ITEMS, 'each run wrote its note once');
      } finally {
        await after.close();
      }
    });
  });
}

async function count(
  store: Awaited<ReturnType<typeof createTestStore>>['store'],
  status: string,
): Promise<number> {
  const row = await store.db
    .selectFrom('runs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
