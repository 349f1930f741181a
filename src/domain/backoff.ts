import type { RetryPolicy } from './rules.ts';
import { type Duration, parseDuration } from './timing/duration.ts';

/**
 * How long to wait before retrying a failed run: exponential backoff with "full jitter" (a uniform
 * random delay between zero and the exponential ceiling), so many runs that failed together (a mail
 * server down) do not all come back at the same moment.
 *
 * `attempt` is the number of the attempt that failed, counting from 1: after the first failure the
 * ceiling is `initialDelay`, then twice that, four times, ... never more than `maxDelay`.
 * `random` returns a number in [0, 1) (Math.random in production, a fixed value in tests).
 * Answers milliseconds.
 */
export function retryDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const initial = policyMillis(policy.initialDelay, 'initialDelay');
  const max = policyMillis(policy.maxDelay, 'maxDelay');
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  // 2 ** exponent becomes Infinity for absurd attempt numbers; the cap keeps the result finite.
  const ceiling = Math.min(max, initial * 2 ** exponent);
  const fraction = Math.min(Math.max(random(), 0), 1);
  return Math.floor(fraction * ceiling);
}

/**
 * The moment of the next attempt after `failedAttempt` failed at `now`, or undefined when the
 * policy allows no more attempts.
 */
export function nextRetryAt(
  failedAttempt: number,
  policy: RetryPolicy,
  now: Date,
  random: () => number,
): Date | undefined {
  if (failedAttempt >= policy.maxAttempts) return undefined;
  return new Date(now.getTime() + retryDelay(failedAttempt, policy, random));
}

const DAY = 86_400_000;

/**
 * A retry delay as elapsed time. Delays are not wall-clock dates, so a day is 24 hours; months and
 * years (unusual here, but valid durations) count 30 and 365 days.
 */
function policyMillis(text: string, name: string): number {
  const duration = parseDuration(text);
  if (duration === undefined || duration.sign < 0) {
    // Policies are validated when a robot is saved; reaching this is a bug, not bad input.
    throw new RangeError(`Retry policy ${name} "${text}" is not a positive ISO 8601 duration`);
  }
  return elapsedMillis(duration);
}

function elapsedMillis(d: Duration): number {
  const days = d.years * 365 + d.months * 30 + d.weeks * 7 + d.days;
  return days * DAY + ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
}
