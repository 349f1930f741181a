import type { Clock } from '../../domain/clock.ts';

/**
 * Requests per key (a client address) in fixed windows of the clock's time. The whole table is
 * dropped when a window ends, so memory stays bounded by one window's distinct addresses.
 */
export class FixedWindowLimiter {
  readonly #clock: Clock;
  readonly #limit: number;
  readonly #windowMs: number;
  #windowStart = 0;
  #counts = new Map<string, number>();

  /** `limit` requests per `windowMs` milliseconds. */
  constructor(clock: Clock, limit: number, windowMs: number) {
    this.#clock = clock;
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** Counts a request; false when the key is over its limit in this window. */
  take(key: string): boolean {
    const now = this.#clock.now().getTime();
    const windowStart = now - (now % this.#windowMs);
    if (windowStart !== this.#windowStart) {
      this.#windowStart = windowStart;
      this.#counts = new Map();
    }
    const count = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, count);
    return count <= this.#limit;
  }
}
