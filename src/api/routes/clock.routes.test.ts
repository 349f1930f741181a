import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { completeRun, insertFixtureItem, insertRuns, readRun } from '../../../test/fixtures/queue-runs.ts';
import { createTestApp, DIALECTS, TEST_START, type TestApp } from '../../../test/support/harness.ts';
import type { AutomationEngine } from '../../automation/engine.ts';
import { ManualSleeper } from '../../queue/manual-sleeper.ts';
import { Worker } from '../../queue/worker.ts';
import { RunQueueStore } from '../../store/run-queue-store.ts';
import { type App, buildApp } from '../app.ts';

const HOUR = 3_600_000;

for (const dialect of DIALECTS) {
  describe(`clock API (${dialect})`, () => {
    let t: TestApp;
    let manual: App;
    let system: App;
    let worker: Worker;
    let pendingEventRounds = 0;
    before(async () => {
      t = await createTestApp(dialect);
      const { store } = t.context;
      worker = new Worker({
        queue: new RunQueueStore(store),
        clock: t.clock,
        sleeper: new ManualSleeper(t.clock),
        execute: async (runId) => {
          await completeRun(store, runId, t.clock.now());
        },
      });
      // The route asks the engine only to process pending events; none are pending here.
      const engine = {
        processPending: async () => {
          pendingEventRounds += 1;
          return 0;
        },
        wake: () => {},
      } as unknown as AutomationEngine;
      manual = await buildApp({ ...t.context, manualClock: t.clock, runner: worker, engine });
      const { manualClock: _manualClock, ...onSystemClock } = t.context;
      system = await buildApp(onSystemClock);
    });
    after(async () => {
      await worker.stop();
      await manual.close();
      await system.close();
      await t.close();
    });

    const call = async (
      method: 'GET' | 'POST',
      url: string,
      body?: unknown,
      role: 'admin' | 'manager' = 'admin',
      app: App = manual,
    ) => {
      const response = await app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${t.tokens[role]}` },
        ...(body !== undefined && { payload: body as object }),
      });
      return { status: response.statusCode, body: response.json() };
    };

    test('without STAGEFLOW_CLOCK=manual both routes answer 404', async () => {
      const read = await call('GET', '/api/v1/clock', undefined, 'admin', system);
      assert.equal(read.status, 404);
      assert.equal(read.body.code, 'clock_not_manual');
      assert.match(read.body.detail, /STAGEFLOW_CLOCK=manual/);
      const advance = await call('POST', '/api/v1/clock/advance', { by: 'PT1H' }, 'admin', system);
      assert.equal(advance.status, 404);
      assert.equal(t.clock.now().toISOString(), TEST_START.toISOString());
    });

    test('reads the manual clock', async () => {
      const read = await call('GET', '/api/v1/clock');
      assert.equal(read.status, 200);
      assert.deepEqual(read.body, { now: t.clock.now().toISOString() });
    });

    test('advancing moves the clock and runs what became due, and only that', async () => {
      const item = await insertFixtureItem(t.context.store);
      const start = t.clock.now().getTime();
      const at = (ms: number) => new Date(start + ms).toISOString();
      const [inTwoDays, inThreeDays, inFourDays] = await insertRuns(t.context.store, item, [
        { dueAt: at(48 * HOUR) },
        { dueAt: at(72 * HOUR) },
        { dueAt: at(96 * HOUR) },
      ]);
      const rounds = pendingEventRounds;
      const advanced = await call('POST', '/api/v1/clock/advance', { by: 'PT72H' });
      assert.equal(advanced.status, 200, JSON.stringify(advanced.body));
      assert.deepEqual(advanced.body, { now: at(72 * HOUR), ran: 2 });
      assert.equal(t.clock.now().toISOString(), at(72 * HOUR));
      assert.ok(pendingEventRounds > rounds, 'accepted events are processed before runs are drained');
      const store = t.context.store;
      assert.equal((await readRun(store, inTwoDays!)).status, 'succeeded');
      assert.equal((await readRun(store, inThreeDays!)).status, 'succeeded');
      assert.equal((await readRun(store, inFourDays!)).status, 'scheduled');

      const nextDay = await call('POST', '/api/v1/clock/advance', { by: 'P1D' });
      assert.deepEqual(nextDay.body, { now: at(96 * HOUR), ran: 1 });
      assert.equal((await readRun(store, inFourDays!)).status, 'succeeded');
    });

    test('a duration that is not positive, not ISO 8601 or longer than 10 years is refused and the clock stays', async () => {
      const before = t.clock.now().toISOString();
      for (const by of ['soon', 'P', 'PT', '72h', '-PT1H', 'PT0S', 'P11Y', 'P4000D']) {
        const refused = await call('POST', '/api/v1/clock/advance', { by });
        assert.equal(refused.status, 400, by);
        assert.equal(refused.body.errors?.[0]?.field, '/body/by', by);
      }
      for (const body of [{}, { by: 'PT1H', extra: 1 }, { by: 72 }]) {
        assert.equal((await call('POST', '/api/v1/clock/advance', body)).status, 400, JSON.stringify(body));
      }
      assert.equal(t.clock.now().toISOString(), before);
    });

    test('only an admin may read or move the clock', async () => {
      const before = t.clock.now().toISOString();
      assert.equal((await call('GET', '/api/v1/clock', undefined, 'manager')).status, 403);
      assert.equal((await call('POST', '/api/v1/clock/advance', { by: 'PT1H' }, 'manager')).status, 403);
      assert.equal(t.clock.now().toISOString(), before);
    });
  });
}
