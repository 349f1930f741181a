import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { Type } from 'typebox';
import { defineAction } from '../../src/automation/actions/define-action.ts';
import { findAction } from '../../src/automation/actions/registry.ts';
import { createEngine } from '../../src/automation/engine.ts';
import { DEFAULT_CASCADE_LIMITS } from '../../src/automation/engine-context.ts';
import { createTemplateEngine } from '../../src/automation/templates/template-engine.ts';
import { AppError } from '../../src/domain/errors.ts';
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
 * Actions with outside effects (mail, SMS, webhooks) run outside the database transaction, with
 * the run id as their idempotency key, and are retried with backoff when they fail.
 */
for (const dialect of DIALECTS) {
  describe(`external actions (${dialect})`, () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(dialect);
      await migrateToLatest(t.store);
    });
    after(() => t.cleanup());

    test('run outside the transaction, keyed by the run id; failures are retried with backoff, then fail', async () => {
      const clock = new ManualClock(TEST_START);
      const calls: { key: string; canWrite: boolean }[] = [];
      let failuresLeft = 2;
      const external = defineAction({
        type: 'test_external',
        description: 'An outside effect for the test',
        params: Type.Object({}),
        templateParams: [],
        external: true,
        async run(_params, context) {
          // With a transaction open, the embedded database's only connection would be held and this
          // write would wait for ever; outside one it goes through at once.
          await t.store.db
            .updateTable('apiTokens')
            .set({ lastUsedAt: null })
            .where('id', '=', 'none')
            .execute();
          calls.push({ key: context.idempotencyKey, canWrite: true });
          if (failuresLeft-- > 0) {
            throw new AppError('provider_unavailable', 'internal', 'the provider answered 503', {
              retryable: true,
            });
          }
          return { changes: { delivered: true } };
        },
      });
      const engine = createEngine({
        store: createEngineStore(t.store.db, uuidv7, t.store.capabilities, new PhoneNumbers()),
        clock,
        ids: uuidv7,
        phones: new PhoneNumbers(),
        limits: DEFAULT_CASCADE_LIMITS,
        templates: createTemplateEngine({ clock }),
        findAction: (type) => (type === external.type ? external : findAction(type)),
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
        { name: 'Outside', entityType: 'deal', stages: [{ name: 'Send' }] },
        clock.now(),
      );
      const stage = pipeline.stages[0];
      assert.ok(stage);
      await repos.rules.createRobot(
        {
          name: 'call the provider',
          pipelineId: pipeline.id,
          stageId: stage.id,
          action: { type: external.type, params: {} },
          retry: { maxAttempts: 3, initialDelay: 'PT30S', maxDelay: 'PT1H' },
        },
        clock.now(),
      );
      const item = await engine.createItem(
        { pipelineId: pipeline.id, title: 'Outside' },
        { type: 'system', id: null },
      );
      const runOf = async () =>
        await t.store.db
          .selectFrom('runs')
          .selectAll()
          .where('itemId', '=', item.id)
          .executeTakeFirstOrThrow();

      await worker.drain();
      let run = await runOf();
      assert.equal(run.status, 'scheduled', 'the first failure is retried');
      assert.equal(run.attempts, 1);
      // Full jitter with random() = 1: the whole first delay, 30 s.
      assert.equal(run.dueAt, new Date(TEST_START.getTime() + 30_000).toISOString());
      clock.advance(30_000);
      await worker.drain();
      run = await runOf();
      assert.equal(run.status, 'scheduled');
      assert.equal(
        run.dueAt,
        new Date(TEST_START.getTime() + 30_000 + 60_000).toISOString(),
        'the delay doubles',
      );
      clock.advance(60_000);
      await worker.drain();
      run = await runOf();
      assert.equal(run.status, 'succeeded');
      assert.equal(run.attempts, 3);
      assert.deepEqual(
        new Set(calls.map((call) => call.key)),
        new Set([run.id]),
        'one idempotency key for every attempt',
      );
      assert.equal(calls.length, 3);
    });
  });
}
