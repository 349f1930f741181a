import { AppError } from '../domain/errors.ts';
import type { IncomingEvent } from '../domain/events/event.ts';
import type { Author, Item, Payment } from '../domain/item.ts';
import { correctPayment, deletePayment, type PaymentCorrection } from './commands/correct-payment.ts';
import { type IncomingEmail, type IngestedEmail, ingestEmail } from './commands/ingest-email.ts';
import { type RecordedPayment, type RecordPaymentInput, recordPayment } from './commands/record-payment.ts';
import type { AcceptedEvent, Engine } from './engine-api.ts';
import type { EngineContext } from './engine-context.ts';
import { processEvent } from './event-processor.ts';
import { createItemInTransaction, type NewItemRequest } from './item-creation.ts';
import { executeRun } from './run-executor.ts';
import { moveInTransaction } from './transition.ts';

const PENDING_BATCH = 100;

export interface AutomationEngine extends Engine {
  /** Creates an item through the engine: it enters its stage (robots planned, item.created). */
  createItem(input: NewItemRequest, author: Author): Promise<Item>;
  /** Records a payment (once per source and externalId); its payment.received is then processed. */
  recordPayment(input: RecordPaymentInput, author: Author): Promise<RecordedPayment>;
  correctPayment(id: string, changes: PaymentCorrection, author: Author): Promise<Payment>;
  deletePayment(id: string, author: Author): Promise<void>;
  /** Takes in an email (one transaction, once per message); its email.received is then processed. */
  ingestEmail(mail: IncomingEmail): Promise<IngestedEmail>;
}

export function createEngine(context: EngineContext): AutomationEngine {
  async function processPending(): Promise<number> {
    let processed = 0;
    for (;;) {
      const batch = await context.store.transaction((tx) => tx.events.listPending(PENDING_BATCH));
      let progressed = false;
      for (const event of batch) {
        try {
          await processEvent(context, event);
          progressed = true;
          processed += 1;
        } catch {
          // The event is either marked failed, with a journal record, or (for a passing database
          // trouble) still pending for the next round; the other events go on.
        }
      }
      if (batch.length < PENDING_BATCH || !progressed) break;
    }
    if (processed > 0) context.wake();
    return processed;
  }

  return {
    async accept(events: readonly IncomingEvent[]): Promise<AcceptedEvent[]> {
      const now = context.clock.now();
      // Durable first: the answer promises the events are stored, whatever happens next.
      const accepted = await context.store.transaction(async (tx) => {
        const results: AcceptedEvent[] = [];
        for (const event of events) {
          const inserted = await tx.events.insert(event, now);
          results.push({ id: event.id, status: inserted ? 'accepted' : 'duplicate' });
        }
        return results;
      });
      await processPending();
      return accepted;
    },

    processPending,

    executeRun: async (runId, signal, owner) => {
      await executeRun(context, runId, signal, owner);
      await processPending();
      context.wake();
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
      await processPending();
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

    async createItem(input, author) {
      const item = await context.store.transaction((tx) =>
        createItemInTransaction(context, tx, input, author, { rootEventId: null, depth: 0 }),
      );
      await processPending();
      return item;
    },

    async recordPayment(input, author) {
      const recorded = await recordPayment(context, input, { author, at: '/body' });
      await processPending();
      return recorded;
    },

    correctPayment: (id, changes, author) => correctPayment(context, id, changes, author),

    deletePayment: (id, author) => deletePayment(context, id, author),

    async ingestEmail(mail) {
      const ingested = await ingestEmail(context, mail);
      await processPending();
      return ingested;
    },
  };
}
