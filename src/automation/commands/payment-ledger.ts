import { conflict } from '../../domain/errors.ts';
import type { Author } from '../../domain/item.ts';
import { formatMoney } from '../../domain/money.ts';
import type { EngineTx, PaymentChange } from '../ports.ts';

export type PaymentEntryKind = 'payment_received' | 'payment_changed' | 'payment_deleted';

const describe = (kind: PaymentEntryKind, change: PaymentChange): string => {
  const money = `${change.payment.amount} ${change.payment.currency}`;
  if (kind === 'payment_received') return `Payment of ${money} received`;
  if (kind === 'payment_deleted') return `Payment of ${money} deleted`;
  return `Payment changed by ${formatMoney(change.deltaMinor)} to ${money}`;
};

/**
 * The paid-sum rule, in one place for every way a payment is written (the API, an event from
 * accounting, a correction, a deletion): the item's paid sum moves by the payment's change, in the
 * caller's transaction, and the timeline says so. So the paid sum always equals the sum of the
 * item's payments, which is what "fully paid" conditions and guards read.
 */
export async function applyPaymentChange(
  tx: EngineTx,
  kind: PaymentEntryKind,
  change: PaymentChange,
  origin: { readonly author: Author; readonly eventId?: string; readonly rootEventId?: string },
  now: Date,
): Promise<void> {
  const { payment, deltaMinor } = change;
  if (deltaMinor === 0) return;
  if (!(await tx.items.addPaid(payment.itemId, deltaMinor, payment.currency, now))) {
    throw conflict('currency_mismatch', `Item ${payment.itemId} is no longer in ${payment.currency}`);
  }
  await tx.timeline.add(
    {
      itemId: payment.itemId,
      kind,
      text: describe(kind, change),
      data: {
        paymentId: payment.id,
        documentId: payment.documentId,
        amount: payment.amount,
        change: formatMoney(deltaMinor),
        currency: payment.currency,
        ...(payment.externalId !== null && { source: payment.source, externalId: payment.externalId }),
        ...(origin.eventId !== undefined && { eventId: origin.eventId }),
      },
      author: origin.author,
      rootEventId: origin.rootEventId ?? null,
    },
    now,
  );
}
