import type { BankPayment, BankPaymentStatus } from '../domain/bank/bank-payment.ts';

/** A statement payment as written: the stored shape without its bookkeeping, the amount in minor units. */
export type NewBankPayment = Omit<BankPayment, 'id' | 'amount' | 'createdAt' | 'updatedAt'> & {
  readonly amountMinor: number;
};

/** What became of an unmatched payment: the item it was recorded for, and the payment. */
export interface BankPaymentSettlement {
  readonly status: Exclude<BankPaymentStatus, 'unmatched'>;
  readonly itemId: string;
  readonly paymentId: string;
}

/** Incoming statement payments, and the lookups that match them to items. */
export interface BankPaymentsPort {
  find(id: string): Promise<BankPayment | undefined>;
  findByKey(key: string): Promise<BankPayment | undefined>;
  /** Writes it once per key; answers the row stored under the key (this one or an earlier one). */
  create(input: NewBankPayment, now: Date): Promise<BankPayment>;
  /** Settles a payment that is still unmatched; false when it is not (settled meanwhile). */
  settle(id: string, settlement: BankPaymentSettlement, now: Date): Promise<boolean>;
  /** Invoices (documents of kind invoice, of an item) with one of these numbers. */
  invoicesNumbered(numbers: readonly string[]): Promise<{ id: string; itemId: string }[]>;
  /** Items of the contacts whose `inn` custom field is this INN. */
  itemsOfContactsWithInn(inn: string): Promise<string[]>;
}
