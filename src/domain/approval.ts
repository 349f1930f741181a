import { AppError } from './errors.ts';
import type { Duration } from './timing/duration.ts';
import { addWorkingTime, validateCalendar } from './timing/working-calendar.ts';
import { DEFAULT_CALENDAR, type User } from './user.ts';

/**
 * An approval: people asked, one after another, to approve or reject something about an item
 * (1C's "business process" in its most common form). The `request_approval` action creates one;
 * each approver in `approverIds` decides in turn, and the first rejection or the last approval
 * ends it. A step with a deadline that passes escalates (to the next approver, or to the current
 * approver's supervisor) or rejects, as the robot said.
 */

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const APPROVAL_DECISIONS = ['approve', 'reject'] as const;
export type ApprovalDecision = (typeof APPROVAL_DECISIONS)[number];

/** What happens when a step's deadline passes. */
export const DEADLINE_OUTCOMES = ['escalate', 'reject'] as const;
export type DeadlineOutcome = (typeof DEADLINE_OUTCOMES)[number];

/** Where a decision was made: the web UI or API, the emailed link, or the engine at a deadline. */
export type DecisionChannel = 'api' | 'link' | 'deadline';

/** One entry of an approval's history. `outcome` `escalated`: the step's deadline passed. */
export interface ApprovalDecisionRecord {
  readonly step: number;
  /** Who decided; null for the engine at a deadline. */
  readonly userId: string | null;
  /** The approver whose step it was. */
  readonly approverId: string;
  readonly outcome: 'approved' | 'rejected' | 'escalated';
  readonly comment: string | null;
  readonly at: string;
  readonly via: DecisionChannel;
}

export interface Approval {
  readonly id: string;
  readonly itemId: string;
  readonly robotId: string | null;
  readonly runId: string | null;
  readonly title: string;
  /** The approvers in order; escalation to a supervisor appends one. */
  readonly approverIds: readonly string[];
  /** Index into `approverIds` of whoever decides now. */
  readonly step: number;
  readonly status: ApprovalStatus;
  readonly decisions: readonly ApprovalDecisionRecord[];
  /** Time each step has, in minutes; null: no deadline. */
  readonly deadlineMinutes: number | null;
  /**
   * Whether `deadlineMinutes` counts only the working time of the approver whose step it is (their
   * calendar and time zone), so nights, weekends and holidays do not count. Default: false.
   */
  readonly deadlineInWorkingTime: boolean;
  readonly onDeadline: DeadlineOutcome;
  /** When the current step's deadline passes; null when there is none or the approval ended. */
  readonly dueAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The approver whose turn it is, while the approval is pending. */
export const currentApproverId = (approval: Approval): string | undefined =>
  approval.status === 'pending' ? approval.approverIds[approval.step] : undefined;

/** How long each step has: `deadlineMinutes` of working time or of the wall clock; null: no deadline. */
export interface StepDeadline {
  readonly deadlineMinutes: number | null;
  readonly deadlineInWorkingTime: boolean;
}

/**
 * The deadline of a step that starts at `now`. In working time, the minutes are counted in the
 * calendar and time zone of the approver whose step it is (`approver`), from their next working
 * moment, as a robot's timing counts "in working time"; without an approver (one since removed),
 * in the default calendar in UTC; with a calendar that cannot be used, in the default one.
 */
export function stepDueAt(
  deadline: StepDeadline,
  now: Date,
  approver: Pick<User, 'calendar' | 'timeZone'> | undefined,
): string | null {
  const minutes = deadline.deadlineMinutes;
  if (minutes === null) return null;
  if (!deadline.deadlineInWorkingTime) return new Date(now.getTime() + minutes * 60_000).toISOString();
  const duration: Duration = {
    sign: 1,
    years: 0,
    months: 0,
    weeks: 0,
    days: 0,
    hours: 0,
    minutes,
    seconds: 0,
  };
  const timeZone = approver?.timeZone ?? 'UTC';
  // A step starts when someone decides or a deadline passes: an approver's calendar that cannot be
  // used (saved with no week days, or every working day a holiday) must not refuse that decision
  // nor stop the deadline pass, so the step then counts in the default calendar in their zone.
  const calendar = approver?.calendar;
  if (calendar !== undefined && validateCalendar(calendar) === undefined) {
    try {
      return addWorkingTime(now, duration, calendar, timeZone).toISOString();
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
  return addWorkingTime(now, duration, DEFAULT_CALENDAR, timeZone).toISOString();
}
