import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { findAction } from '../../src/automation/actions/registry.ts';
import { createEngine } from '../../src/automation/engine.ts';
import { DEFAULT_CASCADE_LIMITS } from '../../src/automation/engine-context.ts';
import { createTemplateEngine } from '../../src/automation/templates/template-engine.ts';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { PhoneNumbers } from '../../src/domain/phone-numbers.ts';
import { Worker } from '../../src/queue/worker.ts';
import { createEngineStore } from '../../src/store/engine-store.ts';
import { uuidv7 } from '../../src/store/ids.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createRepositories } from '../../src/store/repositories/index.ts';
import { RunQueueStore } from '../../src/store/run-queue-store.ts';
import { createTestStore, DIALECTS, TEST_START, type TestStore } from '../support/harness.ts';

/**
 * A robot's template that breaks a work limit fails the run at once (the same data would break it
 * again); a render given up by the wall-clock backstop is retried, since only the moment was bad.
 */
for (const dialect of DIALECTS) {
  describe(`template limits in runs (${dialect})`, () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(dialect);
      await migrateToLatest(t.store);
    });
    after(() => t.cleanup());

    /** A stage with one add_timeline_entry robot writing `text`, and an item entering it. */
    async function runTimelineRobot(text: string, stalled: { now: boolean }) {
      const clock = new ManualClock(TEST_START);
      let monotonic = 0;
      // A stalled machine: every reading of the backstop's clock says another second passed.
      const templates = createTemplateEngine({
        clock,
        monotonicNow: () => (monotonic += stalled.now ? 1000 : 0),
      });
      const engine = createEngine({
        store: createEngineStore(t.store.db, uuidv7, t.store.capabilities, new PhoneNumbers()),
        clock,
        ids: uuidv7,
        phones: new PhoneNumbers(),
        limits: DEFAULT_CASCADE_LIMITS,
        templates,
        findAction,
        wake: () => {},
        random: () => 1,
      });
      const worker = new Worker({
        queue: new RunQueueStore(t.store),
        execute: engine.executeRun,
        clock,
        logger: pino({ level: 'silent' }),
      });
      const repos = createRepositories(t.store.db, uuidv7, new PhoneNumbers());
      const pipeline = await repos.pipelines.create(
        { name: `Limits ${uuidv7()}`, entityType: 'deal', stages: [{ name: 'Write' }] },
        clock.now(),
      );
      const stage = pipeline.stages[0];
      assert.ok(stage);
      await repos.rules.createRobot(
        {
          name: 'write the history',
          pipelineId: pipeline.id,
          stageId: stage.id,
          action: { type: 'add_timeline_entry', params: { text } },
          retry: { maxAttempts: 3, initialDelay: 'PT30S', maxDelay: 'PT1H' },
        },
        clock.now(),
      );
      const item = await engine.createItem(
        { pipelineId: pipeline.id, title: 'Limits' },
        { type: 'system', id: null },
      );
      const run = async () =>
        await t.store.db
          .selectFrom('runs')
          .selectAll()
          .where('itemId', '=', item.id)
          .executeTakeFirstOrThrow();
      return { clock, worker, run };
    }

    test('a render stopped by the time backstop is retried, and renders on the next attempt', async () => {
      const stalled = { now: true };
      const { clock, worker, run } = await runTimelineRobot(
        '{% for i in (1..10) %}{{ i }}{% endfor %}',
        stalled,
      );
      await worker.drain();
      let current = await run();
      assert.equal(current.status, 'scheduled', 'the timed-out render is retried');
      assert.equal(current.attempts, 1);
      assert.match(JSON.stringify(current.error), /template_timed_out/);
      stalled.now = false;
      clock.advance(30_000);
      await worker.drain();
      current = await run();
      assert.equal(current.status, 'succeeded');
      assert.equal(current.attempts, 2);
    });

    test('a render stopped by the output limit fails the run at once, naming the limit', async () => {
      const { worker, run } = await runTimelineRobot(
        `{% for i in (1..5000) %}${'0123456789'.repeat(10)}{% endfor %}`,
        { now: false },
      );
      await worker.drain();
      const current = await run();
      assert.equal(current.status, 'failed');
      assert.equal(current.attempts, 1);
      const error = JSON.stringify(current.error);
      assert.match(error, /template_failed/);
      assert.match(error, /output limit/);
    });
  });
}
