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
  /** Whether the deadline counts the working time of the approver whose step it is. */
  readonly deadlineInWorkingTime: boolean;
  /** When the first step's deadline passes (stepDueAt, in the first approver's calendar); null: none. */
  readonly dueAt: string | null;
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
  /**
   * Approvals whose step's mail is due at `now` and held by no sender, with the step; the
   * earliest due first.
   */
  mailDue(now: Date, limit: number): Promise<{ id: string; step: number }[]>;
  /**
   * Takes the due mail of `step` for sending until `leaseUntil` (a crashed sender's mail is due
   * again then): a conditional update, so of several processes one gets it. Answers the attempts
   * made before this one; undefined when it is not due any more (taken, sent, or the step over).
   */
  takeMail(id: string, step: number, now: Date, leaseUntil: Date): Promise<{ attempts: number } | undefined>;
  /** A failed attempt: the mail of `step` is tried again at `dueAt`; only while `leaseUntil` holds. */
  retryMail(id: string, step: number, leaseUntil: Date, attempts: number, dueAt: Date): Promise<void>;
  /**
   * The mail of `step` went out or was given up: nothing more to send for it. Only while
   * `leaseUntil` is still the row's lease; answers whether it was, so the end is journaled once.
   */
  endMail(id: string, step: number, leaseUntil: Date, attempts: number): Promise<boolean>;
  /** When the next approval mail is due (a held one: when its lease ends); undefined when none waits. */
  nextMailDueAt(): Promise<string | undefined>;
  /** The key that signs the approval's one-click links. */
  linkKey(id: string): Promise<string | undefined>;
}
