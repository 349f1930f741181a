import { AppError, conflict, invalid } from '../../domain/errors.ts';
import { INTERNAL_EVENT_SOURCE, type StoredEvent } from '../../domain/events/event.ts';
import { type Payment, parseMoneyInput } from '../../domain/item.ts';
import type { EngineContext } from '../engine-context.ts';
import type { EngineTx } from '../ports.ts';
import { recordPaymentInTransaction } from './record-payment.ts';

/**
 * A payment.received event from outside (an accounting system such as 1C) records its payment on
 * the item, through the same command as the API, so the paid sum and the "fully paid" guards and
 * conditions see it. `data.paymentId` is the sender's own id of the payment (with `data.source`,
 * its system): the same payment sent again, as another event or through the API, is not counted
 * twice. Answers whether the payment is new; a repeat is journaled and moves nothing.
 *
 * A payment that cannot be recorded (no amount, another currency, no item named) throws: the event
 * is marked failed and the journal says why, rather than the money silently going missing.
 */
export async function recordPaymentFromEvent(
  context: EngineContext,
  tx: EngineTx,
  event: StoredEvent,
  itemId: string,
  journalId: string,
): Promise<boolean> {
  // Stageflow's own payment.received follows a payment its command has recorded already.
  if (event.source === INTERNAL_EVENT_SOURCE) return true;
  try {
    return await record(context, tx, event, itemId, journalId);
  } catch (error) {
    if (!(error instanceof AppError) || error.retryable) throw error;
    // Whatever refused it (a conflict, a missing item), the event's payment is what cannot be used.
    throw new AppError('payment_not_recorded', 'invalid', `Payment not recorded: ${error.message}`, {
      cause: error,
      fields: error.fields,
      details: { ...error.details, itemId },
      retryable: false,
    });
  }
}

async function record(
  context: EngineContext,
  tx: EngineTx,
  event: StoredEvent,
  itemId: string,
  journalId: string,
): Promise<boolean> {
  const { data, subject } = event;
  if (subject.itemId === undefined && subject.documentId === undefined) {
    throw invalid('/subject', 'a payment must name its item (itemId) or its document (documentId)');
  }
  const text = (name: string): string | undefined => {
    const value = data[name];
    return typeof value === 'string' ? value : undefined;
  };
  const amount = data['amount'];
  if (amount === undefined) throw invalid('/data/amount', 'is required');
  const amountMinor =
    typeof amount === 'string' || typeof amount === 'number' ? parseMoneyInput(amount) : undefined;
  if (amountMinor === undefined) {
    throw invalid('/data/amount', 'must be an amount with at most two decimals, e.g. "1500.50"');
  }
  const paymentId = text('paymentId');
  // A paymentId without a source may be the id Stageflow gave a payment posted through the API.
  const own =
    paymentId === undefined || text('source') !== undefined ? undefined : await tx.payments.find(paymentId);
  if (own !== undefined) {
    if (own.itemId !== itemId) {
      throw conflict('payment_conflict', `Payment ${own.id} belongs to item ${own.itemId}, not ${itemId}`);
    }
    await journalRepeat(context, tx, event, itemId, journalId, own);
    return false;
  }
  const recorded = await recordPaymentInTransaction(
    context,
    tx,
    {
      itemId,
      amountMinor,
      currency: text('currency'),
      documentId: text('documentId') ?? subject.documentId,
      paidAt: new Date(event.occurredAt),
      reference: text('reference') ?? `event:${event.id}`,
      externalId: paymentId,
      source: text('source'),
    },
    {
      author: { type: 'system', id: null },
      at: '/data',
      event: { id: event.id, rootEventId: event.rootEventId },
    },
  );
  if (recorded.created) return true;
  await journalRepeat(context, tx, event, itemId, journalId, recorded.payment);
  return false;
}

/** A payment reported again: journaled on the item, and nothing else happens. */
async function journalRepeat(
  context: EngineContext,
  tx: EngineTx,
  event: StoredEvent,
  itemId: string,
  journalId: string,
  payment: Payment,
): Promise<void> {
  const named = payment.externalId === null ? payment.id : `${payment.externalId} from ${payment.source}`;
  await tx.journal.add(
    {
      kind: 'event_duplicate',
      itemId,
      eventId: event.id,
      rootEventId: event.rootEventId,
      depth: event.depth,
      causeId: journalId,
      message: `Payment ${named} is recorded already (payment ${payment.id}); not counted again`,
      data: { paymentId: payment.id, source: payment.source, externalId: payment.externalId },
    },
    context.clock.now(),
  );
}
