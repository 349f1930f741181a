import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/harness.ts';
import type { Item } from '../../domain/item.ts';
import { PhoneNumbers } from '../../domain/phone-numbers.ts';
import type { RunStatus } from '../../domain/run.ts';
import { uuidv7 } from '../ids.ts';
import { migrateToLatest } from '../migrate.ts';
import { createRepositories } from './index.ts';
import { JournalReadRepository } from './journal-read-repository.ts';

const now = new Date('2026-03-02T09:00:00.000Z');

for (const dialect of DIALECTS) {
  describe(`journal read repository (${dialect})`, () => {
    let testStore: TestStore;
    let item: Item;
    before(async () => {
      testStore = await createTestStore(dialect);
      await migrateToLatest(testStore.store);
      const repos = createRepositories(testStore.store.db, uuidv7, new PhoneNumbers());
      const pipeline = await repos.pipelines.create(
        { name: 'Deals', entityType: 'deal', stages: [{ name: 'New' }] },
        now,
      );
      item = await repos.items.create(
        { pipelineId: pipeline.id, stageId: pipeline.stages[0]?.id ?? '', title: 'Deal' },
        now,
      );
    });
    after(() => testStore.cleanup());

    async function insertRun(status: RunStatus): Promise<string> {
      const id = uuidv7();
      const at = now.toISOString();
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

    test('a retry makes a failed run due now; a run that did not fail is refused', async () => {
      const journal = new JournalReadRepository(testStore.store.db, uuidv7);
      const failed = await insertRun('failed');
      const retried = await journal.retryRun(failed, 'Anna', now);
      assert.equal(retried.status, 'scheduled');
      assert.equal(retried.dueAt, now.toISOString());

      const succeeded = await insertRun('succeeded');
      await assert.rejects(journal.retryRun(succeeded, 'Anna', now), { code: 'run_not_failed' });
    });
  });
}
