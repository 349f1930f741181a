import type { Approval, ApprovalDecisionRecord } from '../domain/approval.ts';
import type { ApprovalChange } from './approval-ports.ts';
import { applyApprovalChange, finalStep, nextStep, userName } from './commands/approval-outcome.ts';
import type { EngineContext } from './engine-context.ts';
import type { EngineTx } from './ports.ts';

/** How many due deadlines one pass takes; the rest wait for the next pass, which comes at once. */
const DEADLINES_PER_PASS = 50;

/**
 * Applies the approval deadlines that passed, by the engine's clock: the step escalates (to the
 * next approver, else to the approver's supervisor) or the approval is rejected, as its robot
 * said. Each is taken under the row's lock and applied with its journal entry (and event) in one
 * transaction; a decision made meanwhile leaves nothing to apply. Answers how many it applied.
 */
export async function fireDueApprovalDeadlines(context: EngineContext): Promise<number> {
  let applied = 0;
  for (;;) {
    const now = context.clock.now();
    const due = await context.store.direct().approvals.dueDeadlines(now, DEADLINES_PER_PASS);
    for (const id of due) {
      const took = await context.store.transaction(async (tx) => {
        const approval = await tx.approvals.findForUpdate(id);
        if (approval?.status !== 'pending' || approval.dueAt === null) return false;
        if (Date.parse(approval.dueAt) > now.getTime()) return false;
        await passDeadline(context, tx, approval, now);
        return true;
      });
      if (took) applied += 1;
    }
    if (due.length < DEADLINES_PER_PASS) return applied;
  }
}

async function passDeadline(context: EngineContext, tx: EngineTx, approval: Approval, now: Date) {
  const approverId = approval.approverIds[approval.step] ?? '';
  const late = await userName(tx, approverId);
  const record = (outcome: ApprovalDecisionRecord['outcome']): ApprovalDecisionRecord => ({
    step: approval.step,
    userId: null,
    approverId,
    outcome,
    comment: null,
    at: now.toISOString(),
    via: 'deadline',
  });
  const rejected = (why: string) =>
    applyApprovalChange(context, tx, approval, finalStep(approval, record('rejected')), {
      kind: 'approval_decided',
      message: `${late} did not decide "${approval.title}" in time: rejected, ${why}`,
    });
  if (approval.onDeadline === 'reject') return rejected('as the robot says for a missed deadline');
  const next = await escalationTarget(tx, approval, approverId);
  if (next === undefined) return rejected('nobody is left to escalate to');
  const change: ApprovalChange = await nextStep(tx, approval, record('escalated'), next.approverIds, now);
  return applyApprovalChange(context, tx, approval, change, {
    kind: 'approval_escalated',
    message: `${late} did not decide "${approval.title}" in time: passed on to ${await userName(tx, next.userId)}`,
  });
}

/** The next approver in line, else the late approver's supervisor when not asked already. */
async function escalationTarget(
  tx: EngineTx,
  approval: Approval,
  approverId: string,
): Promise<{ userId: string; approverIds: readonly string[] } | undefined> {
  const following = approval.approverIds[approval.step + 1];
  if (following !== undefined) return { userId: following, approverIds: approval.approverIds };
  const supervisorId = (await tx.users.find(approverId))?.supervisorId ?? null;
  if (supervisorId === null || approval.approverIds.includes(supervisorId)) return undefined;
  return { userId: supervisorId, approverIds: [...approval.approverIds, supervisorId] };
}

/** How long until the next approval deadline, in ms (0 when one is due); undefined when none waits. */
export async function nextApprovalDeadlineInMs(context: EngineContext): Promise<number | undefined> {
  const next = await context.store.direct().approvals.nextDueAt();
  if (next === undefined) return undefined;
  return Math.max(0, Date.parse(next) - context.clock.now().getTime());
}
