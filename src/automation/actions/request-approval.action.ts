import { Type } from 'typebox';
import { DEADLINE_OUTCOMES } from '../../domain/approval.ts';
import { approverStepDueAt, notifyApprover } from '../commands/approval-outcome.ts';
import { actionFailed, MAX_TEMPLATE_SOURCE, renderText, TEXT_LIMITS } from './action-support.ts';
import { defineAction } from './define-action.ts';
import { describeUserRef, resolveUserRef, UserRefSchema, validateUserRefs } from './user-refs.ts';

/** Longest time an approver may be given. Unit: minutes (a year). */
const MAX_DEADLINE_MINUTES = 525_600;

/**
 * Asks people to approve or reject something about the item (1C's "start a business process"):
 * the approvers decide one after another, each in the UI, through the API or by the signed links
 * of the mail sent to them; the first rejection or the last approval ends it with
 * `approval.rejected` or `approval.approved`, which triggers use. The approval is written with
 * the run (once per run); its mail goes out after the commit (approval-mail.ts).
 */
export const requestApprovalAction = defineAction({
  type: 'request_approval',
  description:
    "Asks the responsible's supervisor, named users or several people in turn to approve or reject",
  params: Type.Object(
    {
      approvers: Type.Array(UserRefSchema, {
        minItems: 1,
        maxItems: 10,
        description:
          'Who approves, in order, each a person reference; each decides after the one before approved',
      }),
      title: Type.String({
        minLength: 1,
        maxLength: MAX_TEMPLATE_SOURCE,
        description: 'Template: what is to be approved (cut at 500 characters)',
      }),
      deadlineMinutes: Type.Optional(
        Type.Integer({
          minimum: 1,
          maximum: MAX_DEADLINE_MINUTES,
          description: 'Time each approver has to decide. Unit: minutes. Default: no deadline',
        }),
      ),
      deadlineInWorkingTime: Type.Optional(
        Type.Boolean({
          description:
            "Count the deadline only in the working hours of the approver whose turn it is (their calendar and time zone; after an escalation, the new approver's), so nights, weekends and holidays do not count. Needs a deadline. Default: false",
        }),
      ),
      onDeadline: Type.Optional(
        Type.Union([Type.Literal(DEADLINE_OUTCOMES[0]), Type.Literal(DEADLINE_OUTCOMES[1])], {
          description:
            'When an approver lets the deadline pass: "escalate" (to the next approver, or else to that ' +
            'approver\'s supervisor; rejected when nobody is left) or "reject". Default: escalate',
        }),
      ),
    },
    { additionalProperties: false },
  ),
  templateParams: ['title'],
  external: false,

  async validate(params, context, pointer) {
    const problems = await validateUserRefs(params.approvers, context, `${pointer}/approvers`);
    if (params.deadlineInWorkingTime === true && params.deadlineMinutes === undefined) {
      problems.push({
        field: `${pointer}/deadlineInWorkingTime`,
        message: 'needs deadlineMinutes: working time counts a deadline, and none is given',
      });
    }
    return problems;
  },

  async run(params, ctx) {
    const approverIds: string[] = [];
    const skipped: { approver: string; reason: string }[] = [];
    for (const ref of params.approvers) {
      const resolved = await resolveUserRef(ref, ctx);
      if ('reason' in resolved) skipped.push({ approver: describeUserRef(ref), reason: resolved.reason });
      // The same person twice in a row would approve twice for nothing.
      else if (approverIds.at(-1) !== resolved.user.id) approverIds.push(resolved.user.id);
    }
    if (approverIds.length === 0) {
      const reasons = skipped.map((s) => `${s.approver}: ${s.reason}`).join('; ');
      throw actionFailed('approval_no_approver', `Nobody can be asked to approve (${reasons})`, { skipped });
    }
    const title = await renderText(ctx, params.title, TEXT_LIMITS.title);
    const now = ctx.clock.now();
    const deadline = {
      deadlineMinutes: params.deadlineMinutes ?? null,
      deadlineInWorkingTime: params.deadlineInWorkingTime ?? false,
    };
    const approval = await ctx.tx.approvals.create(
      {
        itemId: ctx.item.id,
        robotId: ctx.robot.id,
        runId: ctx.run.id,
        title,
        approverIds,
        ...deadline,
        dueAt: await approverStepDueAt(ctx.tx, deadline, approverIds[0], now),
        onDeadline: params.onDeadline ?? 'escalate',
      },
      now,
    );
    // A retried run answers the approval it asked before: its approver was told then.
    if (approval.createdAt === now.toISOString()) {
      await notifyApprover(ctx.tx, approval, ctx.item.title, now);
    }
    return {
      changes: {
        approvalId: approval.id,
        approverIds,
        dueAt: approval.dueAt,
        ...(skipped.length > 0 && { skipped }),
      },
    };
  },
});
