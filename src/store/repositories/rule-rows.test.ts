import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/harness.ts';
import { AppError } from '../../domain/errors.ts';
import { PhoneNumbers } from '../../domain/phone-numbers.ts';
import type { Pipeline } from '../../domain/pipeline.ts';
import { uuidv7 } from '../ids.ts';
import { migrateToLatest } from '../migrate.ts';
import { createRepositories, type Repositories } from './index.ts';

const now = new Date('2026-03-02T09:00:00.000Z');

/** The error a rule gives when a stored part of it does not parse: it names the rule and the part. */
const namesRule = (kind: string, name: string, id: string, part: string) => (error: unknown) => {
  assert.ok(error instanceof AppError);
  assert.equal(error.code, 'stored_rule_invalid');
  assert.equal(error.retryable, false);
  assert.match(error.message, new RegExp(`${kind} "${name}" \\(${id}\\).*${part}`));
  assert.deepEqual(error.details, { rule: kind, ruleId: id, part });
  return true;
};

for (const dialect of DIALECTS) {
  describe(`stored rules read back (${dialect})`, () => {
    let testStore: TestStore;
    let repos: Repositories;
    let pipeline: Pipeline;
    let stageId: string;
    before(async () => {
      testStore = await createTestStore(dialect);
      await migrateToLatest(testStore.store);
      repos = createRepositories(testStore.store.db, uuidv7, new PhoneNumbers());
      pipeline = await repos.pipelines.create(
        { name: 'Sales', entityType: 'deal', stages: [{ name: 'New' }, { name: 'Won' }] },
        now,
      );
      stageId = pipeline.stages[1]?.id ?? '';
    });
    after(() => testStore.cleanup());

    test('conditions and timings come back as the typed values that were saved', async () => {
      const condition = {
        all: [{ field: 'item.amount', op: 'gt', value: 100 }, { not: { field: 'item.title', op: 'empty' } }],
      };
      const timing = { kind: 'after', duration: 'PT1H', workingTime: true };
      const robot = await repos.rules.createRobot(
        {
          name: 'typed',
          pipelineId: pipeline.id,
          stageId,
          action: { type: 'notify', params: {} },
          timing,
          condition,
        },
        now,
      );
      const [read] = await repos.rules.robotsOf(stageId);
      assert.deepEqual(read?.condition, condition);
      assert.deepEqual(read?.timing, timing);
      await repos.rules.deleteRobot(robot.id);
    });

    test('a robot whose stored condition, timing or params do not parse is refused with its name', async () => {
      const robot = await repos.rules.createRobot(
        { name: 'Broken robot', pipelineId: pipeline.id, stageId, action: { type: 'notify', params: {} } },
        now,
      );
      const corrupt = async (column: 'condition' | 'timing' | 'params', value: string) => {
        await testStore.store.db
          .updateTable('robots')
          .set({ [column]: value })
          .where('id', '=', robot.id)
          .execute();
      };
      await corrupt('condition', JSON.stringify({ field: 'item.amount', op: 'bigger', value: 1 }));
      await assert.rejects(
        repos.rules.robotsOf(stageId),
        namesRule('robot', 'Broken robot', robot.id, 'condition'),
      );
      await corrupt('condition', JSON.stringify({ field: 'item.amount', op: 'gt', value: 1 }));
      await corrupt('timing', JSON.stringify({ kind: 'later' }));
      await assert.rejects(
        repos.rules.findRobot(robot.id),
        namesRule('robot', 'Broken robot', robot.id, 'timing'),
      );
      await corrupt('timing', JSON.stringify({ kind: 'immediately' }));
      await corrupt('params', JSON.stringify(['not', 'an', 'object']));
      await assert.rejects(
        repos.rules.findRobot(robot.id),
        namesRule('robot', 'Broken robot', robot.id, 'params'),
      );
      await repos.rules.deleteRobot(robot.id);
    });

    test('a trigger or a guard whose stored condition does not parse is refused with its name', async () => {
      const trigger = await repos.rules.createTrigger(
        { name: 'Broken trigger', pipelineId: pipeline.id, stageId, eventType: 'email.received' },
        now,
      );
      await testStore.store.db
        .updateTable('triggers')
        .set({ filter: JSON.stringify({ all: 'everything' }) })
        .where('id', '=', trigger.id)
        .execute();
      await assert.rejects(
        repos.rules.triggersFor(pipeline.id, 'email.received'),
        namesRule('trigger', 'Broken trigger', trigger.id, 'filter'),
      );
      const guard = await repos.rules.createGuard(
        {
          name: 'Broken guard',
          pipelineId: pipeline.id,
          stageId,
          condition: { field: 'item.amount', op: 'gt', value: 0 },
          message: 'no',
        },
        now,
      );
      await testStore.store.db
        .updateTable('guards')
        .set({ condition: JSON.stringify({ not: 5 }) })
        .where('id', '=', guard.id)
        .execute();
      await assert.rejects(
        repos.rules.guardsOf(stageId),
        namesRule('guard', 'Broken guard', guard.id, 'condition'),
      );
    });
  });
}
