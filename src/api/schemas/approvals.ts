import { Type } from 'typebox';
import { APPROVAL_DECISIONS, APPROVAL_STATUSES, DEADLINE_OUTCOMES } from '../../domain/approval.ts';
import { Id, NullableId, NullableTimestamp, StringEnum, Timestamp } from './common.ts';

const Status = StringEnum(APPROVAL_STATUSES, {
  description: 'pending: waiting for the current approver; approved or rejected: decided',
});

const DecisionRecordSchema = Type.Object(
  {
    step: Type.Integer({ description: 'Index into approverIds of the step decided' }),
    userId: NullableId,
    approverId: Id,
    outcome: StringEnum(['approved', 'rejected', 'escalated'] as const, {
      description: 'escalated: the deadline passed and the approval went on to another approver',
    }),
    comment: Type.Union([Type.String(), Type.Null()]),
    at: Timestamp,
    via: StringEnum(['api', 'link', 'deadline'] as const, {
      description: 'api: the UI or API; link: the emailed link; deadline: the engine at a deadline',
    }),
  },
  { title: 'ApprovalDecision' },
);

export const ApprovalSchema = Type.Object(
  {
    id: Id,
    itemId: Id,
    robotId: NullableId,
    runId: NullableId,
    title: Type.String({ description: 'What is to be approved' }),
    approverIds: Type.Array(Id, { description: 'The approvers in order; escalation may add a supervisor' }),
    step: Type.Integer({ description: 'Index into approverIds of whose turn it is (or was, once decided)' }),
    currentApproverId: NullableId,
    status: Status,
    decisions: Type.Array(DecisionRecordSchema),
    deadlineMinutes: Type.Union([Type.Integer(), Type.Null()], {
      description: 'Time each step has. Unit: minutes; null: no deadline',
    }),
    deadlineInWorkingTime: Type.Boolean({
      description:
        'Whether deadlineMinutes counts only the working time of the approver whose step it is, in their calendar and time zone',
    }),
    onDeadline: StringEnum(DEADLINE_OUTCOMES),
    dueAt: NullableTimestamp,
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Approval' },
);

export const ApprovalListQuery = Type.Object({
  mine: Type.Optional(
    Type.Union([Type.Literal('1'), Type.Literal('true')], {
      description: "1: only pending approvals where it is the signed-in user's turn",
    }),
  ),
  itemId: Type.Optional(Id),
  status: Type.Optional(Status),
});

export const ApprovalDecisionBody = Type.Object(
  {
    decision: StringEnum(APPROVAL_DECISIONS),
    comment: Type.Optional(Type.String({ maxLength: 2000, description: 'Why, for the journal' })),
  },
  { additionalProperties: false },
);

export const ApprovalLinkParams = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 200, description: 'The token of an emailed link' }),
});
