import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ManualClock } from '../domain/manual-clock.ts';
import { ManualSleeper } from './manual-sleeper.ts';
import { type PruneCounts, retentionCutoff, startRetention } from './retention.ts';

const START = new Date('2026-06-01T03:00:00.000Z');
const DAY = 86_400_000;
const none: PruneCounts = { journalEntries: 0, runs: 0, events: 0 };

function setup(prune: (cutoff: Date) => Promise<PruneCounts>) {
  const clock = new ManualClock(START);
  const sleeper = new ManualSleeper(clock);
  return { clock, sleeper, start: () => startRetention({ prune, clock, retentionDays: 90, sleeper }) };
}

describe('journal retention schedule', () => {
  test('the cutoff is the retention period before now', () => {
    assert.equal(retentionCutoff(START, 90).toISOString(), '2026-03-03T03:00:00.000Z');
  });

  test('prunes once at start, then once a day, each time with a cutoff 90 days back', async () => {
    const cutoffs: string[] = [];
    const { clock, sleeper, start } = setup(async (cutoff) => {
      cutoffs.push(cutoff.toISOString());
      return none;
    });
    const firstSleep = sleeper.nextSleep();
    const task = start();
    assert.equal(await firstSleep, DAY);
    assert.deepEqual(cutoffs, ['2026-03-03T03:00:00.000Z']);

    const secondSleep = sleeper.nextSleep();
    clock.advance(DAY);
    await secondSleep;
    assert.deepEqual(cutoffs, ['2026-03-03T03:00:00.000Z', '2026-03-04T03:00:00.000Z']);
    await task.stop();
  });

  test('a failed prune is tried again at the next interval, the schedule goes on', async () => {
    let calls = 0;
    const { clock, sleeper, start } = setup(async () => {
      calls += 1;
      if (calls === 1) throw new Error('database restarting');
      return none;
    });
    const firstSleep = sleeper.nextSleep();
    const task = start();
    await firstSleep;
    const secondSleep = sleeper.nextSleep();
    clock.advance(DAY);
    await secondSleep;
    assert.equal(calls, 2);
    await task.stop();
  });

  test('stop ends the schedule without waiting for the next day', async () => {
    let calls = 0;
    const { sleeper, start } = setup(async () => {
      calls += 1;
      return none;
    });
    const firstSleep = sleeper.nextSleep();
    const task = start();
    await firstSleep;
    await task.stop();
    assert.equal(sleeper.sleeping, 0);
    assert.equal(calls, 1);
  });
});
