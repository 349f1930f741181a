import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Drainable } from '../automation/engine-api.ts';
import type { Clock } from '../domain/clock.ts';
import { Heartbeat } from './heartbeat.ts';
import type { RunExecutor, RunQueue } from './run-queue.ts';
import { computeSleepMs, type Sleeper, timerSleeper } from './sleep.ts';
import { silentLogger, type WorkerLogger } from './worker-logger.ts';

export interface WorkerOptions {
  readonly queue: RunQueue;
  readonly execute: RunExecutor;
  readonly clock: Clock;
  /** Written to `lease_owner`. Default: host:pid:random, unique per worker. */
  readonly id?: string | undefined;
  /** Lease length; the heartbeat renews it every third of it. Default: 30 s. */
  readonly leaseMs?: number | undefined;
  /** Most runs claimed at once. Default: 10. */
  readonly batchSize?: number | undefined;
  /** Most runs executing at once. Default: 10. */
  readonly concurrency?: number | undefined;
  /** Longest idle sleep, the bound on a missed wake-up. Default: 60 s. */
  readonly maxSleepMs?: number | undefined;
  /** Shortest idle sleep (when due runs are locked by another worker). Default: 250 ms. */
  readonly minSleepMs?: number | undefined;
  /** How long `stop()` lets running runs finish before aborting them. Default: 10 s. */
  readonly graceMs?: number | undefined;
  /** How long `stop()` waits for aborted runs to settle before releasing them. Default: 5 s. */
  readonly abortWaitMs?: number | undefined;
  /** Default: real timers. */
  readonly sleeper?: Sleeper | undefined;
  readonly logger?: WorkerLogger | undefined;
}

/** host:pid:random — unique per worker, and says where a lease holder runs. */
export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export interface StopReport {
  /** Runs that had not finished and were given back to the queue. */
  readonly released: readonly string[];
}

interface Execution {
  readonly controller: AbortController;
  done: Promise<void>;
}

/**
 * Claims due runs from the queue and executes them. Idle, it sleeps until the next due time (or a
 * lease expiry), at most `maxSleepMs`, unless `wake()` is called: the engine calls it after planning
 * runs, and on PostgreSQL a LISTEN connection calls it on NOTIFY (store/listen.ts).
 */
export class Worker implements Drainable {
  readonly id: string;
  readonly #queue: RunQueue;
  readonly #execute: RunExecutor;
  readonly #clock: Clock;
  readonly #leaseMs: number;
  readonly #batchSize: number;
  readonly #concurrency: number;
  readonly #bounds: { maxSleepMs: number; minSleepMs: number };
  readonly #graceMs: number;
  readonly #abortWaitMs: number;
  readonly #sleeper: Sleeper;
  readonly #logger: WorkerLogger;
  readonly #running = new Map<string, Execution>();
  readonly #heartbeat: Heartbeat;
  #loop: Promise<void> | undefined;
  #claiming: Promise<unknown> | undefined;
  #sleepController: AbortController | undefined;
  #woken = false;
  #draining = 0;
  #stopping = false;
  #stopped: Promise<StopReport> | undefined;

  constructor(options: WorkerOptions) {
    this.id = options.id ?? defaultWorkerId();
    this.#queue = options.queue;
    this.#execute = options.execute;
    this.#clock = options.clock;
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#batchSize = options.batchSize ?? 10;
    this.#concurrency = options.concurrency ?? 10;
    this.#bounds = { maxSleepMs: options.maxSleepMs ?? 60_000, minSleepMs: options.minSleepMs ?? 250 };
    this.#graceMs = options.graceMs ?? 10_000;
    this.#abortWaitMs = options.abortWaitMs ?? 5_000;
    this.#sleeper = options.sleeper ?? timerSleeper;
    this.#logger = options.logger ?? silentLogger;
    this.#heartbeat = new Heartbeat({
      intervalMs: Math.max(1, Math.floor(this.#leaseMs / 3)),
      sleeper: this.#sleeper,
      beat: () => this.#renewLeases(),
    });
  }

