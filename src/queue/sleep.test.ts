import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../domain/manual-clock.ts';
import { ManualSleeper } from './manual-sleeper.ts';
import { computeSleepMs, timerSleeper } from './sleep.ts';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const bounds = { maxSleepMs: 60_000, minSleepMs: 250 };
const later = (ms: number) => new Date(NOW.getTime() + ms);

describe('idle sleep', () => {
  test('sleeps until the next due time', () => {
    assert.equal(computeSleepMs(later(12_345), NOW, bounds), 12_345);
  });

  test('never longer than the longest sleep, so a missed wake-up costs at most that', () => {
    assert.equal(computeSleepMs(later(3 * 86_400_000), NOW, bounds), 60_000);
    assert.equal(computeSleepMs(undefined, NOW, bounds), 60_000);
  });

  test('a due time already past gives the shortest sleep, not a busy loop', () => {
    assert.equal(computeSleepMs(later(-5000), NOW, bounds), 250);
    assert.equal(computeSleepMs(NOW, NOW, bounds), 250);
  });

  test('a due time a few milliseconds ahead is slept exactly, so the run is not held back', () => {
    assert.equal(computeSleepMs(later(5), NOW, bounds), 5);
    assert.equal(computeSleepMs(later(1), NOW, bounds), 1);
  });

  test('the timer sleeper ends at once when its signal aborts', async () => {
    const controller = new AbortController();
    const sleeping = timerSleeper.sleep(3_600_000, controller.signal);
    controller.abort();
    await sleeping;
    await timerSleeper.sleep(3_600_000, AbortSignal.abort());
  });

  test('the manual sleeper wakes when the clock passes the end of the sleep, not before', async () => {
    const clock = new ManualClock(NOW);
    const sleeper = new ManualSleeper(clock);
    let woke = false;
    const sleeping = sleeper.sleep(10_000, new AbortController().signal).then(() => {
      woke = true;
    });
    clock.advance(9_999);
    await Promise.resolve();
    assert.equal(woke, false);
    clock.advance(1);
    await sleeping;
    assert.equal(woke, true);
    assert.deepEqual(sleeper.requests, [10_000]);
    assert.equal(sleeper.sleeping, 0);
  });
});
