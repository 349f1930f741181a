import type { NotificationKind } from './notification-preferences.ts';

/**
 * Work around an item: tasks for users, planned activities (calls, meetings, emails, to-dos) and
 * in-app notifications. Status names are stored: never renamed, only added.
 */

export const TASK_STATUSES = ['new', 'in_progress', 'completed', 'deferred', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Statuses in which a task no longer waits for anyone, so its deadline cannot be missed. */
export const CLOSED_TASK_STATUSES: readonly TaskStatus[] = ['completed', 'cancelled'];

export interface Task {
  readonly id: string;
  readonly itemId: string | null;
  readonly title: string;
  readonly description: string | null;
  readonly responsibleId: string | null;
  readonly observerIds: string[];
  readonly deadline: string | null;
  readonly status: TaskStatus;
  /** The stage the task belongs to (robots complete their tasks by stage). */
  readonly stageId: string | null;
  /** Set only by robots; tasks created through the API have none. */
  readonly createdByRobotId: string | null;
  /**
   * The person who created the task: the signed-in user, or the person a robot acted as. Null
   * when no person did (an API token, a robot acting as itself).
   */
  readonly createdByUserId: string | null;
  readonly completedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export const ACTIVITY_TYPES = ['call', 'meeting', 'email', 'todo'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const ACTIVITY_STATUSES = ['planned', 'completed', 'cancelled'] as const;
export type ActivityStatus = (typeof ACTIVITY_STATUSES)[number];

export interface Activity {
  readonly id: string;
  readonly itemId: string | null;
  readonly type: ActivityType;
  readonly subject: string;
  readonly description: string | null;
  readonly dueAt: string | null;
  readonly responsibleId: string | null;
  readonly status: ActivityStatus;
  /** Completes itself when the item leaves `stageId`, the stage it was planned in. */
  readonly autoComplete: boolean;
  readonly stageId: string | null;
  readonly createdByRobotId: string | null;
  /** The person who planned it, as for tasks; null when no person did. */
  readonly createdByUserId: string | null;
  readonly completedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface Notification {
  readonly id: string;
  readonly userId: string;
  readonly title: string;
  readonly body: string;
  readonly itemId: string | null;
  readonly readAt: string | null;
  readonly read: boolean;
  readonly createdAt: string;
  /** What it is about (robot, task, approval, system, other): decides its email. */
  readonly kind: NotificationKind;
  /** Where it leads in the web UI or outside, when not (only) to its item. */
  readonly link: string | null;
  /** The email that carries it, as the user's preferences asked; null when none goes out. */
  readonly email: NotificationEmailState | null;
}

export interface NotificationEmailState {
  readonly mode: 'immediately' | 'hourly';
  /** `pending` until sent; `failed` once the retries are spent or the mail server refused it. */
  readonly status: 'pending' | 'sent' | 'failed';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly sentAt: string | null;
}

/**
 * When a task or activity was completed after a status change: entering `completed` stamps `now`,
 * staying completed keeps the first stamp, any other status clears it.
 */
export function completedAtAfter(
  completed: boolean,
  previousCompletedAt: string | null,
  now: Date,
): string | null {
  if (!completed) return null;
  return previousCompletedAt ?? now.toISOString();
}

/**
 * Reads an ISO 8601 date-time (already checked by the schema) as an instant; undefined when the
 * calendar cannot hold it (a leap second, a year out of range), so the caller can refuse it.
 */
export function parseInstant(text: string): Date | undefined {
  const date = new Date(text);
  // Year 0 reads in JavaScript but not in PostgreSQL, whose calendar starts at 1 AD.
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() < 1 ? undefined : date;
}
