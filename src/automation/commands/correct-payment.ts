import type { Author, Payment } from '../../domain/item.ts';
import type { EngineContext } from '../engine-context.ts';
import { applyPaymentChange } from './payment-ledger.ts';

export interface PaymentCorrection {
  /** Minor units, greater than zero. */
  readonly amountMinor?: number | undefined;
  readonly paidAt?: Date | undefined;
  readonly reference?: string | null | undefined;
}

/** Corrects a payment; a new amount moves the item's paid sum by the difference, in one transaction. */
export function correctPayment(
  context: EngineContext,
  id: string,
  changes: PaymentCorrection,
  author: Author,
): Promise<Payment> {
  return context.store.transaction(async (tx) => {
    const change = await tx.payments.update(id, changes);
    await applyPaymentChange(tx, 'payment_changed', change, { author }, context.clock.now());
    return change.payment;
  });
}

/** Deletes a payment and takes its amount off the item's paid sum, in one transaction. */
export function deletePayment(context: EngineContext, id: string, author: Author): Promise<void> {
  return context.store.transaction(async (tx) => {
    const change = await tx.payments.delete(id);
    await applyPaymentChange(tx, 'payment_deleted', change, { author }, context.clock.now());
  });
}
