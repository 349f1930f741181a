import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { ManualSleeper } from '../../src/queue/manual-sleeper.ts';
import type { ClaimRequest, RunQueue } from '../../src/queue/run-queue.ts';
import { Worker } from '../../src/queue/worker.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { RunQueueStore } from '../../src/store/run-queue-store.ts';
import { completeRun, type FixtureItem, insertFixtureItem, insertRuns } from '../fixtures/queue-runs.ts';
import { createTestStore, DIALECTS, eventually } from '../support/harness.ts';
import { StatementCounter } from '../support/statement-counter.ts';

/**
 * A queue with many planned runs, most due later: the work of a claim and of reading the next
 * wake-up, and what the worker holds, do not depend on how many are planned.
 */

const START = new Date('2026-03-02T09:00:00.000Z');
const PLANNED = 20_000;
const DUE_NOW = 40;
const CONCURRENCY = 4;
const at = (ms: number) => new Date(START.getTime() + ms).toISOString();

for (const dialect of DIALECTS) {
  describe(`run queue with ${PLANNED} planned runs (${dialect})`, async () => {
    const testStore = await createTestStore(dialect);
    const { store } = testStore;
    let item: FixtureItem;
    let dueNow: string[];
    before(async () => {
      await migrateToLatest(store);
      item = await insertFixtureItem(store);
      // The due ones were planned first, among the rest: nothing about the order of insertion helps.
      dueNow = await insertRuns(
        store,
        item,
        Array.from({ length: DUE_NOW }, (_, i) => ({ dueAt: at(-1_000 + i) })),
      );
      await insertRuns(
        store,
        item,
        Array.from({ length: PLANNED - DUE_NOW }, (_, i) => ({ dueAt: at(60_000 + i * 1_000) })),
      );
    });
    after(() => testStore.cleanup());

    test('a claim and the next wake-up read a bounded number of rows, not the planned ones', async () => {
      const counter = new StatementCounter();
      const queue = new RunQueueStore({ db: store.db.withPlugin(counter), capabilities: store.capabilities });
      const claimed = await queue.claim({ owner: 'counted', now: START, leaseMs: 30_000, limit: 10 });
      assert.equal(claimed.length, 10);
      assert.ok(counter.statements <= 2, `statements: ${counter.statements}`);
      assert.ok(counter.rows <= 10, `rows: ${counter.rows}`);
      counter.reset();
      const next = await queue.nextWakeAt('counted');
      assert.equal(next?.toISOString(), at(-1_000 + 10));
      assert.ok(counter.statements <= 2, `statements: ${counter.statements}`);
      assert.ok(counter.rows <= 2, `rows: ${counter.rows}`);
      // Give them back for the next test.
      assert.equal(
        (
          await queue.release(
            claimed.map((run) => run.id),
            'counted',
            START,
          )
        ).length,
        10,
      );
    });

    test('the worker runs every due run, never more than its concurrency at once, and asks for no more', async () => {
      const clock = new ManualClock(START);
      const inner = new RunQueueStore(store);
      const limits: number[] = [];
      const queue: RunQueue = {
        claim: (request: ClaimRequest) => {
          limits.push(request.limit);
          return inner.claim(request);
        },
        extendLeases: (...args) => inner.extendLeases(...args),
        release: (...args) => inner.release(...args),
        nextWakeAt: (owner) => inner.nextWakeAt(owner),
      };
      let running = 0;
      let most = 0;
      const done: string[] = [];
      const worker = new Worker({
        id: 'scale',
        queue,
        clock,
        sleeper: new ManualSleeper(clock),
        concurrency: CONCURRENCY,
        batchSize: 100,
        execute: async (runId) => {
          running += 1;
          most = Math.max(most, running);
          // Lets the worker try to claim more while this one is in flight.
          await new Promise((resolve) => setImmediate(resolve));
          await completeRun(store, runId, clock.now());
          done.push(runId);
          running -= 1;
        },
      });
      worker.start();
      try {
        await eventually('every due run done', () => {
          assert.ok(worker.inFlight <= CONCURRENCY);
          return done.length >= DUE_NOW;
        });
      } finally {
        await worker.stop({ graceMs: 0 });
      }
      assert.deepEqual([...done].sort(), [...dueNow].sort());
      assert.ok(most <= CONCURRENCY, `most at once: ${most}`);
      assert.ok(
        limits.every((limit) => limit <= CONCURRENCY),
        `claims asked for ${Math.max(...limits)}`,
      );
      const left = await store.db
        .selectFrom('runs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'scheduled')
        .executeTakeFirstOrThrow();
      assert.equal(Number(left.n), PLANNED - DUE_NOW);
    });
  });
}
