import { Type } from 'typebox';
import { JOURNAL_KINDS } from '../../domain/journal.ts';
import { RUN_STATUSES } from '../../domain/run.ts';
import { RUN_ORDERS } from '../../store/repositories/runs-read-repository.ts';
import { Id, NullableId, NullableTimestamp, StringEnum, Timestamp } from './common.ts';

const RunStatus = StringEnum(RUN_STATUSES, {
  description:
    'waiting (due time not known yet), scheduled, running, and the final succeeded, failed, cancelled, skipped',
});
const JournalKind = StringEnum(JOURNAL_KINDS);
const Json = Type.Record(Type.String(), Type.Unknown());
const NullableName = (description: string) => Type.Union([Type.String(), Type.Null()], { description });

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
    robotVersion: Type.Union([Type.Integer(), Type.Null()], {
      description:
        'The version of the robot the run was planned with; null for runs planned before versions were kept',
    }),
    undoneAt: Type.Union([Timestamp, Type.Null()], {
      description: 'When a person undid what the run changed; null while not undone',
    }),
    undoneBy: Type.Union(
      [Type.Object({ userId: NullableId, name: Type.String() }, { title: 'UndoneBy' }), Type.Null()],
      { description: 'Who undid the run: the signed-in user, or the API token by its name' },
    ),
    work: Type.Union(
      [
        Type.Object(
          { kind: Type.Union([Type.Literal('task'), Type.Literal('activity')]), id: Id },
          { title: 'RunWork' },
        ),
        Type.Null(),
      ],
      {
        description:
          "The task or activity a run timed against the item's work (task.deadline, activity.start) was " +
          'last planned for; its templates read it as `task` or `activity`. Null for other timings',
      },
    ),
    robotName: Type.Union([Type.String(), Type.Null()], { description: 'Null when the robot was deleted' }),
    itemTitle: Type.Union([Type.String(), Type.Null()]),
    stageName: Type.Union([Type.String(), Type.Null()]),
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
    triggerName: NullableName('The trigger of the entry, or of the move it records'),
    robotName: NullableName('The robot of the entry, or the robot whose run made the move'),
    guardName: NullableName('The guard that refused a move'),
    stageName: NullableName('The target of a move or refusal, the stage of a run'),
    fromStageName: NullableName('The stage a move or refusal left from'),
    authorName: NullableName('The API token or user who made a manual move'),
  },
  {
    title: 'JournalEntry',
    description:
      'data by kind: event_received {type, subject, data, summary}; trigger_matched and trigger_not_matched ' +
      '{reason: matched | missing_stage | same_stage | final_stage | backward | filter | condition, explanation, ' +
      'eventType, toStageId, compared?: {field, op, expected?, valueField?, percent?, plus?, minus?, operand?, actual}}; moved {fromStageId (null on ' +
      'creation), toStageId, author, cause: {kind: trigger | robot | manual | system, ...}, created?}; move_refused ' +
      '{fromStageId, toStageId, reason, guardMessage, manual, cause, compared?}; run_planned {dueAt, status}; ' +
      'run_skipped {reason: condition | once_per_item | robot_disabled | item_missing, explanation?, compared?}; ' +
      'run_cancelled {reason, dueAt?}; run_retry_scheduled {error, dueAt}; run_failed {error}; run_succeeded {changes}',
  },
);

const STATUS_LIST = `^(${RUN_STATUSES.join('|')})(,(${RUN_STATUSES.join('|')}))*$`;
const Instant = (description: string) => Type.Optional(Type.String({ format: 'date-time', description }));

export const RunListQuery = Type.Object(
  {
    itemId: Type.Optional(Id),
    robotId: Type.Optional(Id),
    pipelineId: Type.Optional(Id),
    status: Type.Optional(
      Type.String({
        pattern: STATUS_LIST,
        description: `One status or a comma list of them: ${RUN_STATUSES.join(', ')}`,
        examples: ['failed', 'failed,scheduled'],
      }),
    ),
    from: Instant('Due at or after'),
    to: Instant('Due at or before'),
    dueFrom: Instant('Due at or after (the same as from)'),
    dueTo: Instant('Due at or before (the same as to)'),
    order: Type.Optional(
      StringEnum(RUN_ORDERS, {
        description:
          'oldest-first (default): as planned. failed-first: failed runs, then the others, the latest due first. ' +
          'newest-first: the latest planned first',
      }),
    ),
  },
  { additionalProperties: false },
);

export const RetryRunsSchema = Type.Object(
  { ids: Type.Array(Id, { minItems: 1, maxItems: 500, uniqueItems: true }) },
  { additionalProperties: false, title: 'RetryRuns' },
);

export const RetryRunsResultSchema = Type.Object(
  {
    retried: Type.Array(RunSchema, { description: 'Runs scheduled again, due now' }),
    refused: Type.Array(
      Type.Object(
        { id: Type.String(), code: Type.String(), message: Type.String() },
        { title: 'RetryRefusal' },
      ),
      { description: 'Runs left as they were: not failed (run_not_failed) or unknown (not_found)' },
    ),
  },
  { title: 'RetryRunsResult' },
);

export const JournalQuery = Type.Object(
  { kind: Type.Optional(JournalKind) },
  { additionalProperties: false },
);
