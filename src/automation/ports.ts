import type { Clock, IdGenerator } from '../domain/clock.ts';
import type { Contact } from '../domain/contact.ts';
import type {
  DocumentTemplate,
  DocumentTemplateChanges,
  NewDocumentTemplate,
} from '../domain/documents/document-template.ts';
import type { EventSubject, IncomingEvent, StoredEvent } from '../domain/events/event.ts';
import type { Item, NewTimelineEntry, Payment, TimelineEntry } from '../domain/item.ts';
import type { ItemFile } from '../domain/item-file.ts';
import type { JournalEntry, JournalKind, NewJournalEntry } from '../domain/journal.ts';
import type { NotificationPreferences } from '../domain/notification-preferences.ts';
import type { LeadChannel, Pipeline, Stage } from '../domain/pipeline.ts';
import type { Guard, Robot, Trigger } from '../domain/rules.ts';
import type { Run, RunError, RunStatus, RunWork } from '../domain/run.ts';
import type { WorkDateField } from '../domain/timing/timing.ts';
import type { User } from '../domain/user.ts';
import type { Activity, ActivityType, Task } from '../domain/work.ts';
import type { ActionPorts } from './actions/action-ports.ts';
import type { ApprovalsPort } from './approval-ports.ts';
import type { BackfillPort } from './backfill-ports.ts';
import type { BankPaymentsPort } from './bank-ports.ts';
import type { DocumentExportPort } from './export-ports.ts';
import type {
  DocumentsPort,
  FormsPort,
  ItemChanges,
  NewActivityRecord,
  NewTaskRecord,
  WorkRecordsPort,
} from './record-ports.ts';

/**
 * What the engine needs from storage. The store implements these over one database handle; inside
 * `transaction` every write commits together or not at all. Shapes are structural: the store's
 * repositories satisfy them without importing anything from here.
 */
export interface EngineStore {
  transaction<T>(work: (tx: EngineTx) => Promise<T>): Promise<T>;
  /**
   * Like `transaction`, but where commits wait for the disk one at a time (SQLite) the work may
   * share its transaction and commit with work started at the same moment; it is rolled back
   * alone when it fails, and answered once it is durable.
   */
  grouped<T>(work: (tx: EngineTx) => Promise<T>): Promise<T>;
  /** The same ports without a transaction: for actions with outside effects, which must not hold one. */
  direct(): EngineTx;
  /** Whether an error is the database's passing trouble (a deadlock, a lost connection, busy). */
  isTransient(error: unknown): boolean;
}

/** The overdue checks planned in tasks' rows (task-deadlines.ts). */
export interface TaskDeadlinesPort {
  dueOverdue(now: Date, limit: number): Promise<string[]>;
  /** True for the one caller that took the task's due check. */
  takeOverdue(id: string, now: Date): Promise<boolean>;
  nextOverdueAt(): Promise<string | undefined>;
}

export interface EngineTx extends ActionPorts {
  readonly items: ItemsPort;
  readonly pipelines: { find(id: string): Promise<Pipeline | undefined> };
  readonly users: { find(id: string): Promise<User | undefined> };
  readonly contacts: ContactsPort;
  readonly inbound: InboundPort;
  readonly facts: FactsPort;
  readonly timeline: { add(entry: NewTimelineEntry, now: Date): Promise<TimelineEntry> };
  readonly events: EventsPort;
  readonly rules: RulesPort;
  readonly runs: RunsPort;
  readonly journal: JournalPort;
  readonly payments: PaymentsPort;
  readonly documents: DocumentsPort;
  readonly documentTemplates: DocumentTemplatesPort;
  /** Share links of documents: a new token opens the document at /d/{token}. */
  readonly itemFiles: ActionPorts['itemFiles'] & {
    create(
      input: { itemId: string; name: string; contentType: string; content: Uint8Array },
      now: Date,
    ): Promise<ItemFile>;
  };
  readonly documentShares: {
    issueShareToken(documentId: string, now: Date, expiresAt: Date | null): Promise<string>;
  };
  /** The actions' writes, and what people's tasks and activities need. */
  readonly tasks: ActionPorts['tasks'] & WorkRecordsPort<Task, NewTaskRecord> & TaskDeadlinesPort;
  readonly activities: ActionPorts['activities'] &
    WorkRecordsPort<Activity, NewActivityRecord> & {
      completeOnStageLeave(itemId: string, stageId: string, now: Date): Promise<string[]>;
    };
  readonly forms: FormsPort;
  readonly notifications: ActionPorts['notifications'] & NotificationPreferencesPort;
  readonly backfill: BackfillPort;
  readonly bankPayments: BankPaymentsPort;
  readonly approvals: ApprovalsPort;
  readonly documentExport: DocumentExportPort;
  /**
   * Runs `work` inside a savepoint of the transaction: when it throws, what it wrote is rolled
   * back alone and the transaction goes on (an event of a batch that fails).
   */
  savepoint<T>(work: () => Promise<T>): Promise<T>;
}

