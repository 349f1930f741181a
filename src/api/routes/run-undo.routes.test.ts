import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

interface PipelineBody {
  id: string;
  stages: { id: string; name: string }[];
}

/** Undoing a succeeded run from the journal: its internal changes put back, all or nothing. */
for (const dialect of DIALECTS) {
  describe(`undo a run (${dialect})`, () => {
    let t: TestApp;
    let deals: PipelineBody;
    const stage = (index: number): string => {
      const found = deals.stages[index];
      assert.ok(found);
      return found.id;
    };

    before(async () => {
      t = await createTestApp(dialect);
      deals = (
        await t.request({
          method: 'POST',
          url: '/api/v1/pipelines',
          body: {
            name: 'Deals',
            entityType: 'deal',
            stages: [{ name: 'New' }, { name: 'Qualified' }, { name: 'Proposal' }, { name: 'Contract' }],
          },
        })
      ).body;
      const robots = [
        {
          name: 'Region',
          stageId: stage(0),
          action: { type: 'update_fields', params: { set: { 'fields.region': 'North', amount: 500 } } },
        },
        {
          name: 'Call task',
          stageId: stage(0),
          action: { type: 'create_task', params: { title: 'Call {{ item.title }}' } },
        },
        {
          name: 'Note',
          stageId: stage(0),
          action: { type: 'add_timeline_entry', params: { text: 'Welcome' } },
        },
        {
          name: 'Only big',
          stageId: stage(0),
          condition: { field: 'item.amount', op: 'gt', value: 1000000 },
          action: { type: 'add_timeline_entry', params: { text: 'Big' } },
        },
        {
          name: 'On to proposal',
          stageId: stage(1),
          action: { type: 'move_to_stage', params: { stageId: stage(2) } },
        },
      ];
      for (const body of robots) {
        const saved = await t.request({ method: 'POST', url: '/api/v1/robots', body });
        assert.equal(saved.status, 201, JSON.stringify(saved.body));
      }
    });
    after(() => t.close());

    async function newItem(title: string): Promise<string> {
      const item = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId: deals.id, title },
      });
      assert.equal(item.status, 201, JSON.stringify(item.body));
      return item.body.id;
    }
    async function runOf(itemId: string, robotName: string) {
      const runs = (await t.request({ method: 'GET', url: `/api/v1/runs?itemId=${itemId}&limit=100` })).body
        .data;
      const run = runs.find((candidate: { robotName: string }) => candidate.robotName === robotName);
      assert.ok(run, `a run of ${robotName}`);
      return run as { id: string; status: string; undoneAt: string | null };
    }
    const item = async (id: string) => (await t.request({ method: 'GET', url: `/api/v1/items/${id}` })).body;
    const undo = (runId: string, as: 'manager' | 'viewer' | 'admin' = 'manager') =>
      t.request({ method: 'POST', url: `/api/v1/runs/${runId}/undo`, as });

    test('the preview lists what would be undone and changes nothing', async () => {
      const id = await newItem('Preview');
      const run = await runOf(id, 'Region');
      const preview = await t.request({ method: 'GET', url: `/api/v1/runs/${run.id}/undo`, as: 'viewer' });
      assert.equal(preview.status, 200, JSON.stringify(preview.body));
      assert.equal(preview.body.undoable, true);
      const targets = preview.body.effects.map((effect: { target: string; verdict: string }) => [
        effect.target,
        effect.verdict,
      ]);
      assert.deepEqual(targets.sort(), [
        ['item.amount', 'undo'],
        ['item.fields.region', 'undo'],
      ]);
      assert.equal((await item(id)).fields.region, 'North');
    });

    test('undo puts the fields back, journals who undid it, and marks the run undone once', async () => {
      const id = await newItem('Restore');
      const run = await runOf(id, 'Region');
      assert.equal((await item(id)).amount, '500.00');
      const undone = await undo(run.id);
      assert.equal(undone.status, 200, JSON.stringify(undone.body));
      const restored = await item(id);
      assert.equal(Object.hasOwn(restored.fields, 'region'), false);
      assert.equal(restored.amount, '0.00');

      const journal = (await t.request({ method: 'GET', url: `/api/v1/items/${id}/journal?limit=200` })).body
        .data;
      const head = journal.find((entry: { kind: string }) => entry.kind === 'run_undone');
      assert.ok(head);
      assert.match(head.message, /undone by test manager/);
      const applied = journal.filter((entry: { kind: string }) => entry.kind === 'undo_applied');
      assert.equal(applied.length, 2);
      for (const entry of applied)
        assert.match(entry.message, new RegExp(`undone by test manager, run ${run.id}`));

      assert.notEqual((await runOf(id, 'Region')).undoneAt, null);
      const again = await undo(run.id);
      assert.equal(again.status, 409);
      assert.equal(again.body.code, 'run_already_undone');
    });

    test('a field changed since refuses the whole undo, naming it, and changes nothing', async () => {
      const id = await newItem('Edited');
      const run = await runOf(id, 'Region');
      const patched = await t.request({
        method: 'PATCH',
        url: `/api/v1/items/${id}`,
        body: { fields: { region: 'South' } },
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));

      const preview = (await t.request({ method: 'GET', url: `/api/v1/runs/${run.id}/undo` })).body;
      assert.equal(preview.undoable, false);
      assert.match(preview.blockedBy, /item\.fields\.region was changed since/);

      const refused = await undo(run.id);
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      assert.equal(refused.body.code, 'undo_refused');
      assert.deepEqual(
        refused.body.refused.map((effect: { target: string }) => effect.target),
        ['item.fields.region'],
      );
      const after = await item(id);
      assert.equal(after.fields.region, 'South');
      assert.equal(after.amount, '500.00', 'the amount, which could be undone, is left as well');
      assert.equal((await runOf(id, 'Region')).undoneAt, null);
    });

    test('a created task is cancelled; once completed, the undo is refused', async () => {
      const id = await newItem('Tasks');
      const run = await runOf(id, 'Call task');
      const [task] = (await t.request({ method: 'GET', url: `/api/v1/tasks?itemId=${id}` })).body.data;
      assert.equal((await undo(run.id)).status, 200);
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/tasks/${task.id}` })).body.status,
        'cancelled',
      );

      const other = await newItem('Done task');
      const otherRun = await runOf(other, 'Call task');
      const [done] = (await t.request({ method: 'GET', url: `/api/v1/tasks?itemId=${other}` })).body.data;
      await t.request({ method: 'PATCH', url: `/api/v1/tasks/${done.id}`, body: { status: 'completed' } });
      const refused = await undo(otherRun.id);
      assert.equal(refused.status, 409);
      assert.match(refused.body.detail, /the task was completed since/);
    });

    test('a move is put back without planning the robots of the stage it returns to', async () => {
      const id = await newItem('Mover');
      await t.request({ method: 'POST', url: `/api/v1/items/${id}/move`, body: { stageId: stage(1) } });
      assert.equal((await item(id)).stageId, stage(2), 'the robot moved it on');
      const run = await runOf(id, 'On to proposal');
      const undone = await undo(run.id);
      assert.equal(undone.status, 200, JSON.stringify(undone.body));
      assert.equal((await item(id)).stageId, stage(1), 'back where the robot found it, and it stays');
      const runs = (await t.request({ method: 'GET', url: `/api/v1/runs?itemId=${id}&limit=100` })).body.data;
      const movers = runs.filter(
        (candidate: { robotName: string }) => candidate.robotName === 'On to proposal',
      );
      assert.equal(movers.length, 1, 'no new run of the stage it returned to');
    });

    test('an item that moved on since refuses the undo of the move', async () => {
      const id = await newItem('Moved on');
      await t.request({ method: 'POST', url: `/api/v1/items/${id}/move`, body: { stageId: stage(1) } });
      await t.request({ method: 'POST', url: `/api/v1/items/${id}/move`, body: { stageId: stage(3) } });
      const refused = await undo((await runOf(id, 'On to proposal')).id);
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'undo_refused');
      assert.match(refused.body.detail, /moved on from "Proposal" since: it is in "Contract" now/);
      assert.equal((await item(id)).stageId, stage(3));
    });

    test('history entries are listed as not undoable and do not stop the undo', async () => {
      const id = await newItem('Noted');
      const run = await runOf(id, 'Note');
      const preview = (await t.request({ method: 'GET', url: `/api/v1/runs/${run.id}/undo` })).body;
      assert.equal(preview.undoable, true);
      assert.deepEqual(
        preview.effects.map((effect: { verdict: string }) => effect.verdict),
        ['not_undoable'],
      );
      assert.equal((await undo(run.id)).status, 200);
    });

    test('a viewer may preview but not undo; a run that did not succeed cannot be undone', async () => {
      const id = await newItem('Rights');
      const run = await runOf(id, 'Region');
      assert.equal((await undo(run.id, 'viewer')).status, 403);
      const skipped = await runOf(id, 'Only big');
      assert.equal(skipped.status, 'skipped');
      const refused = await undo(skipped.id);
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'run_not_undoable');
      assert.equal((await t.request({ method: 'POST', url: '/api/v1/runs/no-such-run/undo' })).status, 404);
    });
  });
}
