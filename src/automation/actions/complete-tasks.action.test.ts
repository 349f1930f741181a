import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fakeActionContext, paramProblems } from '../../../test/support/fake-action-context.ts';
import { completeTasksAction } from './complete-tasks.action.ts';

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

  test('stageId completes the robot tasks created at that stage, as "tasks created at stage X"', async () => {
    const { ctx, recorded } = fakeActionContext();
    const result = await completeTasksAction.run({ stageId: 'stage-info' }, ctx);
    await completeTasksAction.run({ scope: 'stage', stageId: 'stage-info' }, ctx);
    assert.deepEqual(
      recorded.completions.map((c) => c.scope),
      [{ stageId: 'stage-info' }, { stageId: 'stage-info' }],
    );
    assert.deepEqual(result.changes, {
      scope: 'stage',
      stageId: 'stage-info',
      completedTaskIds: ['task-a', 'task-b'],
    });
  });

  test('params: stageId must be a stage of the robot’s pipeline, with scope stage', async () => {
    assert.deepEqual(await paramProblems(completeTasksAction, { stageId: 'stage-info' }), []);
    assert.deepEqual(await paramProblems(completeTasksAction, { scope: 'stage', stageId: 'stage-won' }), []);
    assert.deepEqual(await paramProblems(completeTasksAction, { stageId: 'stage-elsewhere' }), [
      {
        field: '/body/action/params/stageId',
        message: 'stage stage-elsewhere is not a stage of pipeline "Sales"',
      },
    ]);
    const mixed = await paramProblems(completeTasksAction, { scope: 'pipeline', stageId: 'stage-info' });
    assert.deepEqual(
      mixed.map((p) => p.field),
      ['/body/action/params/stageId'],
    );
    assert.match(mixed[0]?.message ?? '', /scope must be "stage", not "pipeline"/);
  });

  test('params: only the three scopes', async () => {
    assert.deepEqual(await paramProblems(completeTasksAction, { scope: 'pipeline' }), []);
    const fields = (await paramProblems(completeTasksAction, { scope: 'all' })).map((p) => p.field);
    assert.ok(fields.includes('/body/action/params/scope'));
  });
});
