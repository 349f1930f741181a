import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fakeActionContext, NOW, testUser } from '../../../test/support/fake-action-context.ts';
import type { Approval } from '../../domain/approval.ts';
import type { NewApproval } from '../approval-ports.ts';
import { requestApprovalAction } from './request-approval.action.ts';

const boss = testUser('boss');
const anna = testUser('anna', { supervisorId: 'boss' });

/** The action over a store whose approval was written at `createdAt` (earlier: by a run retried). */
function asking(createdAt: Date) {
  const { ctx, recorded } = fakeActionContext({ users: [anna, boss], item: { responsibleId: 'anna' } });
  const create = async (input: NewApproval): Promise<Approval> => ({
    ...input,
    id: 'approval-1',
    step: 0,
    status: 'pending',
    decisions: [],
    dueAt: null,
    createdAt: createdAt.toISOString(),
    updatedAt: createdAt.toISOString(),
  });
  return { ctx: { ...ctx, tx: { ...ctx.tx, approvals: { create } } }, recorded };
}

describe('request_approval action', () => {
  test('the approver is told in the app, about the item, with a link to the approval', async () => {
    const { ctx, recorded } = asking(NOW);
    await requestApprovalAction.run(
      { approvers: ['supervisor'], title: 'Discount for {{ item.title }}' },
      ctx,
    );
    assert.deepEqual(recorded.notifications, [
      {
        userId: 'boss',
        title: 'Approval requested: Discount for Boilers for Romashka',
        body: 'Item: Boilers for Romashka. Approve or reject (step 1/1).',
        itemId: 'item-1',
      },
    ]);
  });

  test('a retried run that answers the approval it asked before tells nobody a second time', async () => {
    const { ctx, recorded } = asking(new Date(NOW.getTime() - 60_000));
    const result = await requestApprovalAction.run({ approvers: ['supervisor'], title: 'Discount' }, ctx);
    assert.equal(result.changes?.['approvalId'], 'approval-1');
    assert.deepEqual(recorded.notifications, []);
  });
});
