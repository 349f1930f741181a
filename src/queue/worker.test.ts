import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryRunQueue } from '../../test/support/memory-run-queue.ts';
import { ManualClock } from '../domain/manual-clock.ts';
import { ManualSleeper } from './manual-sleeper.ts';
import type { ClaimedRun, ClaimRequest, RunExecutor } from './run-queue.ts';
import { Worker, type WorkerOptions } from './worker.ts';

const START = new Date('2026-03-02T09:00:00.000Z');
const LEASE = 30_000;
const MAX_SLEEP = 60_000;

/** The in-memory queue, recording what the worker asks of it, with failures on demand. */
class FakeQueue extends MemoryRunQueue {
  readonly limits: number[] = [];
  readonly extended: string[][] = [];
  failNextClaim = false;
  loseLeases = false;

  override async claim(request: ClaimRequest): Promise<ClaimedRun[]> {
    this.limits.push(request.limit);
    if (this.failNextClaim) {
      this.failNextClaim = false;
      throw new Error('connection refused');
    }
    return super.claim(request);
  }

  override async extendLeases(
    ids: readonly string[],
    owner: string,
    now: Date,
    leaseMs: number,
  ): Promise<string[]> {
    this.extended.push([...ids]);
    return this.loseLeases ? [] : super.extendLeases(ids, owner, now, leaseMs);
  }
}

/** A run execution the test finishes by hand. */
function blockingExecutor(queue: FakeQueue) {
  const started: string[] = [];
  const finish = new Map<string, () => void>();
  const aborted: string[] = [];
  const execute: RunExecutor = (id, signal) =>
    new Promise((resolve, reject) => {
      started.push(id);
      finish.set(id, () => {
        queue.succeed(id);
        resolve();
      });
      signal.addEventListener('abort', () => {
        aborted.push(id);
        reject(signal.reason);
      });
    });
  return { execute, started, finish, aborted };
}

function setup(options: Partial<WorkerOptions> = {}) {
  const clock = new ManualClock(START);
  const sleeper = new ManualSleeper(clock);
  const queue = new FakeQueue();
  const executed: string[] = [];
  const execute: RunExecutor = async (id) => {
    executed.push(id);
    queue.succeed(id);
  };
  const worker = new Worker({
    queue,
    execute,
    clock,
    sleeper,
    id: 'worker-1',
    leaseMs: LEASE,
    maxSleepMs: MAX_SLEEP,
    ...options,
  });
  const at = (ms: number) => new Date(START.getTime() + ms);
  /** The loop's idle sleeps (heartbeat sleeps are a third of the lease). */
  const idle = () => sleeper.nextSleep((ms) => ms !== LEASE / 3);
  return { clock, sleeper, queue, executed, worker, at, idle };
}

