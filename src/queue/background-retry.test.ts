import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ManualClock } from '../domain/manual-clock.ts';
import { BackgroundRetry } from './background-retry.ts';
import { ManualSleeper } from './manual-sleeper.ts';

function setup(work: () => Promise<unknown>) {
  const clock = new ManualClock(new Date('2026-06-01T00:00:00.000Z'));
  const sleeper = new ManualSleeper(clock);
  const retry = new BackgroundRetry({
    name: 'test work',
    work,
    sleeper,
    baseDelayMs: 1000,
    maxDelayMs: 4000,
  });
  return { clock, sleeper, retry };
}

test('a request runs the work once; nothing happens while nobody asks', async () => {
  let runs = 0;
  const { sleeper, retry } = setup(async () => {
    runs += 1;
  });
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(runs, 0);
  retry.request();
  while (retry.pending) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(runs, 1);
  assert.deepEqual(sleeper.requests, []);
  await retry.stop();
});

test('failed work is tried again with doubling waits, capped, until it succeeds, then it rests', async () => {
  let runs = 0;
  const { clock, sleeper, retry } = setup(async () => {
    runs += 1;
    if (runs <= 4) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
  });
  retry.request();
  for (const expected of [1000, 2000, 4000, 4000]) {
    const sleep = await sleeper.nextSleep();
    assert.equal(sleep, expected);
    clock.advance(sleep);
  }
  while (retry.pending) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(runs, 5);
  assert.equal(sleeper.sleeping, 0);
  await retry.stop();
});

test('requests during a try fold into one more try; stop ends the waiting', async () => {
  let runs = 0;
  let release: () => void = () => {};
  const { sleeper, retry } = setup(async () => {
    runs += 1;
    if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
  });
  retry.request();
  retry.request();
  retry.request();
  release();
  while (retry.pending) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(runs, 2);
  const failing = setup(async () => {
    throw new Error('down');
  });
  const firstSleep = failing.sleeper.nextSleep();
  failing.retry.request();
  await firstSleep;
  await failing.retry.stop();
  assert.equal(failing.retry.pending, false);
  assert.deepEqual(sleeper.requests, []);
});
