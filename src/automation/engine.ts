import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Approval } from '../domain/approval.ts';
import type { BankPayment } from '../domain/bank/bank-payment.ts';
import type {
  DocumentTemplate,
  DocumentTemplateChanges,
  NewDocumentTemplate,
} from '../domain/documents/document-template.ts';
import { AppError } from '../domain/errors.ts';
import type { IncomingEvent } from '../domain/events/event.ts';
import type { Author, Document, Item, Payment, TimelineEntry } from '../domain/item.ts';
import type { ItemFile } from '../domain/item-file.ts';
import type { NotificationPreferences } from '../domain/notification-preferences.ts';
import type { Run } from '../domain/run.ts';
import type { Activity, Notification, Task } from '../domain/work.ts';
import { fireDueApprovalDeadlines, nextApprovalDeadlineInMs } from './approval-deadlines.ts';
import { addItemFile } from './commands/add-item-file.ts';
import { addNote } from './commands/add-note.ts';
import { assignBankPayment } from './commands/assign-bank-payment.ts';
import { type BackfillCommands, backfillCommands } from './commands/backfill.ts';
import { correctPayment, deletePayment, type PaymentCorrection } from './commands/correct-payment.ts';
import { createItem } from './commands/create-item.ts';
import { type ApprovalDecisionInput, decideApproval } from './commands/decide-approval.ts';
import { documentRendering, type RenderedDocument } from './commands/document-rendering.ts';
import {
  type DocumentExportFile,
  type DocumentExportRequest,
  exportDocuments,
} from './commands/export-documents.ts';
import { type BankStatementSummary, importBankStatement } from './commands/import-bank-statement.ts';
import { type IncomingEmail, type IngestedEmail, ingestEmail } from './commands/ingest-email.ts';
import {
  type PreferencesChange,
  updateNotificationPreferences,
} from './commands/notification-preferences.ts';
import { type NotifyUserInput, sendNotification } from './commands/notify-user.ts';
import { type OpenedApprovalLink, openApprovalLink } from './commands/open-approval-link.ts';
import { type RecordedPayment, type RecordPaymentInput, recordPayment } from './commands/record-payment.ts';
import { type RetryOutcome, retryRun, retryRuns } from './commands/retry-run.ts';
import { activityUpdate, createActivity, deleteActivity } from './commands/save-activity.ts';
import {
  createDocument,
  createItemDocument,
  documentUpdate,
  type ItemDocumentRequest,
  type NewDocument,
} from './commands/save-document.ts';
import {
  createDocumentTemplate,
  deleteDocumentTemplate,
  setDocumentPrefix,
  updateDocumentTemplate,
} from './commands/save-document-template.ts';
import { createTask, deleteTask, taskUpdate } from './commands/save-task.ts';
import {
  type FormSubmission,
  type SubmissionOutcome,
  type SubmittedForm,
  submitForm,
} from './commands/submit-form.ts';
import { previewUndo, type UndoBy, type UndoReport, undoRun } from './commands/undo-run.ts';
import { itemUpdate } from './commands/update-item.ts';
import { updateRecord } from './commands/update-record.ts';
import type { AcceptedEvent, Engine } from './engine-api.ts';
import type { EngineContext } from './engine-context.ts';
import { type EventProcessingOptions, nextEventRetryInMs, processInBatches } from './event-batches.ts';
import { createGroupCommit } from './group-commit.ts';
import type { NewItemRequest } from './item-creation.ts';
import type {
  ActivityChanges,
  DocumentChanges,
  ItemChanges,
  NewActivityRecord,
  NewTaskRecord,
  RecordChange,
  TaskChanges,
} from './record-ports.ts';
import { executeRun } from './run-executor.ts';
import { fireDueOverdueChecks, nextOverdueCheckInMs } from './task-deadlines.ts';
import { moveInTransaction } from './transition.ts';

