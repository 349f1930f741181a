import { CLOSED_TASK_STATUSES, type TaskStatus } from './work.ts';

/** The part of a task that decides when its deadline is checked. */
export interface OverdueState {
  readonly status: TaskStatus;
  /** ISO 8601, or null. */
  readonly deadline: string | null;
}

/**
 * When a task's overdue check is due after a change: its deadline while it is open, so the check
 * fires once per deadline. Returns undefined when the planned check stays as it is: nothing that
 * decides it changed, so a check that already fired is not armed again.
 *  - closed (completed, cancelled): nothing waits;
 *  - a new deadline (moved, set, removed): the new one, or nothing;
 *  - reopened: the deadline if it is still ahead (one that passed while closed is not announced).
 */
export function overdueAtAfter(
  before: OverdueState | undefined,
  after: OverdueState,
  now: Date,
): string | null | undefined {
  const open = !CLOSED_TASK_STATUSES.includes(after.status);
  if (!open) return null;
  if (before === undefined || !sameInstant(before.deadline, after.deadline)) return after.deadline;
  if (CLOSED_TASK_STATUSES.includes(before.status)) {
    return after.deadline !== null && Date.parse(after.deadline) > now.getTime() ? after.deadline : null;
  }
  return undefined;
}

function sameInstant(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return Date.parse(a) === Date.parse(b);
}
