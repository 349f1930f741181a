import type { Clock } from './clock.ts';

/**
 * A clock that stands still until told to move: the test clock of `STAGEFLOW_CLOCK=manual` and of
 * the test suite.
 */
export class ManualClock implements Clock {
  #now: number;
  readonly #listeners = new Set<(now: Date) => void>();

  constructor(start: Date) {
    this.#now = start.getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  /** Moves time forward; it never goes back. Listeners hear the new time before this returns. */
  advance(milliseconds: number): Date {
    if (!Number.isFinite(milliseconds) || milliseconds < 0) {
      throw new RangeError('The clock only moves forward');
    }
    this.#now += milliseconds;
    const now = this.now();
    for (const listener of [...this.#listeners]) listener(now);
    return now;
  }

  /** Moves time forward to `at` if that is later (a restart resuming a stored present); else nothing. */
  advanceTo(at: Date): Date {
    const millis = at.getTime() - this.#now;
    return millis > 0 ? this.advance(millis) : this.now();
  }

  /**
   * Calls `listener` after every advance (a sleeper on this clock wakes up when its time comes).
   * Answers the function that unsubscribes.
   */
  onAdvance(listener: (now: Date) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }
}
