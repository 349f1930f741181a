import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../domain/manual-clock.ts';
import { ManualSleeper } from './manual-sleeper.ts';
import { WorkLoop } from './work-loop.ts';

describe('the event loop', () => {
  test('works at start, sleeps until woken, and takes a wake-up during a round as one more round', async () => {
    const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
    const sleeper = new ManualSleeper(clock);
    let rounds = 0;
    let inRound: PromiseWithResolvers<void> | undefined;
    const loop = new WorkLoop({
      name: 'test',
      sleeper,
      work: async () => {
        rounds += 1;
        if (inRound !== undefined) await inRound.promise;
        return 0;
      },
    });
    let asleep = sleeper.nextSleep();
    loop.start();
    assert.equal(await asleep, 60_000, 'idle, it sleeps its longest sleep');
    assert.equal(rounds, 1, 'the first round takes what waited before the start');

    inRound = Promise.withResolvers<void>();
    asleep = sleeper.nextSleep();
    loop.wake();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(rounds, 2);
    loop.wake(); // arrives while round 2 works
    inRound.resolve();
    inRound = undefined;
    await asleep;
    assert.equal(rounds, 3, 'the wake-up during round 2 made round 3');
    await loop.stop();
  });

  test('a failing round backs off instead of spinning, then goes on', async () => {
    const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
    const sleeper = new ManualSleeper(clock);
    let rounds = 0;
    const loop = new WorkLoop({
      name: 'test',
      sleeper,
      work: async () => {
        rounds += 1;
        if (rounds <= 2) throw new Error('database away');
        return 0;
      },
    });
    let asleep = sleeper.nextSleep();
    loop.start();
    assert.equal(await asleep, 1_000);
    asleep = sleeper.nextSleep();
    clock.advance(1_000);
    assert.equal(await asleep, 2_000, 'the back-off doubles');
    asleep = sleeper.nextSleep();
    clock.advance(2_000);
    assert.equal(await asleep, 60_000, 'after a good round it sleeps until woken');
    assert.equal(rounds, 3);
    await loop.stop();
  });

  test('idle, it sleeps only until work waiting for later is due', async () => {
    const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
    const sleeper = new ManualSleeper(clock);
    let due: number | undefined = 5_000;
    const loop = new WorkLoop({ name: 'test', sleeper, work: async () => 0, nextDueInMs: async () => due });
    let asleep = sleeper.nextSleep();
    loop.start();
    assert.equal(await asleep, 5_000, 'a retry due in 5 s wakes the loop then');
    due = undefined;
    asleep = sleeper.nextSleep();
    clock.advance(5_000);
    assert.equal(await asleep, 60_000, 'with nothing waiting, its longest sleep');
    await loop.stop();
  });

  test('stopping aborts the round under way', async () => {
    let signalled: AbortSignal | undefined;
    const started = Promise.withResolvers<void>();
    const loop = new WorkLoop({
      name: 'test',
      work: async (signal) => {
        signalled = signal;
        started.resolve();
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        return 1;
      },
    });
    loop.start();
    await started.promise;
    await loop.stop();
    assert.equal(signalled?.aborted, true);
  });

  test('a stop or a wake-up while it reads when work is due is not lost', async () => {
    const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
    const sleeper = new ManualSleeper(clock);
    let reading: PromiseWithResolvers<number | undefined> | undefined;
    let rounds = 0;
    const loop = new WorkLoop({
      name: 'test',
      sleeper,
      work: async () => {
        rounds += 1;
        return 0;
      },
      nextDueInMs: () => {
        reading = Promise.withResolvers<number | undefined>();
        return reading.promise;
      },
    });
    loop.start();
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(reading, 'it reads when work is due before it sleeps');
    loop.wake();
    reading.resolve(undefined);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(rounds, 2, 'the wake-up made one more round instead of a sleep');
    const stopped = loop.stop();
    reading.resolve(undefined);
    // On the manual clock a sleep begun after the stop would never end.
    await stopped;
  });
});
