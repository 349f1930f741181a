import { conflict, invalid } from '../../domain/errors.ts';
import { INTERNAL_EVENT_SOURCE } from '../../domain/events/event.ts';
import { type Author, DEFAULT_PAYMENT_SOURCE, type Payment } from '../../domain/item.ts';
import { formatMoney } from '../../domain/money.ts';
import type { EngineContext } from '../engine-context.ts';
import type { EngineTx } from '../ports.ts';
import { applyPaymentChange } from './payment-ledger.ts';

export interface RecordPaymentInput {
  readonly itemId: string;
  /** Minor units, greater than zero. */
  readonly amountMinor: number;
  /** Default: the item's currency, which is the only one accepted. */
  readonly currency?: string | undefined;
  readonly documentId?: string | null | undefined;
  /** Default: now. */
  readonly paidAt?: Date | undefined;
  readonly reference?: string | null | undefined;
  /** The sending system's id of the payment: with it, the payment is recorded once. */
  readonly externalId?: string | null | undefined;
  /** The sending system. Default with an externalId: DEFAULT_PAYMENT_SOURCE. */
  readonly source?: string | null | undefined;
}

export interface PaymentOrigin {
  readonly author: Author;
  /** The JSON pointer under which the input's fields are named in errors: "/body", "/data". */
  readonly at: string;
  /** The event the payment arrived as; then that event is its payment.received, no new one is written. */
  readonly event?: { readonly id: string; readonly rootEventId: string } | undefined;
}

export interface RecordedPayment {
  readonly payment: Payment;
  /** false: the same (source, externalId) was recorded before; nothing changed. */
  readonly created: boolean;
}

/**
 * Records a payment for an item in the caller's transaction: the payment row, the paid sum, the
 * timeline entry and (unless it arrived as one) the payment.received event. A payment whose
 * (source, externalId) is recorded already changes nothing and answers the earlier payment, so an
 * accounting system may send it as often as it likes, through the API or as events.
 */
export async function recordPaymentInTransaction(
  context: EngineContext,
  tx: EngineTx,
  input: RecordPaymentInput,
  origin: PaymentOrigin,
): Promise<RecordedPayment> {
  const { at } = origin;
  const now = context.clock.now();
  const item = await tx.items.find(input.itemId);
  if (item === undefined) throw invalid(`${at}/itemId`, `item ${input.itemId} does not exist`);
  if (!(input.amountMinor > 0)) throw invalid(`${at}/amount`, 'must be greater than zero');
  const currency = input.currency ?? item.currency;
  if (currency !== item.currency) {
    throw invalid(`${at}/currency`, `must be the item's currency, ${item.currency} (not ${currency})`);
  }
  const documentId = input.documentId ?? null;
  if (documentId !== null && (await tx.documents.find(documentId))?.itemId !== item.id) {
    throw invalid(`${at}/documentId`, `document ${documentId} is not a document of item ${item.id}`);
  }
  const externalId = input.externalId ?? null;
  const source = externalId === null ? null : (input.source ?? DEFAULT_PAYMENT_SOURCE);
  const recorded = await tx.payments.record(
    {
      itemId: item.id,
      documentId,
      amountMinor: input.amountMinor,
      currency,
      paidAt: input.paidAt ?? now,
      reference: input.reference ?? null,
      source,
      externalId,
    },
    now,
  );
  if (!recorded.created) {
    const { existing } = recorded;
    if (existing.itemId !== item.id || existing.amount !== formatMoney(input.amountMinor)) {
      throw conflict(
        'payment_conflict',
        `Payment ${externalId} from ${source} is recorded already as ${existing.amount} ${existing.currency} ` +
          `for item ${existing.itemId}; it is not recorded again`,
        { paymentId: existing.id },
      );
    }
    return { payment: existing, created: false };
  }
  const { payment } = recorded.change;
  const event = origin.event;
  await applyPaymentChange(
    tx,
    'payment_received',
    recorded.change,
    {
      author: origin.author,
      ...(event !== undefined && { eventId: event.id, rootEventId: event.rootEventId }),
    },
    now,
  );
  if (event === undefined) {
    // The change and its event commit together; the engine processes it after the commit.
    await tx.events.insert(
      {
        id: context.ids(),
        type: 'payment.received',
        source: INTERNAL_EVENT_SOURCE,
        occurredAt: now,
        subject: { itemId: item.id },
        data: {
          amount: payment.amount,
          currency: payment.currency,
          ...(payment.documentId !== null && { documentId: payment.documentId }),
          paymentId: payment.id,
          ...(externalId !== null && { source, externalId }),
        },
      },
      now,
    );
  }
  return { payment, created: true };
}

/** The command: one transaction. The caller processes the event it wrote afterwards. */
export function recordPayment(
  context: EngineContext,
  input: RecordPaymentInput,
  origin: PaymentOrigin,
): Promise<RecordedPayment> {
  return context.store.transaction((tx) => recordPaymentInTransaction(context, tx, input, origin));
}
