import type { BankPayment } from '../../domain/bank/bank-payment.ts';
import { BANK_STATEMENT_SOURCE, bankPaymentReference } from '../../domain/bank/incoming-payments.ts';
import { conflict, notFound } from '../../domain/errors.ts';
import type { Author, Payment } from '../../domain/item.ts';
import { parseMoney } from '../../domain/money.ts';
import type { EngineContext } from '../engine-context.ts';
import { recordPaymentInTransaction } from './record-payment.ts';

/**
 * A person says which item a waiting statement payment is for: it is recorded for that item
 * (with its payment.received) and leaves the waiting list, in one transaction.
 */
export function assignBankPayment(
  context: EngineContext,
  id: string,
  itemId: string,
  author: Author,
): Promise<{ bankPayment: BankPayment; payment: Payment }> {
  return context.store.transaction(async (tx) => {
    const waiting = await tx.bankPayments.find(id);
    if (waiting === undefined) throw notFound('bank_payment', id);
    const settledAlready = () =>
      conflict('bank_payment_assigned', `Bank payment ${id} is recorded for item ${waiting.itemId} already`, {
        itemId: waiting.itemId,
        paymentId: waiting.paymentId,
      });
    if (waiting.status !== 'unmatched') throw settledAlready();
    const { payment } = await recordPaymentInTransaction(
      context,
      tx,
      {
        itemId,
        amountMinor: parseMoney(waiting.amount) ?? 0,
        currency: waiting.currency,
        paidAt: new Date(`${waiting.date}T00:00:00Z`),
        reference: bankPaymentReference(waiting),
        source: BANK_STATEMENT_SOURCE,
        externalId: waiting.key,
      },
      { author, at: '/body' },
    );
    const now = context.clock.now();
    if (!(await tx.bankPayments.settle(id, { status: 'assigned', itemId, paymentId: payment.id }, now))) {
      throw settledAlready();
    }
    const bankPayment = await tx.bankPayments.find(id);
    if (bankPayment === undefined) throw notFound('bank_payment', id);
    return { bankPayment, payment };
  });
}
