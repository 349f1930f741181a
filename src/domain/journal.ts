/**
 * The journal: the causal record of what the engine did and why. Every entry names the item (when
 * there is one), the event and run involved, the root event of its chain and the entry that
 * caused it. Stored kinds: never renamed, only added.
 */
export const JOURNAL_KINDS = [
  'event_received',
  'event_duplicate',
  'event_unresolved',
  'event_failed',
  'trigger_matched',
  'trigger_not_matched',
  'moved',
  'move_refused',
  'run_planned',
  'run_replanned',
  'run_cancelled',
  'run_started',
  'run_succeeded',
  'run_retry_scheduled',
  'run_failed',
  'run_skipped',
  'loop_stopped',
  'approval_requested',
  'approval_decided',
  'approval_escalated',
  'run_undone',
  'undo_applied',
] as const;
export type JournalKind = (typeof JOURNAL_KINDS)[number];

export interface JournalEntry {
  readonly id: string;
  readonly kind: JournalKind;
  readonly itemId: string | null;
  readonly eventId: string | null;
  readonly runId: string | null;
  readonly triggerId: string | null;
  readonly robotId: string | null;
  readonly guardId: string | null;
  /** The stage involved: the target of a move or refusal, the stage of a run. */
  readonly stageId: string | null;
  readonly message: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly rootEventId: string | null;
  /** The journal entry that led to this one. */
  readonly causeId: string | null;
  readonly depth: number;
  readonly createdAt: string;
}

export type NewJournalEntry = Omit<
  JournalEntry,
  | 'id'
  | 'createdAt'
  | 'itemId'
  | 'eventId'
  | 'runId'
  | 'triggerId'
  | 'robotId'
  | 'guardId'
  | 'stageId'
  | 'data'
  | 'rootEventId'
  | 'causeId'
  | 'depth'
> &
  Partial<
    Pick<
      JournalEntry,
      | 'itemId'
      | 'eventId'
      | 'runId'
      | 'triggerId'
      | 'robotId'
      | 'guardId'
      | 'stageId'
      | 'data'
      | 'rootEventId'
      | 'causeId'
      | 'depth'
    >
  >;
