/**
 * A run is one execution of a robot for one item and one stage entry; the `runs` table is also the
 * work queue. Stored statuses: never renamed, only added.
 *
 * waiting   — planned, but its due time is unknown yet (an `at` date field is empty, or the
 *             previous robot of an `afterPrevious` chain has not finished)
 * scheduled — due at `dueAt`; a worker claims it then
 * running   — claimed by a worker holding a lease until `leaseExpiresAt`
 * succeeded, failed, cancelled, skipped — final
 */
export const RUN_STATUSES = [
  'waiting',
  'scheduled',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'skipped',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const FINAL_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'failed', 'cancelled', 'skipped'];
/** Runs that have not started: leaving the stage cancels these. */
export const NOT_STARTED_RUN_STATUSES: readonly RunStatus[] = ['waiting', 'scheduled'];

export interface RunError {
  readonly code: string;
  readonly message: string;
  readonly stack?: string | undefined;
  /** The chain of causes, outermost first. */
  readonly causes: readonly { readonly message: string; readonly code?: string | undefined }[];
  readonly attempt: number;
  readonly retryable: boolean;
}

export interface Run {
  readonly id: string;
  readonly robotId: string;
  readonly itemId: string;
  readonly pipelineId: string;
  readonly stageId: string;
  /** Identifies the stage entry the run belongs to (the item's `stageEntryId` at planning). */
  readonly stageEntryId: string;
  readonly actionType: string;
  readonly status: RunStatus;
  readonly plannedAt: string;
  readonly dueAt: string | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly leaseOwner: string | null;
  readonly leaseExpiresAt: string | null;
  /** Why it was cancelled or skipped ("left stage", "condition not met: ..."). */
  readonly reason: string | null;
  readonly error: RunError | null;
  /** What the action changed, for the journal. */
  readonly result: Readonly<Record<string, unknown>> | null;
  /** The run this one waits for (`afterPrevious`). */
  readonly previousRunId: string | null;
  readonly rootEventId: string | null;
  readonly causeEventId: string | null;
  readonly depth: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The robot's version when the run was planned (null for runs planned before versions were kept). */
  readonly robotVersion: number | null;
  /** When a person undid what the run changed (null: not undone); a run is undone at most once. */
  readonly undoneAt: string | null;
  /** Who undid it. */
  readonly undoneBy: { readonly userId: string | null; readonly name: string } | null;
  /**
   * The task or activity a run timed against the item's work (`task.deadline`,
   * `activity.start`) was last planned for: its templates read it as `task` or `activity`. Null
   * for other timings and while the run waits for one.
   */
  readonly work: RunWork | null;
}

export const RUN_WORK_KINDS = ['task', 'activity'] as const;
export type RunWorkKind = (typeof RUN_WORK_KINDS)[number];

/** A task or activity by id. Stored kinds: never renamed, only added. */
export interface RunWork {
  readonly kind: RunWorkKind;
  readonly id: string;
}

/** A stored work reference read back; anything incomplete or unknown is none. */
export function runWorkOf(kind: string | null, id: string | null): RunWork | null {
  if (id === null) return null;
  const known = RUN_WORK_KINDS.find((candidate) => candidate === kind);
  return known === undefined ? null : { kind: known, id };
}
