import { type Sleeper, timerSleeper } from './sleep.ts';
import { silentLogger, type WorkerLogger } from './worker-logger.ts';

export interface WorkLoopOptions {
  /** What the loop is called in logs. */
  readonly name: string;
  /** Does work until none is left, or until `signal` aborts (stopping); answers how much it did. */
  readonly work: (signal: AbortSignal) => Promise<number>;
  /**
   * How long until work already known becomes due (a retry waiting), in ms; undefined when none
   * is. Idle, the loop sleeps no longer than that. Default: nothing is ever due later.
   */
  readonly nextDueInMs?: (() => Promise<number | undefined>) | undefined;
  /** Longest idle sleep, the bound on a missed wake-up. Default: 60 s. */
  readonly maxSleepMs?: number | undefined;
  /** Default: real timers. */
  readonly sleeper?: Sleeper | undefined;
  readonly logger?: WorkerLogger | undefined;
}

/**
 * Runs `work` in the background whenever it is woken: the engine's event processing in every
 * process that runs automation. Idle, it sleeps until `wake()`, at most `maxSleepMs`; a wake-up
 * that arrives while it works makes one more round, so nothing accepted meanwhile waits for the
 * next wake-up. A failing round (the database is away) backs off instead of spinning.
 */
export class WorkLoop {
  readonly #options: WorkLoopOptions;
  readonly #sleeper: Sleeper;
  readonly #logger: WorkerLogger;
  #loop: Promise<void> | undefined;
  #sleepController: AbortController | undefined;
  #woken = false;
  #stopping = false;
  readonly #stopController = new AbortController();

  constructor(options: WorkLoopOptions) {
    this.#options = options;
    this.#sleeper = options.sleeper ?? timerSleeper;
    this.#logger = options.logger ?? silentLogger;
  }

  /** Starts the loop; its first round takes what is waiting already (accepted before a restart). */
  start(): void {
    if (this.#stopping) throw new Error(`A stopped ${this.#options.name} cannot start again`);
    this.#loop ??= this.#run();
  }

  /** Work may be waiting: do a round now instead of finishing the current sleep. */
  wake(): void {
    this.#woken = true;
    this.#sleepController?.abort();
  }

  /** Ends the loop; the current round stops at its next step (what is left waits for a start). */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#stopController.abort();
    this.wake();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const maxSleepMs = this.#options.maxSleepMs ?? 60_000;
    let failures = 0;
    while (!this.#stopping) {
      this.#woken = false;
      let done = 0;
      try {
        done = await this.#options.work(this.#stopController.signal);
        failures = 0;
      } catch (error) {
        failures += 1;
        this.#logger.error({ err: error, loop: this.#options.name }, 'background work failed');
      }
      if (this.#stopping) break;
      if (failures === 0 && (done > 0 || this.#woken)) continue;
      // 1 s, 2 s, 4 s ... after failures; otherwise until woken or until work waiting is due.
      await this.#sleep(
        failures > 0
          ? Math.min(maxSleepMs, 1000 * 2 ** Math.min(failures - 1, 16))
          : await this.#idleMs(maxSleepMs),
      );
    }
  }

  async #idleMs(maxSleepMs: number): Promise<number> {
    try {
      const due = await this.#options.nextDueInMs?.();
      return due === undefined ? maxSleepMs : Math.min(maxSleepMs, due);
    } catch (error) {
      // Not knowing when the next retry is due only costs the longest sleep.
      this.#logger.error({ err: error, loop: this.#options.name }, 'reading the next due time failed');
      return maxSleepMs;
    }
  }

  #sleep(ms: number): Promise<void> {
    // A wake-up or a stop that came while the sleep was being worked out (reading when work is
    // due) found no sleep to abort: no sleep then, or a stop would wait for a clock that stands.
    if (this.#woken || this.#stopping) return Promise.resolve();
    const controller = new AbortController();
    this.#sleepController = controller;
    return this.#sleeper.sleep(ms, controller.signal).finally(() => {
      if (this.#sleepController === controller) this.#sleepController = undefined;
    });
  }
}
