import type { ManualClock } from '../domain/manual-clock.ts';
import type { Sleeper } from './sleep.ts';

interface Sleeping {
  readonly until: number;
  readonly resolve: () => void;
}

/**
 * A sleeper on the ManualClock: a sleep ends when the clock has been advanced past its end (or its
 * signal aborts), never by real time passing. It remembers every requested duration so tests can
 * check how long the worker chose to sleep, and lets them wait until the worker is idle.
 */
export class ManualSleeper implements Sleeper {
  readonly #clock: ManualClock;
  readonly #sleeping = new Set<Sleeping>();
  readonly #watchers: { accept: (ms: number) => boolean; resolve: (ms: number) => void }[] = [];
  /** Every duration asked for, in order. */
  readonly requests: number[] = [];

  constructor(clock: ManualClock) {
    this.#clock = clock;
    clock.onAdvance((now) => {
      for (const entry of [...this.#sleeping]) {
        if (entry.until <= now.getTime()) entry.resolve();
      }
    });
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    this.requests.push(ms);
    for (const watcher of [...this.#watchers]) {
      if (watcher.accept(ms)) {
        this.#watchers.splice(this.#watchers.indexOf(watcher), 1);
        watcher.resolve(ms);
      }
    }
    return new Promise((resolve) => {
      if (ms <= 0 || signal.aborted) return resolve();
      const entry: Sleeping = {
        until: this.#clock.now().getTime() + ms,
        resolve: () => {
          this.#sleeping.delete(entry);
          signal.removeEventListener('abort', entry.resolve);
          resolve();
        },
      };
      this.#sleeping.add(entry);
      signal.addEventListener('abort', entry.resolve, { once: true });
    });
  }

  /** Sleeps in progress. */
  get sleeping(): number {
    return this.#sleeping.size;
  }

  /**
   * Resolves with the duration of the next sleep that `accept` accepts (default: any), as soon as
   * it is asked for. Call it before the action that leads to the sleep.
   */
  nextSleep(accept: (ms: number) => boolean = () => true): Promise<number> {
    return new Promise((resolve) => {
      this.#watchers.push({ accept, resolve });
    });
  }
}
