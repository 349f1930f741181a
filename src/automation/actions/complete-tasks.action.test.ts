import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { completeTasksAction } from './complete-tasks.action.ts';
import { fakeActionContext, paramProblems } from './fake-action-context.ts';

describe('complete_tasks action', () => {
  test('S1 on Won: by default completes the robots’ tasks of the whole item', async () => {
    const { ctx, recorded } = fakeActionContext();
    const result = await completeTasksAction.run({}, ctx);
    assert.deepEqual(recorded.completions, [{ itemId: 'item-1', scope: {} }]);
    assert.deepEqual(result.changes, { scope: 'item', completedTaskIds: ['task-a', 'task-b'] });
  });

  test('scope stage keeps to the run’s stage; scope pipeline to the item’s pipeline', async () => {
    const { ctx, recorded } = fakeActionContext();
    await completeTasksAction.run({ scope: 'stage' }, ctx);
    await completeTasksAction.run({ scope: 'pipeline' }, ctx);
    assert.deepEqual(
      recorded.completions.map((c) => c.scope),
      [{ stageId: 'stage-proposal' }, { pipelineId: 'pipeline-sales' }],
    );
  });

  test('params: only the three scopes', async () => {
    assert.deepEqual(await paramProblems(completeTasksAction, { scope: 'pipeline' }), []);
    const fields = (await paramProblems(completeTasksAction, { scope: 'all' })).map((p) => p.field);
    assert.ok(fields.includes('/body/action/params/scope'));
  });
});
