import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Wakeup } from './wakeup.ts';

describe('the wake-up path', () => {
  test('wakes the listeners of the kind here, and tells the other processes', async () => {
    const sent: string[] = [];
    const wakeup = new Wakeup({ processId: 'me', broadcast: async (payload) => void sent.push(payload) });
    const heard: string[] = [];
    wakeup.listen('events', () => heard.push('events'));
    wakeup.listen('runs', () => heard.push('runs'));
    wakeup.wake('runs');
    await wakeup.idle();
    assert.deepEqual(heard, ['runs']);
    assert.deepEqual(sent, ['runs:me']);
  });

  test('a burst of wake-ups makes one more broadcast while one is on its way, not one each', async () => {
    const sent: string[] = [];
    let release = Promise.withResolvers<void>();
    const wakeup = new Wakeup({
      processId: 'me',
      broadcast: async (payload) => {
        sent.push(payload);
        await release.promise;
      },
    });
    for (let i = 0; i < 100; i++) wakeup.wake('events');
    assert.equal(sent.length, 1);
    const first = release;
    release = Promise.withResolvers<void>();
    release.resolve();
    first.resolve();
    await wakeup.idle();
    assert.deepEqual(sent, ['events:me', 'events:me']);
  });

  test('news from another process wakes this one without echo; its own broadcast is ignored', () => {
    const sent: string[] = [];
    const wakeup = new Wakeup({ processId: 'me', broadcast: async (payload) => void sent.push(payload) });
    const heard: string[] = [];
    wakeup.listen('events', () => heard.push('events'));
    wakeup.listen('runs', () => heard.push('runs'));
    assert.equal(wakeup.receive('runs:me'), false);
    assert.deepEqual(heard, []);
    assert.equal(wakeup.receive('events:other'), true);
    assert.deepEqual(heard, ['events']);
    // A reconnection or an older sender: better a wasted claim than a missed run.
    wakeup.receive('');
    assert.deepEqual(heard, ['events', 'events', 'runs']);
    assert.deepEqual(sent, [], 'nothing is sent back');
  });

  test('a failed broadcast is reported and the next wake-up broadcasts again', async () => {
    const errors: unknown[] = [];
    let fail = true;
    const sent: string[] = [];
    const wakeup = new Wakeup({
      processId: 'me',
      broadcast: async (payload) => {
        if (fail) throw new Error('connection lost');
        sent.push(payload);
      },
      onError: (error) => errors.push(error),
    });
    wakeup.wake('runs');
    await wakeup.idle();
    assert.equal(errors.length, 1);
    fail = false;
    wakeup.wake('runs');
    await wakeup.idle();
    assert.deepEqual(sent, ['runs:me']);
  });
});
