import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestStore, DIALECTS, TEST_START, type TestStore } from '../../../test/support/harness.ts';
import { PhoneNumbers } from '../../domain/phone-numbers.ts';
import type { Pipeline } from '../../domain/pipeline.ts';
import { uuidv7 } from '../ids.ts';
import { migrateToLatest } from '../migrate.ts';
import { createRepositories, type Repositories } from './index.ts';

for (const dialect of DIALECTS) {
  describe(`tasks repository: completing robots' tasks (${dialect})`, () => {
    let testStore: TestStore;
    let repos: Repositories;
    let sales: Pipeline;
    let other: Pipeline;
    const later = new Date(TEST_START.getTime() + 60_000);

    before(async () => {
      testStore = await createTestStore(dialect);
      await migrateToLatest(testStore.store);
      repos = createRepositories(testStore.store.db, uuidv7, new PhoneNumbers());
      sales = await repos.pipelines.create(
        { name: 'Sales', entityType: 'deal', stages: [{ name: 'Proposal' }, { name: 'Invoice' }] },
        TEST_START,
      );
      other = await repos.pipelines.create(
        { name: 'Service', entityType: 'ticket', stages: [{ name: 'New' }] },
        TEST_START,
      );
    });
    after(() => testStore.cleanup());

    const stage = (pipeline: Pipeline, index: number): string => pipeline.stages[index]?.id ?? '';

    /** An item with: robot tasks in each sales stage and in another pipeline's stage, a closed robot task, and a person's task. */
    async function itemWithTasks() {
      const item = await repos.items.create(
        { pipelineId: sales.id, stageId: stage(sales, 0), title: 'Deal' },
        TEST_START,
      );
      const task = (
        title: string,
        stageId: string | null,
        robot: string | null,
        status?: 'cancelled' | 'deferred',
      ) =>
        repos.tasks.create(
          { itemId: item.id, title, stageId, createdByRobotId: robot, ...(status && { status }) },
          TEST_START,
        );
      return {
        item,
        proposal: await task('Call back', stage(sales, 0), 'robot-1'),
        invoice: await task('Check the payment', stage(sales, 1), 'robot-2'),
        deferred: await task('Deferred', stage(sales, 1), 'robot-2', 'deferred'),
        foreign: await task('Other pipeline', stage(other, 0), 'robot-3'),
        cancelled: await task('Cancelled', stage(sales, 0), 'robot-1', 'cancelled'),
        byPerson: await task('Written by a person', stage(sales, 0), null),
      };
    }

    test('item scope completes every open robot task of the item, leaving people’s and closed tasks alone', async () => {
      const t = await itemWithTasks();
      const elsewhere = await itemWithTasks();
      const ids = await repos.tasks.completeCreatedByRobots(t.item.id, {}, later);
      assert.deepEqual(ids, [t.proposal.id, t.invoice.id, t.deferred.id, t.foreign.id].sort());
      const proposal = await repos.tasks.getOrThrow(t.proposal.id);
      assert.equal(proposal.status, 'completed');
      assert.equal(proposal.completedAt, later.toISOString());
      assert.equal(proposal.version, 2);
      assert.equal((await repos.tasks.getOrThrow(t.cancelled.id)).status, 'cancelled');
      assert.equal((await repos.tasks.getOrThrow(t.byPerson.id)).status, 'new');
      assert.equal((await repos.tasks.getOrThrow(elsewhere.proposal.id)).status, 'new');
    });

    test('stage scope completes only the robot tasks created in that stage', async () => {
      const t = await itemWithTasks();
      const ids = await repos.tasks.completeCreatedByRobots(t.item.id, { stageId: stage(sales, 1) }, later);
      assert.deepEqual(ids, [t.invoice.id, t.deferred.id].sort());
      assert.equal((await repos.tasks.getOrThrow(t.proposal.id)).status, 'new');
    });

    test('pipeline scope completes only the robot tasks of that pipeline’s stages', async () => {
      const t = await itemWithTasks();
      const ids = await repos.tasks.completeCreatedByRobots(t.item.id, { pipelineId: sales.id }, later);
      assert.deepEqual(ids, [t.proposal.id, t.invoice.id, t.deferred.id].sort());
      assert.equal((await repos.tasks.getOrThrow(t.foreign.id)).status, 'new');
    });

    test('a second call completes nothing and keeps the first completion time', async () => {
      const t = await itemWithTasks();
      await repos.tasks.completeCreatedByRobots(t.item.id, {}, later);
      assert.deepEqual(
        await repos.tasks.completeCreatedByRobots(t.item.id, {}, new Date(later.getTime() + 1)),
        [],
      );
      assert.equal((await repos.tasks.getOrThrow(t.proposal.id)).completedAt, later.toISOString());
    });

    test('inside a transaction that rolls back, nothing is completed', async () => {
      const t = await itemWithTasks();
      await assert.rejects(
        testStore.store.db.transaction().execute(async (trx) => {
          const ids = await createRepositories(trx, uuidv7, new PhoneNumbers()).tasks.completeCreatedByRobots(
            t.item.id,
            {},
            later,
          );
          assert.equal(ids.length, 4);
          throw new Error('the run failed');
        }),
        /the run failed/,
      );
      assert.equal((await repos.tasks.getOrThrow(t.proposal.id)).status, 'new');
    });
  });
}
