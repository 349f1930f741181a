/**
 * When a failed delivery is tried again: after 5 s, 5 min, 30 min, 2 h, 5 h and 10 h (the
 * schedule Svix and the Standard Webhooks guidance use), each delay varied by ±10 % so that
 * deliveries failed together do not all come back at the same second. Seven attempts in about
 * 17.5 hours, then the delivery is failed.
 */
export const RETRY_DELAYS_MS: readonly number[] = [
  5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000,
];

export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

const JITTER = 0.1;

/** The delay after failed attempt number `attempt` (1-based), or undefined when none is left. */
export function retryDelayMs(attempt: number, random: () => number): number | undefined {
  const base = RETRY_DELAYS_MS[attempt - 1];
  if (base === undefined) return undefined;
  return Math.round(base * (1 + JITTER * (2 * random() - 1)));
}

/** Longest wait a receiver may ask for with Retry-After: the longest step of the schedule. */
export const MAX_RETRY_AFTER_MS = 36_000_000;

/** A 429's Retry-After (seconds or an HTTP date) in milliseconds from `now`; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now.getTime();
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}
