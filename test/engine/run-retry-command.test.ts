import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { findAction } from '../../src/automation/actions/registry.ts';
import { type AutomationEngine, createEngine } from '../../src/automation/engine.ts';
import { DEFAULT_CASCADE_LIMITS } from '../../src/automation/engine-context.ts';
import type { EngineStore } from '../../src/automation/ports.ts';
import { createTemplateEngine } from '../../src/automation/templates/template-engine.ts';
import type { Item } from '../../src/domain/item.ts';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { PhoneNumbers } from '../../src/domain/phone-numbers.ts';
import type { RunStatus } from '../../src/domain/run.ts';
import { createEngineStore } from '../../src/store/engine-store.ts';
import { uuidv7 } from '../../src/store/ids.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createRepositories } from '../../src/store/repositories/index.ts';
import { createTestStore, DIALECTS, TEST_START, type TestStore } from '../support/harness.ts';

for (const dialect of DIALECTS) {
  describe(`retrying failed runs (${dialect})`, () => {
    let testStore: TestStore;
    let item: Item;
    let engine: AutomationEngine;
    const clock = new ManualClock(TEST_START);
    /** Commits and wake-ups of the runners, in the order they happened. */
    const log: string[] = [];

    before(async () => {
      testStore = await createTestStore(dialect);
      const { store } = testStore;
      await migrateToLatest(store);
      const repos = createRepositories(store.db, uuidv7, new PhoneNumbers());
      const pipeline = await repos.pipelines.create(
        { name: 'Deals', entityType: 'deal', stages: [{ name: 'New' }] },
        clock.now(),
      );
      item = await repos.items.create(
        { pipelineId: pipeline.id, stageId: pipeline.stages[0]?.id ?? '', title: 'Deal' },
        clock.now(),
      );
      const inner = createEngineStore(store.db, uuidv7, store.capabilities, new PhoneNumbers());
      const watched: EngineStore = {
        ...inner,
        transaction: async (work) => {
          const result = await inner.transaction(work);
          log.push('commit');
          return result;
        },
      };
      engine = createEngine({
        store: watched,
        clock,
        ids: uuidv7,
        phones: new PhoneNumbers(),
        limits: DEFAULT_CASCADE_LIMITS,
        templates: createTemplateEngine({ clock }),
        findAction,
        wake: (what) => log.push(`wake ${what}`),
        random: () => 0.5,
      });
    });
    after(() => testStore.cleanup());
    beforeEach(() => {
      log.length = 0;
    });

    async function insertRun(status: RunStatus): Promise<string> {
      const id = uuidv7();
      const at = clock.now().toISOString();
      await testStore.store.db
        .insertInto('runs')
        .values({
          id,
          robotId: uuidv7(),
          itemId: item.id,
          pipelineId: item.pipelineId,
          stageId: item.stageId,
          stageEntryId: item.stageEntryId,
          actionType: 'notify',
          status,
          plannedAt: at,
          dueAt: at,
          startedAt: null,
          finishedAt: at,
          attempts: 1,
          maxAttempts: 1,
          leaseOwner: null,
          leaseExpiresAt: null,
          reason: null,
          error: null,
          result: null,
          previousRunId: null,
          rootEventId: null,
          causeEventId: null,
          depth: 0,
          createdAt: at,
          updatedAt: at,
        })
        .execute();
      return id;
    }

    test('a retry makes a failed run due now and wakes the runners once it committed', async () => {
      clock.advance(60_000);
      const failed = await insertRun('failed');
      const retried = await engine.retryRun(failed, 'Anna');
      assert.deepEqual(
        [retried.status, retried.dueAt, retried.maxAttempts, retried.finishedAt],
        ['scheduled', clock.now().toISOString(), 2, null],
      );
      assert.deepEqual(log, ['commit', 'wake runs']);
    });

    test('a run that did not fail, or does not exist, is refused and wakes nothing', async () => {
      const succeeded = await insertRun('succeeded');
      await assert.rejects(engine.retryRun(succeeded, 'Anna'), { code: 'run_not_failed' });
      await assert.rejects(engine.retryRun(uuidv7(), 'Anna'), { code: 'run_not_found' });
      const row = await testStore.store.db
        .selectFrom('runs')
        .select('status')
        .where('id', '=', succeeded)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'succeeded');
      assert.deepEqual(log, []);
    });

    test('a bulk retry retries the failed runs, refuses the others and wakes once after them', async () => {
      const [first, done, second] = [
        await insertRun('failed'),
        await insertRun('succeeded'),
        await insertRun('failed'),
      ];
      const outcome = await engine.retryRuns([first, done, second], 'Anna');
      assert.deepEqual(outcome.retried, [first, second]);
      assert.deepEqual(
        outcome.refused.map((refusal) => [refusal.id, refusal.code]),
        [[done, 'run_not_failed']],
      );
      assert.deepEqual(log, ['commit', 'commit', 'wake runs']);
      const none = await engine.retryRuns([done], 'Anna');
      assert.deepEqual(none.retried, []);
      assert.deepEqual(log, ['commit', 'commit', 'wake runs'], 'nothing retried, nothing woken');
    });
  });
}
