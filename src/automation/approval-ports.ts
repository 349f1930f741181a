import type {
  Approval,
  ApprovalDecisionRecord,
  ApprovalStatus,
  DeadlineOutcome,
} from '../domain/approval.ts';

/** An approval as a robot asks for it. */
export interface NewApproval {
  readonly itemId: string;
  readonly robotId: string | null;
  /** Once per run: a retried run answers the approval it created before. */
  readonly runId: string | null;
  readonly title: string;
  readonly approverIds: readonly string[];
  readonly deadlineMinutes: number | null;
  readonly onDeadline: DeadlineOutcome;
}

/** What a decision, an escalation or a rejection at a deadline changes. */
export interface ApprovalChange {
  readonly approverIds: readonly string[];
  readonly step: number;
  readonly status: ApprovalStatus;
  readonly decisions: readonly ApprovalDecisionRecord[];
  readonly dueAt: string | null;
  /** Whether the (new) current approver is to be mailed. */
  readonly mailStep: number | null;
}

/** The approvals of the approval commands and the engine's deadline and mail passes. */
export interface ApprovalsPort {
  /** Writes it, its first step due and mailed; once per run (a second call answers the first). */
  create(input: NewApproval, now: Date): Promise<Approval>;
  find(id: string): Promise<Approval | undefined>;
  /** Reads it and locks its row until the transaction ends (PostgreSQL; SQLite writes serialise). */
  findForUpdate(id: string): Promise<Approval | undefined>;
  /** Writes a change made to `current` (read for update in the same transaction). */
  change(current: Approval, change: ApprovalChange, now: Date): Promise<Approval>;
  /** Ids of the pending approvals whose step's deadline passed at `now`, the earliest first. */
  dueDeadlines(now: Date, limit: number): Promise<string[]>;
  /** The earliest deadline of a pending approval (ISO 8601), or undefined. */
  nextDueAt(): Promise<string | undefined>;
  /** Approvals whose current step's mail is still to be sent, with the step. */
  mailDue(limit: number): Promise<{ id: string; step: number; attempts: number }[]>;
  /** The mail of `step` went out (or was given up): nothing more to send for it. */
  mailDone(id: string, step: number): Promise<void>;
  /** A failed attempt to send the mail of `step`. */
  mailFailed(id: string, step: number): Promise<void>;
  /** The key that signs the approval's one-click links. */
  linkKey(id: string): Promise<string | undefined>;
}
