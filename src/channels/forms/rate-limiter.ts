/** Posts one client address may send to one form per window. Default: 10. */
export const FORM_RATE_LIMIT = 10;
/** The window of FORM_RATE_LIMIT. Default: 10 minutes. */
export const FORM_RATE_WINDOW_MS = 10 * 60_000;
/** Windows kept in memory; past this, ended windows are dropped, then the oldest. */
const MAX_KEYS = 50_000;

export type RateVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number };

/**
 * A fixed-window counter per key (client address + form), in memory. It is per process: with
 * several servers each counts on its own, which still bounds a flood to N times the limit.
 * Time comes from the caller, so the manual clock drives it in tests.
 */
export class FixedWindowLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(limit = FORM_RATE_LIMIT, windowMs = FORM_RATE_WINDOW_MS) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  hit(key: string, now: Date): RateVerdict {
    const at = now.getTime();
    let window = this.#windows.get(key);
    if (window === undefined || at - window.start >= this.#windowMs || at < window.start) {
      if (window === undefined && this.#windows.size >= MAX_KEYS) this.#prune(at);
      window = { start: at, count: 0 };
      this.#windows.set(key, window);
    }
    window.count += 1;
    if (window.count <= this.#limit) return { allowed: true };
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((window.start + this.#windowMs - at) / 1000)),
    };
  }

  #prune(at: number): void {
    for (const [key, window] of this.#windows) {
      if (at - window.start >= this.#windowMs) this.#windows.delete(key);
    }
    // Still full: a spread-out flood; forget the oldest windows (Map keeps insertion order).
    for (const key of this.#windows.keys()) {
      if (this.#windows.size < MAX_KEYS) break;
      this.#windows.delete(key);
    }
  }
}
