/**
 * Where an incoming statement payment stands: `matched` (recorded for the item it names),
 * `unmatched` (waiting for a person), `assigned` (recorded for the item a person chose). Stored
 * values: never renamed, only added.
 */
export const BANK_PAYMENT_STATUSES = ['matched', 'unmatched', 'assigned'] as const;
export type BankPaymentStatus = (typeof BANK_PAYMENT_STATUSES)[number];

/** An incoming payment read from a bank statement, kept once per statement payment key. */
export interface BankPayment {
  readonly id: string;
  /** The payment's stable key (date/number/payer account/amount), its externalId once recorded. */
  readonly key: string;
  readonly date: string;
  readonly number: string;
  readonly amount: string;
  readonly currency: string;
  readonly payerName: string;
  readonly payerInn: string;
  readonly payerAccount: string;
  readonly purpose: string;
  readonly status: BankPaymentStatus;
  readonly itemId: string | null;
  readonly paymentId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}
