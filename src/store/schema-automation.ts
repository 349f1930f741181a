import type { ColumnType, Generated } from 'kysely';
import type { Bool, Versioned } from './schema-columns.ts';

/** Tables of the automation engine (migration 0002). */
export interface EventsTable {
  id: string;
  type: string;
  source: string;
  occurredAt: string;
  receivedAt: string;
  subject: unknown;
  data: unknown;
  status: string;
  processedAt: string | null;
  itemIds: unknown;
  error: string | null;
  rootEventId: string;
  depth: number;
  causeRunId: string | null;
  causeJournalId: string | null;
  /** Insertion order (migration 0010): events are processed by it. */
  seq: Generated<number>;
  /** What the event is processed in order under (migration 0017): the item, or the subject. */
  orderKey: string | null;
  /** Failed attempts so far; the event waits until `nextAttemptAt` for the next one. */
  attempts: Generated<number>;
  nextAttemptAt: string | null;
}

interface RuleColumns extends Versioned {
  id: string;
  name: string;
  pipelineId: string;
  stageId: string;
  enabled: Bool;
}

export interface TriggersTable extends RuleColumns {
  eventType: string;
  filter: unknown;
  condition: unknown;
  allowBackward: Bool;
  /** The person the trigger acts as (migration 0025); null: the trigger itself. */
  actAs: ColumnType<unknown, unknown, unknown>;
}

export interface RobotsTable extends RuleColumns {
  actionType: string;
  params: unknown;
  timing: unknown;
  condition: unknown;
  afterPrevious: Bool;
  repeat: string;
  retry: unknown;
  sort: number;
  /** The person the robot acts as (migration 0025); null: the robot itself. */
  actAs: ColumnType<unknown, unknown, unknown>;
}

export interface GuardsTable extends RuleColumns {
  condition: unknown;
  message: string;
}

export interface RunsTable {
  id: string;
  robotId: string;
  itemId: string;
  pipelineId: string;
  stageId: string;
  stageEntryId: string;
  actionType: string;
  status: string;
  plannedAt: string;
  dueAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  attempts: number;
  maxAttempts: number;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  reason: string | null;
  error: unknown;
  result: unknown;
  previousRunId: string | null;
  rootEventId: string | null;
  causeEventId: string | null;
  depth: number;
  createdAt: string;
  updatedAt: string;
  /** The robot's version when the run was planned (migration 0015); null for older runs. */
  robotVersion: ColumnType<number | null, number | null | undefined, number | null>;
  /** When a person undid the run's changes, and who (migration 0025); null while not undone. */
  undoneAt: ColumnType<string | null, string | null | undefined, string | null>;
  undoneBy: ColumnType<unknown, unknown, unknown>;
  /** The task or activity the run is timed against (migration 0028); null for other runs. */
  workKind: ColumnType<string | null, string | null | undefined, string | null>;
  workId: ColumnType<string | null, string | null | undefined, string | null>;
}

/** One change of a trigger, robot, guard or stage (migration 0015). */
/** One row (id 1): bumped by the database on every change to pipelines, stages and rules (0018). */
export interface RuleVersionsTable {
  id: number;
  /** bigint: a string on PostgreSQL. */
  version: number | string;
}

export interface RuleRevisionsTable {
  id: string;
  ruleKind: string;
  ruleId: string;
  pipelineId: string;
  version: number;
  change: string;
  before: unknown;
  after: unknown;
  actorUserId: string | null;
  actorName: string;
  at: string;
}

export interface JournalEntriesTable {
  id: string;
  kind: string;
  itemId: string | null;
  eventId: string | null;
  runId: string | null;
  triggerId: string | null;
  robotId: string | null;
  guardId: string | null;
  stageId: string | null;
  message: string;
  data: unknown;
  rootEventId: string | null;
  causeId: string | null;
  depth: number;
  createdAt: string;
}
