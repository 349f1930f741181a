import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { notifyRunsPlanned } from '../../src/store/run-queue-store.ts';
import {
  databaseUrlOf,
  type FixtureItem,
  insertFixtureItem,
  insertRuns,
  readRun,
} from '../fixtures/queue-runs.ts';
import { createTestStore, DIALECTS } from '../support/harness.ts';

/**
 * Real `stageflow worker` processes (test/fixtures/queue-worker.ts) against one PostgreSQL
 * database. Real time passes here (short leases); the waits below only stop a hung test, nothing
 * asserts how long anything took.
 */

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURE = join(repo, 'test', 'fixtures', 'queue-worker.ts');
const BIN = join(repo, 'bin', 'stageflow.js');
const DEADLINE_MS = 90_000;

interface WorkerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
}

for (const dialect of DIALECTS) {
  describe(`worker processes (${dialect})`, async () => {
    const testStore = await createTestStore(dialect);
    const { store } = testStore;
    const needsPostgres =
      !store.capabilities.supportsSkipLocked &&
      'scale-out workers need PostgreSQL (FOR UPDATE SKIP LOCKED, LISTEN/NOTIFY)';
    const children: WorkerProcess[] = [];
    let url = '';
    let item: FixtureItem;

    before(async () => {
      if (needsPostgres) return;
      await migrateToLatest(store);
      await sql`create table queue_test_started (run_id text not null, worker text not null)`.execute(
        store.db,
      );
      await sql`create table queue_test_executions (run_id text not null, worker text not null)`.execute(
        store.db,
      );
      url = await databaseUrlOf(store);
      item = await insertFixtureItem(store);
    });
    after(async () => {
      for (const worker of children) worker.child.kill('SIGKILL');
      await Promise.all(children.map((worker) => worker.exited));
      await testStore.cleanup();
    });

    function startWorker(env: Record<string, string>, args: string[] = [FIXTURE]): Promise<WorkerProcess> {
      const child = spawn(process.execPath, args, {
        cwd: repo,
        env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'info', STAGEFLOW_CLOCK: '', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout?.on('data', (chunk) => {
        output += String(chunk);
      });
      child.stderr?.on('data', (chunk) => {
        output += String(chunk);
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const worker: WorkerProcess = { child, exited, output: () => output };
      children.push(worker);
      return waitUntil(
        'the worker to start',
        async () => output.includes('"msg":"worker started"'),
        worker,
      ).then(() => worker);
    }

    async function waitUntil(
      what: string,
      check: () => Promise<boolean>,
      worker?: WorkerProcess,
    ): Promise<void> {
      const deadline = Date.now() + DEADLINE_MS;
      while (!(await check())) {
        if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}\n${worker?.output() ?? ''}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }

    const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
      Number((await query.execute(store.db)).rows[0]?.n ?? 0);

    test('two worker processes run each of 1,000 due runs exactly once', {
      skip: needsPostgres,
    }, async () => {
      const first = await startWorker({ FIXTURE_MODE: 'complete' });
      const second = await startWorker({ FIXTURE_MODE: 'complete' });
      const ids = await insertRuns(
        store,
        item,
        Array.from({ length: 1000 }, () => ({})),
      );
      // As the engine's planning does; both idle workers wake at once and compete for the runs.
      await notifyRunsPlanned(store.db);
      await waitUntil('all runs to finish', async () => {
        return (await count(sql`select count(*) as n from runs where status = 'succeeded'`)) === ids.length;
      });

      assert.equal(await count(sql`select count(*) as n from queue_test_executions`), 1000);
      assert.equal(await count(sql`select count(distinct run_id) as n from queue_test_executions`), 1000);
      assert.equal(await count(sql`select count(*) as n from runs where attempts <> 1`), 0);
      const { rows } = await sql<{ worker: string; n: number }>`
        select worker, count(*) as n from queue_test_executions group by worker`.execute(store.db);
      assert.equal(rows.length, 2, `both workers took part: ${JSON.stringify(rows)}`);

      first.child.kill('SIGTERM');
      second.child.kill('SIGTERM');
      assert.deepEqual(await Promise.all([first.exited, second.exited]), [0, 0]);
      await store.db.deleteFrom('runs').execute();
    });

    test('a worker killed with SIGKILL while holding a run loses it, and after the lease expires another worker completes it once', {
      skip: needsPostgres,
    }, async () => {
      const [run] = await insertRuns(store, item, [{}]);
      const doomed = await startWorker({ FIXTURE_MODE: 'block', FIXTURE_LEASE_MS: '2000' });
      await waitUntil('the run to start', async () => {
        return (await count(sql`select count(*) as n from queue_test_started where run_id = ${run}`)) === 1;
      });
      doomed.child.kill('SIGKILL');
      await doomed.exited;
      const held = await readRun(store, run!);
      assert.equal(held.status, 'running', 'the dead worker still holds the run');

      const rescuer = await startWorker({ FIXTURE_MODE: 'complete', FIXTURE_LEASE_MS: '2000' });
      await waitUntil(
        'the run to be completed',
        async () => (await readRun(store, run!)).status === 'succeeded',
      );
      const done = await readRun(store, run!);
      assert.equal(done.attempts, 2, 'the dead attempt and the one that completed it');
      const executions = await sql<{ worker: string }>`
          select worker from queue_test_executions where run_id = ${run}`.execute(store.db);
      assert.equal(executions.rows.length, 1, 'completed exactly once');
      assert.notEqual(executions.rows[0]?.worker, held.leaseOwner);
      rescuer.child.kill('SIGTERM');
      assert.equal(await rescuer.exited, 0);
    });

    test('"stageflow worker" executes runs with the engine, as serve does, and stops on SIGTERM with exit 0', {
      skip: needsPostgres,
    }, async () => {
      // A run of a robot that no longer exists: the engine records it as skipped.
      const [run] = await insertRuns(store, item, [{ robotId: 'deleted-robot' }]);
      const worker = await startWorker({}, [BIN, 'worker']);
      await waitUntil(
        'the engine to record the run',
        async () => (await readRun(store, run!)).status === 'skipped',
      );
      worker.child.kill('SIGTERM');
      assert.equal(await worker.exited, 0, worker.output());
      assert.match(worker.output(), /"msg":"worker stopped"/);
    });

    test('SIGTERM: the worker gives its unfinished run back to the queue and exits 0', {
      skip: needsPostgres,
    }, async () => {
      const [run] = await insertRuns(store, item, [{}]);
      const worker = await startWorker({ FIXTURE_MODE: 'block', FIXTURE_GRACE_MS: '200' });
      await waitUntil('the run to start', async () => {
        return (await count(sql`select count(*) as n from queue_test_started where run_id = ${run}`)) === 1;
      });
      worker.child.kill('SIGTERM');
      assert.equal(await worker.exited, 0, worker.output());
      const released = await readRun(store, run!);
      assert.equal(released.status, 'scheduled');
      assert.equal(released.attempts, 0);
      assert.equal(released.leaseOwner, null);
      assert.match(worker.output(), /"msg":"worker stopped"/);
    });
  });
}
