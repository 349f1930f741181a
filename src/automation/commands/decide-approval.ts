import type { Approval, ApprovalDecision, ApprovalDecisionRecord } from '../../domain/approval.ts';
import { AppError, notFound } from '../../domain/errors.ts';
import type { EngineContext } from '../engine-context.ts';
import type { EngineTx } from '../ports.ts';
import { applyApprovalChange, finalStep, nextStep, userName } from './approval-outcome.ts';
import { commitChange } from './internal-events.ts';

export interface ApprovalDecisionInput {
  readonly approvalId: string;
  readonly decision: ApprovalDecision;
  readonly comment?: string | null | undefined;
  /** Who decides: a signed-in user (or, through an emailed link, the approver it was sent to). */
  readonly userId: string | null;
  /** Admins may decide in anyone's place. */
  readonly admin: boolean;
  readonly via: 'api' | 'link';
  /** The step an emailed link was made for: a link of a step that is over is stale. */
  readonly step?: number | undefined;
}

/**
 * An approver's decision, in one transaction with its journal entry and, when it ends the
 * approval, its event (processed by the runner after the commit, like every internal event).
 * The row is read for update, so two decisions sent at once find one of them already taken.
 */
export function decideApproval(context: EngineContext, input: ApprovalDecisionInput): Promise<Approval> {
  // Due after the commit: the event of a decision that ends the approval, or else the next
  // approver's mail. Going on writes no event, so processing events wakes nothing after it: the
  // mail loop wakes with the runs, here.
  return commitChange(context, (tx) => decide(context, tx, input), ['events', 'runs']);
}

async function decide(context: EngineContext, tx: EngineTx, input: ApprovalDecisionInput): Promise<Approval> {
  const approval = await tx.approvals.findForUpdate(input.approvalId);
  if (approval === undefined) throw notFound('approval', input.approvalId);
  if (approval.status !== 'pending') {
    throw new AppError(
      'approval_decided',
      'conflict',
      `Approval ${approval.id} was ${approval.status} already; the first decision stands`,
      { details: { approvalStatus: approval.status } },
    );
  }
  if (input.step !== undefined && input.step !== approval.step) {
    throw new AppError(
      'approval_link_stale',
      'conflict',
      'This link is no longer current: the approval has moved on to another approver',
      { details: { step: approval.step } },
    );
  }
  const approverId = approval.approverIds[approval.step] ?? '';
  if (!input.admin && input.userId !== approverId) {
    throw new AppError(
      'approval_not_your_turn',
      'forbidden',
      `Only ${await userName(tx, approverId)}, whose turn it is, or an admin may decide this approval`,
    );
  }
  const record: ApprovalDecisionRecord = {
    step: approval.step,
    userId: input.userId,
    approverId,
    outcome: input.decision === 'approve' ? 'approved' : 'rejected',
    comment: input.comment?.trim() || null,
    at: context.clock.now().toISOString(),
    via: input.via,
  };
  const last = approval.step + 1 >= approval.approverIds.length;
  const change =
    input.decision === 'approve' && !last
      ? await nextStep(tx, approval, record, approval.approverIds, context.clock.now())
      : finalStep(approval, record);
  const who = await userName(tx, input.userId);
  const on = input.userId === approverId ? '' : ` for ${await userName(tx, approverId)}`;
  const comment = record.comment === null ? '' : `: ${record.comment}`;
  return applyApprovalChange(context, tx, approval, change, {
    kind: 'approval_decided',
    message: `${who}${on} ${record.outcome} "${approval.title}" (step ${approval.step + 1} of ${approval.approverIds.length})${comment}`,
  });
}
