import { type Sleeper, timerSleeper } from './sleep.ts';
import { silentLogger, type WorkerLogger } from './worker-logger.ts';

export interface BackgroundRetryOptions {
  /** The work to finish; it must be safe to run again (the engine's processPending is). */
  readonly work: () => Promise<unknown>;
  /** Names the work in logs. */
  readonly name: string;
  /** First wait after a failure; it doubles up to `maxDelayMs`. Default: 1 s. */
  readonly baseDelayMs?: number | undefined;
  /** Longest wait between two tries: the bound on noticing the database is back. Default: 15 s. */
  readonly maxDelayMs?: number | undefined;
  readonly sleeper?: Sleeper | undefined;
  readonly logger?: WorkerLogger | undefined;
}

/**
 * Work left undone by a failure, finished in the background. A request that stored events and then
 * lost the database before processing them answers an error, but the events are durable and
 * pending; `request()` makes sure someone processes them once the database is back, without
 * waiting for the next request or a restart. It runs the work at once, and after each failure
 * again with backoff, until one try succeeds; while nothing failed it does nothing at all.
 */
export class BackgroundRetry {
  readonly #options: BackgroundRetryOptions;
  readonly #sleeper: Sleeper;
  readonly #logger: WorkerLogger;
  readonly #stopping = new AbortController();
  #requested = false;
  #loop: Promise<void> | undefined;

  constructor(options: BackgroundRetryOptions) {
    this.#options = options;
    this.#sleeper = options.sleeper ?? timerSleeper;
    this.#logger = options.logger ?? silentLogger;
  }

  /** Runs the work soon, and again until it succeeds. Requests while it runs fold into one more try. */
  request(): void {
    if (this.#stopping.signal.aborted) return;
    this.#requested = true;
    if (this.#loop === undefined) this.#loop = this.#run();
  }

  /** Whether a try is running or waiting. */
  get pending(): boolean {
    return this.#loop !== undefined;
  }

  /** Ends the retries; waits for a try in progress. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const base = this.#options.baseDelayMs ?? 1000;
    const longest = this.#options.maxDelayMs ?? 15_000;
    let failures = 0;
    try {
      while (this.#requested && !this.#stopping.signal.aborted) {
        this.#requested = false;
        try {
          await this.#options.work();
          failures = 0;
        } catch (error) {
          failures += 1;
          // Not done: it stays requested, whatever happens meanwhile.
          this.#requested = true;
          const delayMs = Math.min(longest, base * 2 ** Math.min(failures - 1, 16));
          this.#logger.warn({ err: error, retryInMs: delayMs }, `${this.#options.name} failed; retrying`);
          await this.#sleeper.sleep(delayMs, this.#stopping.signal);
        }
      }
    } finally {
      // In the same step as the last check of `#requested`, so no request falls in between.
      this.#loop = undefined;
    }
  }
}