describe('worker', () => {
  test('idle, it sleeps until the earliest due run, and runs it when the clock gets there', async () => {
    const { clock, queue, executed, worker, at, idle } = setup();
    queue.add('later', at(5 * 60_000));
    queue.add('soon', at(45_000));
    let sleep = idle();
    worker.start();
    assert.equal(await sleep, 45_000);
    assert.deepEqual(executed, []);

    sleep = idle();
    clock.advance(45_000);
    await sleep;
    assert.deepEqual(executed, ['soon']);
    await worker.stop();
  });

  test('with nothing planned it sleeps the longest sleep instead of polling', async () => {
    const { queue, worker, idle } = setup();
    const sleep = idle();
    worker.start();
    assert.equal(await sleep, MAX_SLEEP);
    assert.equal(queue.limits.length, 1, 'one claim, then sleep');
    await worker.stop();
  });

  test('wake() ends the sleep at once and claims what became due', async () => {
    const { queue, executed, worker, at, idle } = setup();
    let sleep = idle();
    worker.start();
    await sleep;
    queue.add('planned', at(0));
    sleep = idle();
    worker.wake();
    await sleep;
    assert.deepEqual(executed, ['planned']);
    await worker.stop();
  });

  test('claims in batches and never executes more runs at once than its concurrency', async () => {
    const { clock, queue, at } = setup();
    const runs = blockingExecutor(queue);
    const { worker, sleeper } = rebuild(clock, queue, runs.execute, { batchSize: 10, concurrency: 3 });
    for (let i = 0; i < 7; i++) queue.add(`run-${i}`, at(-i));
    const idle = () => sleeper.nextSleep((ms) => ms === MAX_SLEEP);
    let sleep = idle();
    worker.start();
    await sleep;
    assert.equal(runs.started.length, 3);
    assert.equal(worker.inFlight, 3);
    assert.deepEqual(queue.limits, [3]);
    sleep = idle();
    runs.finish.get(runs.started[0]!)!();
    await sleep;
    assert.equal(runs.started.length, 4);
    assert.equal(queue.limits.at(-1), 1, 'claims only the free slot');
    for (const id of runs.started) runs.finish.get(id)!();
    await worker.stop();
  });

  test('renews the leases of executing runs every third of the lease', async () => {
    const { clock, queue, at } = setup();
    const runs = blockingExecutor(queue);
    const { worker, sleeper } = rebuild(clock, queue, runs.execute);
    queue.add('long', at(0));
    const beat = sleeper.nextSleep((ms) => ms === LEASE / 3);
    worker.start();
    await beat;
    const nextBeat = sleeper.nextSleep((ms) => ms === LEASE / 3);
    clock.advance(LEASE / 3);
    await nextBeat;
    assert.deepEqual(queue.extended, [['long']]);
    assert.equal(queue.runs.get('long')!.leaseUntil, START.getTime() + LEASE / 3 + LEASE);
    runs.finish.get('long')!();
    await worker.stop();
  });

  test('a run whose lease was lost to another worker is aborted', async () => {
    const { clock, queue, at } = setup();
    const runs = blockingExecutor(queue);
    const { worker, sleeper } = rebuild(clock, queue, runs.execute);
    queue.add('long', at(0));
    const beat = sleeper.nextSleep((ms) => ms === LEASE / 3);
    worker.start();
    await beat;
    queue.loseLeases = true;
    clock.advance(LEASE / 3);
    await until(() => runs.aborted.length > 0);
    assert.deepEqual(runs.aborted, ['long']);
    await worker.stop();
  });

  test('stop lets a running run finish within the grace period and releases nothing', async () => {
    const { clock, queue, at } = setup();
    const runs = blockingExecutor(queue);
    const { worker, sleeper } = rebuild(clock, queue, runs.execute);
    queue.add('short', at(0));
    const idle = sleeper.nextSleep((ms) => ms === MAX_SLEEP);
    worker.start();
    await idle;
    const stopped = worker.stop({ graceMs: 10_000 });
    await until(() => sleeper.requests.includes(10_000));
    runs.finish.get('short')!();
    assert.deepEqual(await stopped, { released: [] });
    assert.equal(queue.runs.get('short')!.status, 'succeeded');
    assert.deepEqual(runs.aborted, []);
  });

  test('stop aborts runs that outlast the grace period and gives them back to the queue', async () => {
    const { clock, queue, at } = setup();
    const runs = blockingExecutor(queue);
    const { worker, sleeper } = rebuild(clock, queue, runs.execute);
    queue.add('stuck', at(0));
    const idle = sleeper.nextSleep((ms) => ms === MAX_SLEEP);
    worker.start();
    await idle;
    const grace = sleeper.nextSleep((ms) => ms === 10_000);
    const stopped = worker.stop({ graceMs: 10_000 });
    await grace;
    clock.advance(10_000);
    assert.deepEqual(await stopped, { released: ['stuck'] });
    assert.deepEqual(runs.aborted, ['stuck']);
    const run = queue.runs.get('stuck')!;
    assert.equal(run.status, 'scheduled');
    assert.equal(run.attempts, 0);
    assert.equal(run.dueAt, START.getTime() + 10_000);
  });

  test('drain runs everything due now, also runs planned by the runs it ran, and counts them', async () => {
    const { clock, queue, at } = setup();
    const order: string[] = [];
    const { worker: chaining } = rebuild(clock, queue, async (id) => {
      order.push(id);
      queue.succeed(id);
      if (id === 'first') queue.add('follow-up', at(0));
    });
    queue.add('second', at(-1000));
    queue.add('first', at(-2000));
    queue.add('tomorrow', at(86_400_000));
    assert.equal(await chaining.drain(), 3);
    assert.deepEqual(order, ['first', 'second', 'follow-up']);
    assert.equal(queue.runs.get('tomorrow')!.status, 'scheduled');
  });

  test('drain waits for runs the background loop is executing before it answers', async () => {
    const { clock, queue, at } = setup();
    const runs = blockingExecutor(queue);
    const { worker, sleeper } = rebuild(clock, queue, runs.execute);
    queue.add('in-loop', at(0));
    const idle = sleeper.nextSleep((ms) => ms === MAX_SLEEP);
    worker.start();
    await idle;
    let drained = false;
    const draining = worker.drain().then((n) => {
      drained = true;
      return n;
    });
    await until(() => queue.limits.length >= 2);
    assert.equal(drained, false);
    runs.finish.get('in-loop')!();
    assert.equal(await draining, 0);
    await worker.stop();
  });

  test('while a drain runs, the background loop leaves the claiming to it', async () => {
    const { clock, queue, at } = setup();
    let worker: Worker | undefined;
    const rebuilt = rebuild(clock, queue, async (id) => {
      queue.succeed(id);
      // As the engine does after planning: a follow-up due at once, and a wake-up.
      if (id === 'first') {
        queue.add('follow-up', at(0));
        worker?.wake();
        // Time for the woken loop to claim, if it (wrongly) would.
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
    worker = rebuilt.worker;
    const idle = rebuilt.sleeper.nextSleep((ms) => ms === MAX_SLEEP);
    worker.start();
    await idle;
    queue.add('first', at(0));
    assert.equal(await worker.drain(), 2, 'the drain ran both, so its count is complete');
    await worker.stop();
  });

  test('a failed claim is logged and retried after a pause; the loop survives', async () => {
    const errors: string[] = [];
    const { clock, queue, executed, worker, at, idle } = setup({
      logger: { debug() {}, info() {}, warn() {}, error: (_details, message) => errors.push(message) },
    });
    queue.failNextClaim = true;
    queue.add('due', at(0));
    let sleep = idle();
    worker.start();
    assert.equal(await sleep, 1000);
    assert.deepEqual(errors, ['claiming runs failed']);
    sleep = idle();
    clock.advance(1000);
    await sleep;
    assert.deepEqual(executed, ['due']);
    await worker.stop();
  });

  test('a stopped worker claims nothing more', async () => {
    const { queue, worker, at } = setup();
    await worker.stop();
    queue.add('due', at(0));
    assert.equal(await worker.drain(), 0);
    assert.throws(() => worker.start(), /stopped/);
    assert.equal(queue.limits.length, 0);
  });
});

/** A worker on the same clock and queue with its own executor. */
function rebuild(
  clock: ManualClock,
  queue: FakeQueue,
  execute: RunExecutor,
  options: Partial<WorkerOptions> = {},
) {
  const sleeper = new ManualSleeper(clock);
  const worker = new Worker({
    queue,
    execute,
    clock,
    sleeper,
    id: 'worker-2',
    leaseMs: LEASE,
    maxSleepMs: MAX_SLEEP,
    ...options,
  });
  return { worker, sleeper };
}

/** Lets promise callbacks run until `condition` holds (no timers involved). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise<void>((resolve) => setImmediate(resolve));
  assert.ok(condition(), 'condition never held');
}
