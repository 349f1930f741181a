import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nextRetryAt, retryDelay } from './backoff.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './rules.ts';

const policy: RetryPolicy = { maxAttempts: 6, initialDelay: 'PT30S', maxDelay: 'PT5M' };
/** Just below 1: the delay is (almost) the ceiling, which shows the exponential schedule. */
const top = () => 0.999999;

describe('retry backoff', () => {
  test('the ceiling doubles with each failed attempt, starting at initialDelay', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((attempt) => Math.round(retryDelay(attempt, policy, top) / 1000)),
      [30, 60, 120, 240],
    );
  });

  test('the delay never exceeds maxDelay', () => {
    assert.equal(Math.round(retryDelay(5, policy, top) / 1000), 300);
    assert.equal(Math.round(retryDelay(60, policy, top) / 1000), 300);
    assert.equal(Math.round(retryDelay(10_000, policy, top) / 1000), 300);
  });

  test('full jitter: the delay is the random fraction of the ceiling, from zero up', () => {
    assert.equal(
      retryDelay(3, policy, () => 0),
      0,
    );
    assert.equal(
      retryDelay(3, policy, () => 0.5),
      60_000,
    );
    assert.equal(
      retryDelay(3, policy, () => 0.25),
      30_000,
    );
  });

  test('different random draws spread the retries of runs that failed together', () => {
    const delays = new Set([0.1, 0.4, 0.7].map((r) => retryDelay(2, policy, () => r)));
    assert.equal(delays.size, 3);
  });

  test('days in a policy are 24 hours of elapsed time', () => {
    const daily: RetryPolicy = { maxAttempts: 3, initialDelay: 'P1D', maxDelay: 'P1W' };
    assert.equal(
      retryDelay(1, daily, () => 0.5),
      12 * 3_600_000,
    );
    assert.equal(
      retryDelay(9, daily, () => 0.5),
      3.5 * 86_400_000,
    );
  });

  test('the default policy starts at 30 seconds and caps at an hour', () => {
    assert.equal(
      retryDelay(1, DEFAULT_RETRY, () => 0.5),
      15_000,
    );
    assert.equal(
      retryDelay(20, DEFAULT_RETRY, () => 0.5),
      1_800_000,
    );
  });

  test('an invalid duration in a policy is a programming error, not a silent zero', () => {
    assert.throws(() => retryDelay(1, { ...policy, initialDelay: 'soon' }, top), /initialDelay "soon"/);
    assert.throws(() => retryDelay(1, { ...policy, maxDelay: '-PT1M' }, top), /maxDelay/);
  });

  test('nextRetryAt answers the moment of the next attempt, and nothing once attempts are used up', () => {
    const now = new Date('2026-03-02T09:00:00.000Z');
    assert.equal(nextRetryAt(1, policy, now, () => 0.5)?.toISOString(), '2026-03-02T09:00:15.000Z');
    assert.equal(
      nextRetryAt(6, policy, now, () => 0.5),
      undefined,
    );
  });
});
