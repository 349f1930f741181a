import { AppError } from '../../domain/errors.ts';
import type { SignInContext } from '../sign-in-ports.ts';

/** Failures are counted over this window. Default: 15 minutes. */
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
/** Failed attempts allowed per email within the window. */
export const FAILURES_PER_EMAIL = 5;
/** Failed attempts allowed per client address within the window (a shared office NAT). */
export const FAILURES_PER_ADDRESS = 30;

export interface LimitedKey {
  readonly key: string;
  readonly limit: number;
}

export const emailKey = (email: string): LimitedKey => ({
  key: `email:${email.trim().toLowerCase()}`,
  limit: FAILURES_PER_EMAIL,
});

export const addressKey = (address: string): LimitedKey => ({
  key: `ip:${address}`,
  limit: FAILURES_PER_ADDRESS,
});

export const rateLimited = (retryAfterSeconds: number): AppError =>
  new AppError(
    'sign_in_rate_limited',
    'rate_limited',
    `Too many failed sign-in attempts; try again in ${retryAfterSeconds} seconds`,
    { details: { retryAfterSeconds } },
  );

/**
 * Refuses when any key has reached its limit of failures within the window, with the seconds
 * until enough of them leave it. Refused attempts are not counted: waiting always helps.
 */
export async function checkSignInLimit(
  context: Pick<SignInContext, 'clock' | 'signInFailures'>,
  keys: readonly LimitedKey[],
): Promise<void> {
  const now = context.clock.now().getTime();
  let waitMs = 0;
  for (const { key, limit } of keys) {
    const failures = await context.signInFailures.since(key, new Date(now - SIGN_IN_WINDOW_MS));
    if (failures.length < limit) continue;
    // Below the limit again once the failure at this index leaves the window.
    const leaving = failures[failures.length - limit] as Date;
    waitMs = Math.max(waitMs, leaving.getTime() + SIGN_IN_WINDOW_MS - now);
  }
  if (waitMs > 0) throw rateLimited(Math.max(1, Math.ceil(waitMs / 1000)));
}

export async function recordSignInFailure(
  context: Pick<SignInContext, 'clock' | 'signInFailures'>,
  keys: readonly LimitedKey[],
): Promise<void> {
  const now = context.clock.now();
  await context.signInFailures.prune(new Date(now.getTime() - SIGN_IN_WINDOW_MS));
  await context.signInFailures.record(
    keys.map((k) => k.key),
    now,
  );
}
