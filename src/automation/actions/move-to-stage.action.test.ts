import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fakeActionContext, paramProblems } from '../../../test/support/fake-action-context.ts';
import { moveToStageAction } from './move-to-stage.action.ts';

describe('move_to_stage action', () => {
  test('moves the item through the engine and reports the move', async () => {
    const { ctx, recorded } = fakeActionContext();
    const result = await moveToStageAction.run({ stageId: 'stage-won' }, ctx);
    assert.deepEqual(recorded.moves, [{ itemId: 'item-1', toStageId: 'stage-won' }]);
    assert.deepEqual(result.changes, { moved: true, fromStageId: 'stage-proposal', toStageId: 'stage-won' });
  });

  test('a guard’s refusal is the result, not an error', async () => {
    const { ctx } = fakeActionContext({ moveOutcome: { moved: false, refusedBy: 'Payment is not 100 %' } });
    const result = await moveToStageAction.run({ stageId: 'stage-won' }, ctx);
    assert.deepEqual(result.changes, {
      moved: false,
      fromStageId: 'stage-proposal',
      toStageId: 'stage-won',
      refusedBy: 'Payment is not 100 %',
    });
  });

  test('params: the stage must be another stage of the robot’s pipeline', async () => {
    const problems = async (stageId: string) => await paramProblems(moveToStageAction, { stageId });
    assert.deepEqual(await problems('stage-won'), []);
    const foreign = await problems('stage-of-another-pipeline');
    assert.deepEqual(
      foreign.map((p) => p.field),
      ['/body/action/params/stageId'],
    );
    assert.match(foreign[0]?.message ?? '', /not a stage of pipeline "Sales"/);
    assert.deepEqual(
      (await problems('stage-proposal')).map((p) => p.field),
      ['/body/action/params/stageId'],
    );
  });
});
