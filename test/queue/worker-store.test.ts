import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { ManualSleeper } from '../../src/queue/manual-sleeper.ts';
import type { RunExecutor } from '../../src/queue/run-queue.ts';
import { Worker, type WorkerOptions } from '../../src/queue/worker.ts';
import { listenForPlannedRuns } from '../../src/store/listen.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { notifyRunsPlanned, RunQueueStore } from '../../src/store/run-queue-store.ts';
import {
  completeRun,
  databaseUrlOf,
  type FixtureItem,
  insertFixtureItem,
  insertRuns,
  readRun,
} from '../fixtures/queue-runs.ts';
import { createTestStore, DIALECTS } from '../support/harness.ts';

/** The worker over the real run queue, on each database; time moves only with the ManualClock. */

const START = new Date('2026-03-02T09:00:00.000Z');
const LEASE = 30_000;
const MAX_SLEEP = 60_000;

for (const dialect of DIALECTS) {
  describe(`worker on the run queue (${dialect})`, async () => {
    const testStore = await createTestStore(dialect);
    const { store } = testStore;
    const queue = new RunQueueStore(store);
    let item: FixtureItem;
    let clock: ManualClock;
    const workers: Worker[] = [];
    before(async () => {
      await migrateToLatest(store);
      item = await insertFixtureItem(store);
    });
    beforeEach(async () => {
      await store.db.deleteFrom('runs').execute();
      clock = new ManualClock(START);
    });
    after(async () => {
      await Promise.all(workers.map((worker) => worker.stop({ graceMs: 0 })));
      await testStore.cleanup();
    });

    const at = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();
    const completing: RunExecutor = async (runId) => {
      await completeRun(store, runId, clock.now());
    };
    function newWorker(id: string, execute: RunExecutor = completing, options: Partial<WorkerOptions> = {}) {
      const sleeper = new ManualSleeper(clock);
      const worker = new Worker({
        id,
        queue,
        execute,
        clock,
        sleeper,
        leaseMs: LEASE,
        maxSleepMs: MAX_SLEEP,
        ...options,
      });
      workers.push(worker);
      return { worker, sleeper };
    }
    function blocking() {
      const started: string[] = [];
      const execute: RunExecutor = (runId, signal) =>
        new Promise((_resolve, reject) => {
          started.push(runId);
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
      return { started, execute };
    }

    test('drain executes every due run once and leaves the ones due later', async () => {
      const due = await insertRuns(store, item, [
        { dueAt: at(-2000) },
        { dueAt: at(-1000) },
        { dueAt: at(0) },
      ]);
      const [later] = await insertRuns(store, item, [{ dueAt: at(1) }]);
      const { worker } = newWorker('drainer');
      assert.equal(await worker.drain(), 3);
      for (const id of due) assert.equal((await readRun(store, id)).status, 'succeeded');
      assert.equal((await readRun(store, later!)).status, 'scheduled');
      assert.equal(await worker.drain(), 0);
    });

    test('an idle worker sleeps exactly until the next due run, then executes it', async () => {
      const [run] = await insertRuns(store, item, [{ dueAt: at(45_000) }]);
      const { worker, sleeper } = newWorker('sleeper');
      const idle = sleeper.nextSleep();
      worker.start();
      assert.equal(await idle, 45_000);
      assert.equal((await readRun(store, run!)).status, 'scheduled');
      clock.advance(45_000);
      await waitForStatus(run!, 'succeeded');
      await worker.stop();
    });

    test('graceful shutdown gives unfinished runs back, and another worker takes them at once', async () => {
      const [run] = await insertRuns(store, item, [{}]);
      const { started, execute } = blocking();
      const { worker, sleeper } = newWorker('leaving', execute);
      const idle = sleeper.nextSleep((ms) => ms === MAX_SLEEP);
      worker.start();
      await idle;
      assert.deepEqual(started, [run]);
      const grace = sleeper.nextSleep((ms) => ms === 1000);
      const stopping = worker.stop({ graceMs: 1000 });
      await grace;
      clock.advance(1000);
      assert.deepEqual(await stopping, { released: [run] });
      const released = await readRun(store, run!);
      assert.deepEqual(
        [released.status, released.attempts, released.leaseOwner, released.leaseExpiresAt, released.dueAt],
        ['scheduled', 0, null, null, clock.now().toISOString()],
      );
      const { worker: next } = newWorker('next');
      assert.equal(await next.drain(), 1, 'no waiting for a lease to expire');
      const done = await readRun(store, run!);
      assert.equal(done.status, 'succeeded');
      assert.equal(done.attempts, 1);
    });

    test('a run whose worker died is claimed again when its lease expires, and retried once', async () => {
      const [run] = await insertRuns(store, item, [{}]);
      await queue.claim({ owner: 'dead-worker', now: clock.now(), leaseMs: LEASE, limit: 1 });
      const { worker, sleeper } = newWorker('rescuer');
      const idle = sleeper.nextSleep();
      worker.start();
      assert.equal(await idle, LEASE, 'sleeps until the dead lease expires');
      clock.advance(LEASE + 1);
      await waitForStatus(run!, 'succeeded');
      const done = await readRun(store, run!);
      assert.equal(done.status, 'succeeded');
      assert.equal(done.attempts, 2);
      await worker.stop();
    });

    test('renewed leases keep a long run from being claimed by another worker', async () => {
      const [run] = await insertRuns(store, item, [{}]);
      const { started, execute } = blocking();
      const { worker, sleeper } = newWorker('long-runner', execute);
      const beat = () => sleeper.nextSleep((ms) => ms === LEASE / 3);
      let next = beat();
      worker.start();
      await next;
      for (let i = 0; i < 6; i++) {
        next = beat();
        clock.advance(LEASE / 3);
        await next;
      }
      assert.deepEqual(started, [run]);
      const { worker: other } = newWorker('other');
      assert.equal(await other.drain(), 0, 'two leases later the run is still held');
      assert.equal((await readRun(store, run!)).leaseOwner, 'long-runner');
      await worker.stop({ graceMs: 0 });
    });

    test('a NOTIFY from the planning transaction wakes a sleeping worker', {
      skip: !store.capabilities.supportsListenNotify && 'LISTEN/NOTIFY is PostgreSQL only',
    }, async () => {
      const { worker, sleeper } = newWorker('listener');
      const listener = await listenForPlannedRuns(await databaseUrlOf(store), {
        onNotify: () => worker.wake(),
      });
      try {
        const idle = sleeper.nextSleep();
        worker.start();
        assert.equal(await idle, MAX_SLEEP);
        const woken = sleeper.nextSleep();
        const ids = await store.db.transaction().execute(async (trx) => {
          const planned = await insertRuns({ ...store, db: trx }, item, [{ dueAt: at(0) }]);
          await notifyRunsPlanned(trx);
          return planned;
        });
        await woken;
        // The clock never moved: only the notification can have ended the sleep.
        await waitForStatus(ids[0]!, 'succeeded');
      } finally {
        await listener.close();
        await worker.stop();
      }
    });

    async function waitForStatus(id: string, status: string): Promise<void> {
      for (let i = 0; i < 500; i++) {
        if ((await readRun(store, id)).status === status) return;
        await new Promise((resolve) => setImmediate(resolve));
      }
      assert.fail(`run ${id} never became ${status}`);
    }
  });
}
