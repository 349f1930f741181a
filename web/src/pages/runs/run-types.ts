/** Runs as GET /api/v1/runs answers them, with the names the runs page shows. */

export const RUN_STATUSES = [
  'failed',
  'scheduled',
  'waiting',
  'running',
  'succeeded',
  'skipped',
  'cancelled',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RunError {
  readonly code: string;
  readonly message: string;
  readonly causes?: readonly { readonly message: string; readonly code?: string }[];
  readonly attempt?: number;
  readonly retryable?: boolean;
}

export interface Run {
  readonly id: string;
  readonly robotId: string;
  readonly itemId: string;
  readonly pipelineId: string;
  readonly stageId: string;
  readonly actionType: string;
  readonly status: RunStatus;
  readonly dueAt: string | null;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly reason: string | null;
  readonly error: RunError | null;
  readonly createdAt: string;
  /** When a person undid the run; null while not undone. */
  readonly undoneAt?: string | null;
  /** Names for people, so the list needs no lookups per row. */
  readonly robotName?: string | null;
  readonly itemTitle?: string | null;
  readonly stageName?: string | null;
  readonly action?: string | null;
}

export interface RetryRefusal {
  readonly id: string;
  readonly code: string;
  readonly message: string;
}

export interface RetryResult {
  readonly retried: readonly Run[];
  readonly refused: readonly RetryRefusal[];
}

/**
 * The look of each status, shared by the status pills and the dashboard's charts so a colour
 * means the same everywhere: green done, red failed, amber skipped, blue still to come, grey
 * cancelled.
 */
export const STATUS_LOOK: Record<RunStatus, { pill: string; color: string }> = {
  succeeded: { pill: 'pill-success', color: '#2e8b57' },
  failed: { pill: 'pill-danger', color: '#c8372d' },
  skipped: { pill: 'pill-warning', color: '#d99a00' },
  scheduled: { pill: 'pill-accent', color: '#2453d6' },
  waiting: { pill: 'pill-accent', color: '#7b9be8' },
  running: { pill: 'pill-accent', color: '#1b3a99' },
  cancelled: { pill: '', color: '#8a94a6' },
};
