import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTask, taskUpdate } from '../../src/automation/commands/save-task.ts';
import { updateRecord } from '../../src/automation/commands/update-record.ts';
import { type CommandBench, invalidAt, openCommandBench } from '../support/command-bench.ts';
import { DIALECTS } from '../support/harness.ts';

/** Created through the API with a token: no person is the creator. */
const TOKEN = { type: 'api', id: null } as const;

for (const dialect of DIALECTS) {
  describe(`save a task (${dialect})`, () => {
    let b: CommandBench;
    before(async () => {
      b = await openCommandBench(dialect);
    });
    after(() => b.close());

    const taskOfNewItem = async () => {
      const placed = await b.placeItem();
      const task = await b.repos.tasks.create(
        { itemId: placed.item.id, title: 'Call back', stageId: placed.stageIds[0] ?? null },
        b.clock.now(),
      );
      return { ...placed, task };
    };
    const statusEventsOf = async (taskId: string) =>
      (await b.events('task.status_changed')).filter((e) => e.subject['taskId'] === taskId);

    test('a new status is written with its task.status_changed, then the runner is woken', async () => {
      const { task } = await taskOfNewItem();
      b.wakes.length = 0;
      const updated = await updateRecord(b.context, taskUpdate(TOKEN), {
        id: task.id,
        changes: { status: 'completed' },
        expectedVersion: task.version,
      });
      assert.equal(updated.status, 'completed');
      assert.ok(updated.completedAt !== null);
      const events = await statusEventsOf(task.id);
      assert.deepEqual(
        events.map((e) => e.data),
        [{ taskId: task.id, status: 'completed', previousStatus: 'new', title: 'Call back' }],
      );
      assert.deepEqual(b.wakes, ['events']);
    });

    test('other changes write no event; moved to another item, the task leaves its stage', async () => {
      const { task } = await taskOfNewItem();
      const other = await b.placeItem();
      const updated = await updateRecord(b.context, taskUpdate(TOKEN), {
        id: task.id,
        changes: { itemId: other.item.id, title: 'Call the other one' },
      });
      assert.equal(updated.itemId, other.item.id);
      assert.equal(updated.stageId, null);
      assert.equal(updated.title, 'Call the other one');
      assert.deepEqual(await statusEventsOf(task.id), []);
    });

    test('every id it names is checked before anything is written, each naming its field', async () => {
      const { task, stageIds } = await taskOfNewItem();
      const other = await b.placeItem();
      const refused = [
        [{ itemId: 'nope' }, '/body/itemId'],
        [{ responsibleId: 'nope' }, '/body/responsibleId'],
        [{ observerIds: ['nope'] }, '/body/observerIds/0'],
        [{ stageId: 'nope' }, '/body/stageId'],
        [{ stageId: other.stageIds[1] ?? '' }, '/body/stageId'],
      ] as const;
      for (const [changes, field] of refused) {
        await assert.rejects(
          updateRecord(b.context, taskUpdate(TOKEN), {
            id: task.id,
            changes: { ...changes, status: 'completed' },
          }),
          invalidAt(field),
        );
      }
      const stored = await b.repos.tasks.getOrThrow(task.id);
      assert.equal(stored.status, 'new');
      assert.equal(stored.stageId, stageIds[0]);
      assert.deepEqual(await statusEventsOf(task.id), []);
    });

    test('a new task is checked like a change and keeps only the stage it names, waking nobody', async () => {
      const { item, stageIds } = await b.placeItem();
      b.wakes.length = 0;
      const task = await createTask(
        b.context,
        {
          itemId: item.id,
          title: 'Send the offer',
          status: 'in_progress',
        },
        TOKEN,
      );
      assert.equal(task.stageId, null);
      assert.equal(task.status, 'in_progress');
      const staged = await createTask(
        b.context,
        {
          itemId: item.id,
          title: 'Staged',
          stageId: stageIds[1] ?? null,
        },
        TOKEN,
      );
      assert.equal(staged.stageId, stageIds[1]);
      await assert.rejects(
        createTask(b.context, { itemId: item.id, title: 'Nobody', observerIds: ['nope'] }, TOKEN),
        invalidAt('/body/observerIds/0'),
      );
      const listed = await b.repos.tasks.list({ itemId: item.id }, {}, b.clock.now());
      assert.deepEqual(listed.data.map((t) => t.title).sort(), ['Send the offer', 'Staged']);
      assert.deepEqual(b.wakes, []);
    });

    test('an unknown task is not found', async () => {
      await assert.rejects(
        updateRecord(b.context, taskUpdate(TOKEN), { id: 'missing', changes: { title: 'X' } }),
        {
          code: 'task_not_found',
        },
      );
    });
  });
}
