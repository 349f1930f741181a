/**
 * Waiting without spinning. The worker never polls on a fixed beat: it sleeps until the next
 * moment something can become due, or until it is woken. Sleeping goes through this interface so
 * tests move time with the ManualClock (see manual-sleeper.ts) instead of waiting.
 */
export interface Sleeper {
  /** Resolves after `ms` milliseconds, or at once when `signal` aborts. Never rejects. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** setTimeout accepts at most 2^31 - 1 ms; longer waits would fire at once. */
const LONGEST_TIMER_MS = 2 ** 31 - 1;

/** Real time, with Node's timers. */
export const timerSleeper: Sleeper = {
  sleep(ms, signal) {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.min(Math.max(0, ms), LONGEST_TIMER_MS));
      signal.addEventListener('abort', done, { once: true });
    });
  },
};

export interface SleepBounds {
  /** Longest sleep, so a missed wake-up (a lost notification) costs at most this. */
  readonly maxSleepMs: number;
  /**
   * Shortest sleep. Used when something is already due but could not be claimed (another worker
   * holds its row lock): waiting a moment beats spinning on it.
   */
  readonly minSleepMs: number;
}

/**
 * How long an idle worker sleeps: until `next` (the earliest due time or lease expiry), at most the
 * longest sleep; the longest sleep when nothing is planned at all. The shortest sleep applies only
 * to a time already reached (work another worker holds): a run due in 5 ms is claimed in 5 ms, not
 * when the shortest sleep ends, or every timer would fire up to that late.
 */
export function computeSleepMs(next: Date | undefined, now: Date, bounds: SleepBounds): number {
  if (next === undefined) return bounds.maxSleepMs;
  const until = next.getTime() - now.getTime();
  if (until <= 0) return bounds.minSleepMs;
  return Math.min(bounds.maxSleepMs, until);
}
