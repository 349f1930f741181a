import {
  type Approval,
  type ApprovalDecisionRecord,
  currentApproverId,
  type StepDeadline,
  stepDueAt,
} from '../../domain/approval.ts';
import type { JournalKind } from '../../domain/journal.ts';
import type { NotificationsPort } from '../actions/action-ports.ts';
import type { ApprovalChange } from '../approval-ports.ts';
import type { EngineContext } from '../engine-context.ts';
import type { EngineTx } from '../ports.ts';
import { writeChangeEvents } from './internal-events.ts';
import { notifyUser } from './notify-user.ts';

/**
 * What a decision or a deadline does to an approval, shared by deciding (decide-approval.ts) and
 * the deadline pass (approval-deadlines.ts): the next step starts (its deadline and mail planned
 * in the row), or the approval ends with its event; either way the journal says who did what.
 */

/**
 * Moves the approval on to `approverIds[step]` (a longer list when escalated to a supervisor).
 * The new step's deadline is counted from `now` in that approver's own calendar and time zone.
 */
export async function nextStep(
  tx: EngineTx,
  approval: Approval,
  record: ApprovalDecisionRecord,
  approverIds: readonly string[],
  now: Date,
): Promise<ApprovalChange> {
  const step = approval.step + 1;
  return {
    approverIds,
    step,
    status: 'pending',
    decisions: [...approval.decisions, record],
    dueAt: await approverStepDueAt(tx, approval, approverIds[step], now),
    mailStep: step,
  };
}

/** `stepDueAt` for a step of `approverId` that starts at `now`; the user is read only for working time. */
export async function approverStepDueAt(
  tx: Pick<EngineTx, 'users'>,
  deadline: StepDeadline,
  approverId: string | undefined,
  now: Date,
): Promise<string | null> {
  const working = deadline.deadlineMinutes !== null && deadline.deadlineInWorkingTime;
  const approver = working && approverId !== undefined ? await tx.users.find(approverId) : undefined;
  return stepDueAt(deadline, now, approver);
}

/** Ends the approval approved or rejected. */
export function finalStep(approval: Approval, record: ApprovalDecisionRecord): ApprovalChange {
  return {
    approverIds: approval.approverIds,
    step: approval.step,
    status: record.outcome === 'approved' ? 'approved' : 'rejected',
    decisions: [...approval.decisions, record],
    dueAt: null,
    mailStep: null,
  };
}

/** Writes the change, its journal entry and, when it ended the approval, approval.approved/rejected. */
export async function applyApprovalChange(
  context: EngineContext,
  tx: EngineTx,
  approval: Approval,
  change: ApprovalChange,
  journal: { kind: JournalKind; message: string },
): Promise<Approval> {
  const now = context.clock.now();
  const changed = await tx.approvals.change(approval, change, now);
  const record = change.decisions.at(-1);
  await tx.journal.add(
    {
      kind: journal.kind,
      itemId: approval.itemId,
      robotId: approval.robotId,
      runId: approval.runId,
      message: journal.message,
      data: {
        approvalId: approval.id,
        title: approval.title,
        step: approval.step,
        ...(record !== undefined && {
          outcome: record.outcome,
          userId: record.userId,
          approverId: record.approverId,
          comment: record.comment,
          via: record.via,
        }),
        status: changed.status,
        nextApproverId: currentApproverId(changed) ?? null,
        // Names as they were, so the journal reads the same after a user is renamed or removed.
        ...(record !== undefined && {
          userName: record.userId === null ? null : await userName(tx, record.userId),
          approverName: await userName(tx, record.approverId),
        }),
        nextApproverName:
          changed.status === 'pending' ? await userName(tx, currentApproverId(changed) ?? null) : null,
      },
    },
    now,
  );
  if (change.mailStep !== null) {
    await notifyApprover(tx, changed, (await tx.items.find(approval.itemId))?.title, now);
  }
  if (changed.status !== 'pending') {
    await writeChangeEvents(context, tx, [
      {
        type: `approval.${changed.status}`,
        subject: { itemId: approval.itemId },
        data: {
          approvalId: approval.id,
          title: approval.title,
          decidedBy: record?.userId ?? null,
          comment: record?.comment ?? null,
          robotId: approval.robotId,
        },
      },
    ]);
  }
  return changed;
}

/** A user's name for journal messages, or their id when they are gone. */
export async function userName(tx: EngineTx, id: string | null): Promise<string> {
  if (id === null) return 'nobody';
  return (await tx.users.find(id))?.name ?? `user ${id}`;
}

const cut = (text: string): string => (text.length > 500 ? `${text.slice(0, 499)}…` : text);

/**
 * Tells the approver whose turn it now is, in the app (kind `approval`, leading to the approval's
 * page), in the transaction that started the step. In-app only: the approval's own mail, with
 * its signed links, is the email (approval-mail.ts), so the preference for `approval` sends no
 * second one.
 */
export async function notifyApprover(
  tx: { readonly notifications: NotificationsPort },
  approval: Approval,
  itemTitle: string | undefined,
  now: Date,
): Promise<void> {
  const approverId = currentApproverId(approval);
  if (approverId === undefined) return;
  const of = `${approval.step + 1}/${approval.approverIds.length}`;
  await notifyUser(
    tx,
    {
      userId: approverId,
      kind: 'approval',
      title: {
        en: cut(`Approval requested: ${approval.title}`),
        ru: cut(`Требуется согласование: ${approval.title}`),
      },
      body: {
        en: `${itemTitle === undefined ? '' : `Item: ${itemTitle}. `}Approve or reject (step ${of}).`,
        ru: `${itemTitle === undefined ? '' : `Элемент: ${itemTitle}. `}Одобрите или отклоните (шаг ${of}).`,
      },
      itemId: approval.itemId,
      link: `/approvals/${approval.id}`,
      email: false,
    },
    now,
  );
}
