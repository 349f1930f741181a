import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { activityUpdate, createActivity } from '../../src/automation/commands/save-activity.ts';
import { updateRecord } from '../../src/automation/commands/update-record.ts';
import { type CommandBench, invalidAt, openCommandBench } from '../support/command-bench.ts';
import { DIALECTS } from '../support/harness.ts';

/** Created through the API with a token: no person is the creator. */
const TOKEN = { type: 'api', id: null } as const;

for (const dialect of DIALECTS) {
  describe(`save an activity (${dialect})`, () => {
    let b: CommandBench;
    before(async () => {
      b = await openCommandBench(dialect);
    });
    after(() => b.close());

    test("a new activity belongs to its item's current stage unless it names one", async () => {
      const { item, stageIds } = await b.placeItem();
      const planned = await createActivity(
        b.context,
        {
          itemId: item.id,
          type: 'call',
          subject: 'Intro call',
        },
        TOKEN,
      );
      assert.equal(planned.stageId, item.stageId);
      const named = await createActivity(
        b.context,
        {
          itemId: item.id,
          type: 'meeting',
          subject: 'Demo',
          stageId: stageIds[1] ?? null,
        },
        TOKEN,
      );
      assert.equal(named.stageId, stageIds[1]);
      const loose = await createActivity(b.context, { type: 'todo', subject: 'Tidy up' }, TOKEN);
      assert.equal(loose.stageId, null);
    });

    test("moved to another item without a stage named, it takes that item's stage; no event, nobody woken", async () => {
      const { item } = await b.placeItem();
      const other = await b.placeItem();
      const activity = await createActivity(
        b.context,
        { itemId: item.id, type: 'call', subject: 'Call' },
        TOKEN,
      );
      b.wakes.length = 0;
      const moved = await updateRecord(b.context, activityUpdate, {
        id: activity.id,
        changes: { itemId: other.item.id },
        expectedVersion: activity.version,
      });
      assert.equal(moved.itemId, other.item.id);
      assert.equal(moved.stageId, other.item.stageId);
      const renamed = await updateRecord(b.context, activityUpdate, {
        id: activity.id,
        changes: { subject: 'Call again' },
      });
      assert.equal(renamed.stageId, other.item.stageId, 'a change on the same item leaves the stage alone');
      assert.deepEqual(b.wakes, []);
    });

    test('unknown ids are refused naming their field, and an unknown activity is not found', async () => {
      const { item } = await b.placeItem();
      await assert.rejects(
        createActivity(b.context, { itemId: 'nope', type: 'call', subject: 'X' }, TOKEN),
        invalidAt('/body/itemId'),
      );
      const activity = await createActivity(
        b.context,
        { itemId: item.id, type: 'call', subject: 'Call' },
        TOKEN,
      );
      await assert.rejects(
        updateRecord(b.context, activityUpdate, { id: activity.id, changes: { responsibleId: 'nope' } }),
        invalidAt('/body/responsibleId'),
      );
      await assert.rejects(updateRecord(b.context, activityUpdate, { id: 'missing', changes: {} }), {
        code: 'activity_not_found',
      });
    });
  });
}
