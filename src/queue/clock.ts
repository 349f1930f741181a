import type { Clock } from '../domain/clock.ts';

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that stands still until told to move: the test clock of `STAGEFLOW_CLOCK=manual` and of
 * the test suite.
 */
export class ManualClock implements Clock {
  #now: number;

  constructor(start: Date) {
    this.#now = start.getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  /** Moves time forward; it never goes back. */
  advance(milliseconds: number): Date {
    if (!Number.isFinite(milliseconds) || milliseconds < 0) {
      throw new RangeError('The clock only moves forward');
    }
    this.#now += milliseconds;
    return this.now();
  }
}
