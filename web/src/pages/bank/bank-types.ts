/** Shapes of the bank statement API the page reads (see /api/openapi.json). */

export type BankPaymentStatus = 'matched' | 'unmatched' | 'assigned';

export interface BankPayment {
  readonly id: string;
  readonly key: string;
  /** The payment order's date, YYYY-MM-DD. */
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
}

export interface BankStatementSummary {
  readonly documents: number;
  readonly incoming: number;
  readonly matchedNew: number;
  readonly matchedBefore: number;
  readonly unmatched: number;
  readonly unmatchedPayments: readonly BankPayment[];
}

/** The query key of the payments waiting to be assigned: importing and assigning refresh it. */
export const WAITING_KEY = ['bank-payments', 'unmatched'] as const;