/** A user's notification preferences, changed one change at a time. */
export interface NotificationPreferencesPort {
  /** The preferences (the defaults when never chosen), locked until the transaction ends; undefined: no such user. */
  preferencesForUpdate(userId: string): Promise<NotificationPreferences | undefined>;
  savePreferences(
    userId: string,
    preferences: NotificationPreferences,
    now: Date,
  ): Promise<NotificationPreferences>;
}

/** Document templates people wrote (the shipped ones are in domain/documents). */
export interface DocumentTemplatesPort {
  find(id: string): Promise<DocumentTemplate | undefined>;
  create(input: NewDocumentTemplate, now: Date): Promise<DocumentTemplate>;
  update(
    id: string,
    changes: DocumentTemplateChanges,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<DocumentTemplate>;
  /** The template made the default of the kind, if any. */
  defaultOf(kind: string): Promise<DocumentTemplate | undefined>;
  /** The robots, enabled or not, whose create_document action names the template by id. */
  robotsNaming(id: string): Promise<{ id: string; name: string }[]>;
  delete(id: string): Promise<void>;
}

export interface NewPaymentInput {
  readonly itemId: string;
  readonly documentId: string | null;
  readonly amountMinor: number;
  readonly currency: string;
  readonly paidAt: Date;
  readonly reference: string | null;
  readonly source: string | null;
  readonly externalId: string | null;
}

/** A payment as written, and what the item's paid sum must change by. */
export interface PaymentChange {
  readonly payment: Payment;
  readonly deltaMinor: number;
}

export interface PaymentsPort {
  /** Records a payment once per (source, externalId); answers the earlier one when it exists. */
  record(
    input: NewPaymentInput,
    now: Date,
  ): Promise<
    | { readonly created: true; readonly change: PaymentChange }
    | { readonly created: false; readonly existing: Payment }
  >;
  update(
    id: string,
    changes: {
      amountMinor?: number | undefined;
      paidAt?: Date | undefined;
      reference?: string | null | undefined;
    },
  ): Promise<PaymentChange>;
  delete(id: string): Promise<PaymentChange>;
  find(id: string): Promise<Payment | undefined>;
}

export interface JournalPort {
  add(entry: NewJournalEntry, now: Date): Promise<JournalEntry>;
  /** How often the item entered `stageId` within one causal chain. */
  entriesInChain(itemId: string, stageId: string, rootEventId: string): Promise<number>;
  /** The id of the run's latest entry of a kind, if it has one. */
  lastOfRun(runId: string, kind: JournalKind): Promise<string | undefined>;
}

export interface ItemsPort {
  find(id: string): Promise<Item | undefined>;
  /** Reads the item and locks its row until the transaction ends (PostgreSQL; SQLite writes serialise). */
  findForUpdate(id: string): Promise<Item | undefined>;
  /** `findForUpdate` of the item the run belongs to. */
  findForUpdateOfRun(runId: string): Promise<Item | undefined>;
  stageOf(stageId: string): Promise<Stage | undefined>;
  /** Puts the item into a stage as a new entry: stage, stage_entered_at, stage_entry_id, version + 1. */
  enterStage(
    id: string,
    stageId: string,
    stageEntryId: string,
    now: Date,
    expectedVersion?: number,
  ): Promise<Item>;
  create(input: NewItemInput, now: Date): Promise<Item>;
  /** Writes a change to the item's own values if it is still at `expectedVersion` (none: any). */
  update(id: string, changes: ItemChanges, expectedVersion: number | undefined, now: Date): Promise<Item>;
  /** Adds to the paid sum in one statement, if the item is in `currency`; answers whether it did. */
  addPaid(id: string, deltaMinor: number, currency: string, now: Date): Promise<boolean>;
  entryStageOf(pipelineId: string): Promise<Stage | undefined>;
  /** Ids of the items a subject names (by item, contact, email, phone, document or task). */
  resolveSubject(subject: EventSubject): Promise<string[]>;
}

export interface NewItemInput {
  readonly pipelineId: string;
  readonly stageId: string;
  readonly title: string;
  readonly amountMinor?: number;
  readonly currency?: string;
  readonly contactId?: string | null;
  readonly responsibleId?: string | null;
  readonly fields?: Readonly<Record<string, unknown>>;
}

export interface ContactsPort {
  find(id: string): Promise<Contact | undefined>;
  /** Contacts with this address, whatever its case; oldest first. */
  findByEmail(email: string): Promise<Contact[]>;
  /** Contacts with this phone, however it is written; oldest first. */
  findByPhone(phone: string): Promise<Contact[]>;
  /** Contacts a chat identity was tied to, whatever its case; oldest first. */
  findByChat(chat: string): Promise<Contact[]>;
  /** Ties a chat identity (`telegram:@ivan_p`) to the contact. */
  addChat(contactId: string, chat: string): Promise<void>;
  create(input: NewContactInput, now: Date): Promise<Contact>;
  /** Replaces the given values (a channel list whole) if the contact is still at `expectedVersion`. */
  update(
    id: string,
    changes: Partial<NewContactInput>,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<Contact>;
}

export interface NewContactInput {
  readonly name: string;
  readonly company?: string | null;
  readonly emails?: readonly string[];
  readonly phones?: readonly string[];
}

/** The lookups of inbound mail. */
export interface InboundPort {
  /** The item of the mail one of `messageIds` names (a robot's mail, an earlier email event). */
  findItemByMessageIds(messageIds: readonly string[]): Promise<string | undefined>;
  /** The pipeline that takes leads from unknown senders of a channel (default email), if one does. */
  findLeadPipelineId(channel?: LeadChannel): Promise<string | undefined>;
}

/** Aggregates conditions read about an item's documents and payments. */
export interface FactsPort {
  documentKinds(itemId: string): Promise<{ kinds: string[]; postedKinds: string[]; count: number }>;
  paymentTotals(itemId: string): Promise<{ count: number; totalMinor: number }>;
  /** The nearest work date still ahead of `after` (timing.ts WORK_DATE_FIELDS), if there is one. */
  nextWorkDate(query: {
    readonly itemId: string;
    readonly field: WorkDateField;
    readonly activityType?: ActivityType | undefined;
    readonly after: Date;
  }): Promise<{ readonly id: string; readonly title: string; readonly at: string } | undefined>;
}

export interface EventsPort {
  /** Inserts the event; false when an event with the same id exists (a duplicate). */
  insert(event: IncomingEvent, now: Date): Promise<boolean>;
  /**
   * Inserts the events whose ids are not stored yet (an id given twice counts once, as its first
   * occurrence), in their order, in few statements; answers the ids it inserted.
   */
  insertMany(events: readonly IncomingEvent[], now: Date): Promise<Set<string>>;
  find(id: string): Promise<StoredEvent | undefined>;
  /** Stores an event that needs no processing (a record for webhook subscriptions). */
  record(event: IncomingEvent, now: Date): Promise<void>;
  /** Takes a pending event for processing in the caller's transaction; false when it is taken. */
  claim(id: string, now: Date): Promise<boolean>;
  markProcessed(id: string, itemIds: readonly string[], now: Date): Promise<void>;
  markFailed(id: string, error: string, now: Date, attempts?: number): Promise<void>;
  /** A failed attempt to be tried again at `at`: pending until then, holding back its key. */
  scheduleRetry(id: string, attempts: number, at: Date, error: string): Promise<void>;
  /** Accepted events not processed yet, oldest first. */
  listPending(limit: number): Promise<StoredEvent[]>;
  /**
   * Takes due pending events for processing in the caller's transaction, oldest first, leaving
   * out those behind an earlier unprocessed event of their order key outside the batch.
   */
  claimBatch(limit: number, now: Date): Promise<StoredEvent[]>;
  /** When the next event waiting for a retry is due, if one waits after `now`. */
  nextAttemptAfter(now: Date): Promise<Date | undefined>;
  /** How many of these events are still waiting to be processed. */
  countUnprocessed(ids: readonly string[]): Promise<number>;
}

export interface RulesPort {
  /** The enabled triggers of one pipeline for one event type: an index lookup, never a scan. */
  triggersFor(pipelineId: string, eventType: string): Promise<Trigger[]>;
  guardsOf(stageId: string): Promise<Guard[]>;
  /** The enabled robots of a stage, by sort. */
  robotsOf(stageId: string): Promise<Robot[]>;
  findRobot(id: string): Promise<Robot | undefined>;
}

export interface NewRun {
  readonly robotId: string;
  readonly itemId: string;
  readonly pipelineId: string;
  readonly stageId: string;
  readonly stageEntryId: string;
  readonly actionType: string;
  readonly status: 'waiting' | 'scheduled';
  readonly dueAt: Date | null;
  readonly maxAttempts: number;
  readonly previousRunId: string | null;
  readonly rootEventId: string | null;
  readonly causeEventId: string | null;
  readonly depth: number;
  /** The version of the robot the run is planned with. Default: null (unknown). */
  readonly robotVersion?: number | null | undefined;
  /** The task or activity it is timed against. Default: none. */
  readonly work?: RunWork | null | undefined;
}

export interface RunsPort {
  create(run: NewRun, now: Date): Promise<Run>;
  find(id: string): Promise<Run | undefined>;
  /** Reads the run and locks its row until the transaction ends (PostgreSQL): a fence for its lease. */
  findForUpdate(id: string): Promise<Run | undefined>;
  /** Marks a succeeded run undone, once; false when it is not succeeded or undone already. */
  markUndone(id: string, by: { userId: string | null; name: string }, now: Date): Promise<boolean>;
  /** `findForUpdate` with the run's robot (undefined when it was deleted), in one read. */
  findForExecution(id: string): Promise<{ run: Run; robot: Robot | undefined } | undefined>;
  /** Runs of one stage entry that have not started (waiting or scheduled). */
  notStartedOfEntry(itemId: string, stageEntryId: string): Promise<Run[]>;
  /** Whether the robot ever had a run for the item that was not cancelled. */
  hasRunForItem(robotId: string, itemId: string): Promise<boolean>;
  /** Runs waiting for an empty date field of their item (timing `at`). */
  waitingOfItem(itemId: string): Promise<Run[]>;
  /** Runs waiting for `previousRunId` to finish. */
  waitingFor(previousRunId: string): Promise<Run[]>;
  /**
   * Changes status (and optional fields) only if the run is still in one of `from` and, with
   * `owner`, still leased to that worker.
   */
  transition(
    id: string,
    from: readonly RunStatus[],
    to: RunStatus,
    changes: RunChanges,
    now: Date,
    owner?: string,
  ): Promise<boolean>;
}

export interface RunChanges {
  readonly dueAt?: Date | null;
  readonly reason?: string | null;
  readonly error?: RunError | null;
  readonly result?: Readonly<Record<string, unknown>> | null;
  readonly attempts?: number;
  /** Attempts allowed in all; a manual retry allows one more. */
  readonly maxAttempts?: number;
  readonly startedAt?: Date | null;
  readonly finishedAt?: Date | null;
  /** The task or activity it is now timed against; undefined leaves it as it is. */
  readonly work?: RunWork | null | undefined;
}

/** Everything the engine is built from; the composition root fills it. */
export interface EngineDeps {
  readonly store: EngineStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}