  /** Runs executing now. */
  get inFlight(): number {
    return this.#running.size;
  }

  /** Starts the claiming loop in the background; `stop()` ends it. */
  start(): void {
    if (this.#stopping) throw new Error('A stopped worker cannot start again');
    this.#loop ??= this.#run();
  }

  /** Something may have become due: claim now instead of finishing the current sleep. */
  wake(): void {
    this.#woken = true;
    this.#sleepController?.abort();
  }

  /**
   * Executes everything due now (by the worker's clock), one run at a time in due order, until
   * nothing is due and nothing this worker runs is still running. The background loop does not
   * claim meanwhile, so when this returns, the runs that were due have finished. Answers how many
   * runs it executed.
   */
  async drain(): Promise<number> {
    if (this.#stopping) return 0;
    this.#draining += 1;
    let ran = 0;
    try {
      // A claim the loop has under way: its runs count as running once it settles. Its failure
      // is the loop's to report.
      await this.#claiming?.catch(() => {});
      while (!this.#stopping) {
        const now = this.#clock.now();
        const [run] = await this.#queue.claim({
          owner: this.id,
          now,
          leaseMs: this.#leaseMs,
          limit: 1,
          executing: [...this.#running.keys()],
        });
        if (run === undefined) {
          if (this.#running.size === 0) break;
          await Promise.allSettled([...this.#running.values()].map((execution) => execution.done));
          continue;
        }
        ran += 1;
        await this.#begin(run.id);
      }
    } finally {
      this.#draining -= 1;
      this.wake();
    }
    return ran;
  }

  /**
   * Graceful shutdown: stops claiming, lets running runs finish for `graceMs`, then aborts them and
   * gives back to the queue those that did not finish, so another worker takes them at once instead
   * of waiting for the lease to expire.
   */
  stop(options: { readonly graceMs?: number } = {}): Promise<StopReport> {
    this.#stopped ??= this.#shutdown(options.graceMs ?? this.#graceMs);
    return this.#stopped;
  }

  async #shutdown(graceMs: number): Promise<StopReport> {
    this.#stopping = true;
    this.wake();
    await this.#loop;
    await this.#settle([...this.#running.values()], graceMs);
    const unfinished = [...this.#running.entries()];
    for (const [, execution] of unfinished) execution.controller.abort(new Error('The worker is stopping'));
    await this.#settle(
      unfinished.map(([, execution]) => execution),
      this.#abortWaitMs,
    );
    const ids = unfinished.map(([id]) => id);
    let released: string[] = [];
    try {
      // We MUST release these: until then they stay `running` under our lease, and nobody retries
      // them before it expires. The release only touches runs still running under our lease, so a
      // run whose executor recorded an outcome after the abort is left as it is.
      if (ids.length > 0) released = await this.#queue.release(ids, this.id, this.#clock.now());
    } catch (error) {
      // Nothing is lost: the leases expire and other workers retry the runs then.
      this.#logger.error({ err: error, worker: this.id, runIds: ids }, 'releasing unfinished runs failed');
    } finally {
      this.#heartbeat.stop();
    }
    if (released.length > 0) this.#logger.info({ worker: this.id, released }, 'released unfinished runs');
    for (const [id] of unfinished) {
      if (this.#running.has(id)) this.#logger.warn({ worker: this.id, runId: id }, 'run ignored the abort');
    }
    return { released };
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#stopping) {
      this.#woken = false;
      let sleepMs: number;
      try {
        sleepMs = await this.#claimOrPlanSleep();
        failures = 0;
      } catch (error) {
        failures += 1;
        // The database may be restarting: back off (1 s, 2 s, 4 s ... at most the longest sleep).
        sleepMs = Math.min(this.#bounds.maxSleepMs, 1000 * 2 ** Math.min(failures - 1, 16));
        this.#logger.error({ err: error, worker: this.id, retryInMs: sleepMs }, 'claiming runs failed');
      }
      if (this.#stopping) break;
      // A wake-up during a successful claim means new work; after a failure, back off anyway.
      if (failures === 0 && (sleepMs === 0 || this.#woken)) continue;
      await this.#sleep(sleepMs);
    }
  }

  /** Claims what it can; answers 0 to claim again at once, or how long to sleep. */
  async #claimOrPlanSleep(): Promise<number> {
    const free = this.#concurrency - this.#running.size;
    // While draining, or with every slot busy, only a wake-up (a run finishing, a drain ending)
    // can change anything.
    if (this.#draining > 0 || free <= 0) return this.#bounds.maxSleepMs;
    const limit = Math.min(this.#batchSize, free);
    // A drain waits for this claim, and the runs it claimed are registered as running when it
    // settles, so the drain sees them.
    const claiming = this.#claimAndBegin(limit);
    this.#claiming = claiming;
    const claimed = await claiming.finally(() => {
      if (this.#claiming === claiming) this.#claiming = undefined;
    });
    if (claimed === limit) return 0;
    const next = await this.#queue.nextWakeAt(this.id);
    return computeSleepMs(next, this.#clock.now(), this.#bounds);
  }

  async #claimAndBegin(limit: number): Promise<number> {
    const now = this.#clock.now();
    const claimed = await this.#queue.claim({
      owner: this.id,
      now,
      leaseMs: this.#leaseMs,
      limit,
      executing: [...this.#running.keys()],
    });
    for (const run of claimed) void this.#begin(run.id);
    return claimed.length;
  }

  #sleep(ms: number): Promise<void> {
    const controller = new AbortController();
    this.#sleepController = controller;
    return this.#sleeper.sleep(ms, controller.signal).finally(() => {
      if (this.#sleepController === controller) this.#sleepController = undefined;
    });
  }

  /** Executes one claimed run; the answer settles when it has finished. */
  #begin(runId: string): Promise<void> {
    const execution: Execution = { controller: new AbortController(), done: Promise.resolve() };
    this.#running.set(runId, execution);
    this.#heartbeat.start();
    execution.done = (async () => {
      try {
        await this.#execute(runId, execution.controller.signal, this.id);
      } catch (error) {
        // The executor records failures itself; an error here means it could not (the database
        // went away). The run keeps its lease, which expires, and another claim retries it.
        this.#logger.error({ err: error, worker: this.id, runId }, 'executing a run failed');
      } finally {
        this.#finished(runId);
      }
    })();
    return execution.done;
  }

  #finished(runId: string): void {
    this.#running.delete(runId);
    if (this.#running.size === 0) this.#heartbeat.stop();
    // A slot is free, and the run may have planned more work.
    this.wake();
  }

  async #renewLeases(): Promise<boolean> {
    const ids = [...this.#running.keys()];
    if (ids.length === 0) return false;
    try {
      const held = new Set(await this.#queue.extendLeases(ids, this.id, this.#clock.now(), this.#leaseMs));
      for (const id of ids) {
        const execution = this.#running.get(id);
        // Not held any more: it finished meanwhile, or our lease expired and another worker owns
        // the run now. In the second case our execution must stop.
        if (!held.has(id) && execution !== undefined)
          execution.controller.abort(new Error('The lease was lost'));
      }
    } catch (error) {
      this.#logger.warn({ err: error, worker: this.id }, 'renewing leases failed');
    }
    return this.#running.size > 0;
  }

  async #settle(executions: readonly Execution[], waitMs: number): Promise<void> {
    if (executions.length === 0) return;
    const timeout = new AbortController();
    await Promise.race([
      Promise.allSettled(executions.map((execution) => execution.done)),
      this.#sleeper.sleep(waitMs, timeout.signal),
    ]);
    timeout.abort();
  }
}
