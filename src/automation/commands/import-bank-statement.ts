import type { BankPayment } from '../../domain/bank/bank-payment.ts';
import {
  BANK_STATEMENT_SOURCE,
  bankPaymentReference,
  incomingDocuments,
  STATEMENT_CURRENCY,
  statementPaymentKey,
} from '../../domain/bank/incoming-payments.ts';
import {
  EXPORT_SENDER,
  parseStatement,
  type StatementDocument,
  statementError,
} from '../../domain/bank/statement-format.ts';
import { decodeStatement } from '../../domain/bank/statement-text.ts';
import type { Author } from '../../domain/item.ts';
import type { NewBankPayment } from '../bank-ports.ts';
import type { EngineContext } from '../engine-context.ts';
import type { EngineTx } from '../ports.ts';
import { matchBankPayment } from './bank-payment-match.ts';
import { recordPaymentInTransaction } from './record-payment.ts';

/** What an import did, counted per incoming payment. */
export interface BankStatementSummary {
  /** Payment documents in the file, incoming or not. */
  readonly documents: number;
  readonly incoming: number;
  /** Recorded now for the item they name. */
  readonly matchedNew: number;
  /** Recorded by an earlier import (or assigned since). */
  readonly matchedBefore: number;
  /** Waiting for a person to assign them (new or from earlier imports). */
  readonly unmatched: number;
  /** The waiting payments of this file. */
  readonly unmatchedPayments: BankPayment[];
}

/** The statement's payment as a payment's fields: paid on the payment order's date. */
export function paymentOfDocument(document: StatementDocument, key: string) {
  return {
    amountMinor: document.amountMinor,
    currency: STATEMENT_CURRENCY,
    paidAt: new Date(`${document.date}T00:00:00Z`),
    reference: bankPaymentReference(document),
    source: BANK_STATEMENT_SOURCE,
    externalId: key,
  };
}

function bankPaymentOf(
  document: StatementDocument,
  key: string,
): Omit<NewBankPayment, 'status' | 'itemId' | 'paymentId'> {
  return {
    key,
    date: document.date,
    number: document.number,
    amountMinor: document.amountMinor,
    currency: STATEMENT_CURRENCY,
    payerName: document.payerName,
    payerInn: document.payerInn,
    payerAccount: document.payerAccount,
    purpose: document.purpose,
  };
}

async function importDocument(
  context: EngineContext,
  tx: EngineTx,
  document: StatementDocument,
  author: Author,
): Promise<'new' | 'before' | BankPayment> {
  const key = statementPaymentKey(document);
  const now = context.clock.now();
  const known = await tx.bankPayments.findByKey(key);
  if (known !== undefined && known.status !== 'unmatched') return 'before';
  // A payment that waited may match now (its invoice was written since).
  const match = await matchBankPayment(tx, document);
  if (match === undefined) {
    return (
      known ??
      tx.bankPayments.create(
        { ...bankPaymentOf(document, key), status: 'unmatched', itemId: null, paymentId: null },
        now,
      )
    );
  }
  const { payment, created } = await recordPaymentInTransaction(
    context,
    tx,
    { itemId: match.itemId, documentId: match.documentId, ...paymentOfDocument(document, key) },
    { author, at: '/body' },
  );
  const settlement = { status: 'matched', itemId: match.itemId, paymentId: payment.id } as const;
  if (known === undefined) {
    await tx.bankPayments.create({ ...bankPaymentOf(document, key), ...settlement }, now);
  } else {
    await tx.bankPayments.settle(known.id, settlement, now);
  }
  return created ? 'new' : 'before';
}

/**
 * Imports a statement file in one transaction: a file that does not parse changes nothing, and
 * the payments recorded commit with their payment.received events. Only incoming documents count;
 * each is recorded once (its key is the payment's externalId), so a statement imported twice, or
 * a day that appears in two statements, records nothing new.
 */
export async function importBankStatement(
  context: EngineContext,
  bytes: Uint8Array,
  author: Author,
): Promise<BankStatementSummary> {
  const statement = parseStatement(decodeStatement(bytes));
  if (statement.sender?.name === EXPORT_SENDER) {
    // Stageflow's own export lists what is recorded here already: read as a statement, its
    // payments would be recorded a second time under another source.
    throw statementError(
      statement.sender.line,
      `Отправитель=${EXPORT_SENDER}: this file is an export of Stageflow's own documents and payments, not a bank statement`,
    );
  }
  const incoming = incomingDocuments(statement);
  return context.store.transaction(async (tx) => {
    let matchedNew = 0;
    let matchedBefore = 0;
    const unmatchedPayments: BankPayment[] = [];
    for (const document of incoming) {
      const outcome = await importDocument(context, tx, document, author);
      if (outcome === 'new') matchedNew++;
      else if (outcome === 'before') matchedBefore++;
      else unmatchedPayments.push(outcome);
    }
    return {
      documents: statement.documents.length,
      incoming: incoming.length,
      matchedNew,
      matchedBefore,
      unmatched: unmatchedPayments.length,
      unmatchedPayments,
    };
  });
}
