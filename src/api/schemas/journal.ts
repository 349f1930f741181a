import { Type } from 'typebox';
import { JOURNAL_KINDS } from '../../domain/journal.ts';
import { RUN_STATUSES } from '../../domain/run.ts';
import { Id, NullableId, NullableTimestamp, StringEnum, Timestamp } from './common.ts';

const RunStatus = StringEnum(RUN_STATUSES, {
  description:
    'waiting (due time not known yet), scheduled, running, and the final succeeded, failed, cancelled, skipped',
});
const JournalKind = StringEnum(JOURNAL_KINDS);
const Json = Type.Record(Type.String(), Type.Unknown());

/** The stored error of a failed attempt; the stack stays in the database and the logs. */
const RunErrorSchema = Type.Object(
  {
    code: Type.String(),
    message: Type.String(),
    causes: Type.Immutable(
      Type.Array(Type.Object({ message: Type.String(), code: Type.Optional(Type.String()) }), {
        description: 'The chain of causes, outermost first',
      }),
    ),
    attempt: Type.Integer({ description: 'The attempt that failed, from 1' }),
    retryable: Type.Boolean(),
  },
  { title: 'RunError' },
);

export const RunSchema = Type.Object(
  {
    id: Id,
    robotId: Id,
    itemId: Id,
    pipelineId: Id,
    stageId: Id,
    stageEntryId: Type.String({ description: 'The stage entry the run belongs to' }),
    actionType: Type.String(),
    status: RunStatus,
    plannedAt: Timestamp,
    dueAt: NullableTimestamp,
    startedAt: NullableTimestamp,
    finishedAt: NullableTimestamp,
    attempts: Type.Integer(),
    maxAttempts: Type.Integer(),
    leaseOwner: Type.Union([Type.String(), Type.Null()]),
    leaseExpiresAt: NullableTimestamp,
    reason: Type.Union([Type.String(), Type.Null()], { description: 'Why it was cancelled or skipped' }),
    error: Type.Union([RunErrorSchema, Type.Null()]),
    result: Type.Union([Json, Type.Null()], { description: 'What the action changed' }),
    previousRunId: NullableId,
    rootEventId: Type.Union([Type.String(), Type.Null()]),
    causeEventId: Type.Union([Type.String(), Type.Null()]),
    depth: Type.Integer({ description: 'Position in the cascade started by the root event' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  },
  { title: 'Run', description: 'One execution of a robot for one item and one stage entry' },
);

export const JournalEntrySchema = Type.Object(
  {
    id: Id,
    kind: JournalKind,
    itemId: NullableId,
    eventId: Type.Union([Type.String(), Type.Null()]),
    runId: NullableId,
    triggerId: NullableId,
    robotId: NullableId,
    guardId: NullableId,
    stageId: NullableId,
    message: Type.String(),
    data: Json,
    rootEventId: Type.Union([Type.String(), Type.Null()]),
    causeId: Type.Union([Id, Type.Null()], { description: 'The journal entry that led to this one' }),
    depth: Type.Integer(),
    createdAt: Timestamp,
  },
  { title: 'JournalEntry' },
);

export const RunListQuery = Type.Object(
  {
    itemId: Type.Optional(Id),
    robotId: Type.Optional(Id),
    status: Type.Optional(RunStatus),
    dueFrom: Type.Optional(Type.String({ format: 'date-time', description: 'Due at or after' })),
    dueTo: Type.Optional(Type.String({ format: 'date-time', description: 'Due at or before' })),
  },
  { additionalProperties: false },
);

export const JournalQuery = Type.Object(
  { kind: Type.Optional(JournalKind) },
  { additionalProperties: false },
);