export interface AutomationEngine extends Engine {
  /** Creates an item through the engine: it enters its stage (robots planned, item.created). */
  createItem(input: NewItemRequest, author: Author): Promise<Item>;
  /** Changes an item's own values; its item.field_changed is then processed. */
  updateItem(change: RecordChange<ItemChanges>): Promise<Item>;
  addNote(note: { itemId: string; text: string }, author: Author): Promise<TimelineEntry>;
  /** A user as the author is kept as the task's creator (`createdByUserId`). */
  createTask(input: NewTaskRecord, author: Author): Promise<Task>;
  /** Changes a task; a changed status is then processed as task.status_changed. */
  updateTask(change: RecordChange<TaskChanges>, author: Author): Promise<Task>;
  deleteTask(id: string): Promise<void>;
  /** A user as the author is kept as the activity's creator (`createdByUserId`). */
  createActivity(input: NewActivityRecord, author: Author): Promise<Activity>;
  deleteActivity(id: string): Promise<void>;
  updateActivity(change: RecordChange<ActivityChanges>): Promise<Activity>;
  createDocument(input: NewDocument, author: Author): Promise<Document>;
  updateDocument(change: RecordChange<DocumentChanges>): Promise<Document>;
  /** A document of an item from its template; fromKind copies its latest document of that kind. */
  createItemDocument(request: ItemDocumentRequest, author: Author): Promise<Document>;
  /** A document with its HTML: as stored, or rendered now for one made before templates. */
  documentRendering(id: string): Promise<RenderedDocument>;
  /** Stores a document template once it renders (made default: the kind's only default). */
  createDocumentTemplate(input: NewDocumentTemplate): Promise<DocumentTemplate>;
  updateDocumentTemplate(change: RecordChange<DocumentTemplateChanges>): Promise<DocumentTemplate>;
  /** Deletes a template; refused (`document_template_in_use`) while a create_document robot names it. */
  deleteDocumentTemplate(id: string): Promise<void>;
  /** Stores a file uploaded to an item (send_email attaches it by id). */
  addItemFile(input: {
    itemId: string;
    name: string;
    contentType: string;
    content: Uint8Array;
  }): Promise<ItemFile>;
  /** Sets the number prefix of a kind for its next documents. */
  setDocumentPrefix(kind: string, prefix: string): Promise<void>;
  /** Applies a web form's checked submission (once per page); its form.submitted is then processed. */
  submitForm(form: SubmittedForm, submission: FormSubmission, nonce: string): Promise<SubmissionOutcome>;
  /** Records a payment (once per source and externalId); its payment.received is then processed. */
  recordPayment(input: RecordPaymentInput, author: Author): Promise<RecordedPayment>;
  correctPayment(id: string, changes: PaymentCorrection, author: Author): Promise<Payment>;
  deletePayment(id: string, author: Author): Promise<void>;
  /** Reads a bank statement file: incoming payments recorded for their items or kept to assign. */
  importBankStatement(bytes: Uint8Array, author: Author): Promise<BankStatementSummary>;
  /** Posted documents and recorded payments as a 1CClientBankExchange or CSV file. */
  exportDocuments(request: DocumentExportRequest): Promise<DocumentExportFile>;
  /** Records a waiting statement payment for the item a person chose. */
  assignBankPayment(
    id: string,
    itemId: string,
    author: Author,
  ): Promise<{ bankPayment: BankPayment; payment: Payment }>;
  /** Takes in an email (one transaction, once per message); its email.received is then processed. */
  ingestEmail(mail: IncomingEmail): Promise<IngestedEmail>;
  /** What undoing a succeeded run would put back, refuse or leave (outside effects); changes nothing. */
  previewUndo(runId: string): Promise<UndoReport>;
  /** Puts back a succeeded run's internal changes, all or nothing (`undo_refused` otherwise). */
  undoRun(runId: string, by: UndoBy): Promise<UndoReport>;
  /** Gives a failed run one more attempt, due now (`run_not_failed` otherwise), and wakes the runners. */
  retryRun(runId: string, retriedBy: string): Promise<Run>;
  /** Retries each run on its own: the ones not failed or unknown are refused, the others go ahead. */
  retryRuns(runIds: readonly string[], retriedBy: string): Promise<RetryOutcome>;
  /** Applies a saved robot or trigger to the items already there, after a preview. */
  readonly backfill: BackfillCommands;
  /** Sends a user a notification (and its email, per their preferences). */
  notify(input: NotifyUserInput): Promise<Notification>;
  /** Changes what the change names of a user's notification preferences, keeping the rest. */
  updateNotificationPreferences(userId: string, change: PreferencesChange): Promise<NotificationPreferences>;
  /** An approver's decision (or an admin's); approval.approved/rejected follows when it ends it. */
  decideApproval(input: ApprovalDecisionInput): Promise<Approval>;
  /** Checks an emailed one-click link (`/a/{token}`): what it decides, and whether it still can. */
  openApprovalLink(token: string): Promise<OpenedApprovalLink>;
  /** How long until an event waiting for a retry is due; undefined when none waits. */
  nextEventRetryInMs(): Promise<number | undefined>;
}

/** `processing`: batches, concurrency and retries of event processing (event-batches.ts). */
export function createEngine(
  context: EngineContext,
  processing: EventProcessingOptions = {},
): AutomationEngine {
  /** After a command committed: its events and runs are the runner's, not the request's. */
  function committed(): void {
    context.wake('events');
    context.wake('runs');
  }

  // Settles after every batch of processing, so a client waiting for its events checks again.
  let batchDone = Promise.withResolvers<void>();

  async function processPending(signal?: AbortSignal): Promise<number> {
    // Deadlines that passed become events first, so this pass processes them too; their
    // notifications' mail goes out with the runner (a task of no item has no event to wake it).
    const overdue = await fireDueOverdueChecks(context);
    // A deadline that passed an approval on started a step whose mail is due: the mail loop
    // (approval-mail.ts) sends it, woken with the runs, never this pass, so a slow mail server
    // does not hold up the processing of events.
    const escalated = await fireDueApprovalDeadlines(context);
    if (overdue + escalated > 0) context.wake('runs');
    return processInBatches(
      context,
      processing,
      (processed) => {
        batchDone.resolve();
        batchDone = Promise.withResolvers<void>();
        // Moves plan runs due at once, and processed events are news for webhook subscriptions:
        // after each batch, not at the end of a backlog, which under steady load never comes.
        if (processed > 0) context.wake('runs');
      },
      signal,
    );
  }

  async function waitForEvents(ids: readonly string[], signal: AbortSignal): Promise<boolean> {
    const aborted = new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
    for (;;) {
      // Taken before the check: a batch that ends between the check and the wait still counts.
      const next = batchDone.promise;
      const waiting = await context.store.direct().events.countUnprocessed(ids);
      if (waiting === 0) return true;
      if (signal.aborted) return false;
      await Promise.race([next, aborted]);
    }
  }

  // Durable first: the answer promises the events are stored, whatever happens next. Accepting
  // is a durable write and nothing more: the runner, woken once per group, processes them.
  const commitGroup = createGroupCommit({
    store: context.store,
    clock: context.clock,
    committed: () => context.wake('events'),
  });
  async function accept(events: readonly IncomingEvent[]): Promise<AcceptedEvent[]> {
    const answers = await commitGroup(events);
    // Answers come in the order of the events.
    for (const [index, answer] of answers.entries())
      context.metrics?.eventAccepted(events[index]?.type ?? '', answer.status);
    return answers;
  }

  return {
    accept,

    processPending,
    waitForEvents,
    // The event loop also wakes for the next task and approval deadline: their checks write events.
    nextEventRetryInMs: async () =>
      earliest(
        earliest(await nextEventRetryInMs(context), await nextOverdueCheckInMs(context)),
        await nextApprovalDeadlineInMs(context),
      ),
    backfill: backfillCommands(context),
    wake: context.wake,

    executeRun: async (runId, signal, owner) => {
      // One run per turn of the event loop: SQLite's queries never yield to it, so a long list of
      // due runs would otherwise hold up every request until the last one finished.
      await nextTurn();
      await executeRun(context, runId, signal, owner);
      // The run may have planned runs and written events (its moves); the runner takes both.
      context.wake('events');
      context.wake('runs');
    },

    async moveItem(command) {
      const outcome = await context.store.transaction(async (tx) => {
        const item = await tx.items.findForUpdate(command.itemId);
        if (item === undefined)
          throw new AppError('item_not_found', 'not_found', `Item ${command.itemId} does not exist`);
        return moveInTransaction(context, tx, {
          item,
          toStageId: command.toStageId,
          author: command.author,
          cause: { rootEventId: null, depth: 0 },
          manual: true,
          expectedVersion: command.expectedVersion,
        });
      });
      if (outcome.kind === 'refused' || outcome.kind === 'loop') {
        const guard =
          outcome.kind === 'refused' ? { guardId: outcome.guard.id, guardName: outcome.guard.name } : {};
        throw new AppError('guard_refused', 'guard_refused', outcome.message, { details: guard });
      }
      committed();
      if (outcome.kind === 'same_stage') {
        return {
          item: outcome.item,
          moved: false,
          fromStageId: outcome.item.stageId,
          toStageId: outcome.item.stageId,
        };
      }
      return { item: outcome.item, moved: true, fromStageId: outcome.from.id, toStageId: outcome.to.id };
    },

    // These commands wake the runners themselves once they committed.
    createItem: (input, author) => createItem(context, input, author),
    notify: (input) => sendNotification(context, input),
    updateNotificationPreferences: (userId, change) => updateNotificationPreferences(context, userId, change),
    updateItem: (change) => updateRecord(context, itemUpdate, change),
    addNote: (note, author) => addNote(context, note, author),
    createTask: (input, author) => createTask(context, input, author),
    updateTask: (change, author) => updateRecord(context, taskUpdate(author), change),
    deleteTask: (id) => deleteTask(context, id),
    createActivity: (input, author) => createActivity(context, input, author),
    deleteActivity: (id) => deleteActivity(context, id),
    updateActivity: (change) => updateRecord(context, activityUpdate, change),
    createDocument: (input, author) => createDocument(context, input, author),
    updateDocument: (change) => updateRecord(context, documentUpdate, change),
    createItemDocument: (request, author) => createItemDocument(context, request, author),
    documentRendering: (id) => documentRendering(context, id),
    createDocumentTemplate: (input) => createDocumentTemplate(context, input),
    updateDocumentTemplate: (change) => updateDocumentTemplate(context, change),
    deleteDocumentTemplate: (id) => deleteDocumentTemplate(context, id),
    addItemFile: (input) => addItemFile(context, input),
    setDocumentPrefix: (kind, prefix) => setDocumentPrefix(context, kind, prefix),
    submitForm: (form, submission, nonce) => submitForm(context, form, submission, nonce),
    decideApproval: (input) => decideApproval(context, input),
    openApprovalLink: (token) => openApprovalLink(context, token),

    async recordPayment(input, author) {
      const recorded = await recordPayment(context, input, { author, at: '/body' });
      committed();
      return recorded;
    },

    async correctPayment(id, changes, author) {
      const corrected = await correctPayment(context, id, changes, author);
      committed();
      return corrected;
    },

    async deletePayment(id, author) {
      await deletePayment(context, id, author);
      committed();
    },

    exportDocuments: (request) => exportDocuments(context, request),
    async importBankStatement(bytes, author) {
      const summary = await importBankStatement(context, bytes, author);
      committed();
      return summary;
    },

    async assignBankPayment(id, itemId, author) {
      const assigned = await assignBankPayment(context, id, itemId, author);
      committed();
      return assigned;
    },

    previewUndo: (runId) => previewUndo(context, runId),
    undoRun: (runId, by) => undoRun(context, runId, by),
    retryRun: (runId, retriedBy) => retryRun(context, runId, retriedBy),
    retryRuns: (runIds, retriedBy) => retryRuns(context, runIds, retriedBy),

    async ingestEmail(mail) {
      const ingested = await ingestEmail(context, mail);
      committed();
      return ingested;
    },
  };
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.min(a, b);
}
