import {
  invoiceNumbersIn,
  itemReferencesIn,
  STATEMENT_CURRENCY,
} from '../../domain/bank/incoming-payments.ts';
import type { StatementDocument } from '../../domain/bank/statement-format.ts';
import { parseMoney } from '../../domain/money.ts';
import type { EngineTx } from '../ports.ts';

/** The item a statement payment belongs to, and the invoice it pays when one was named. */
export interface BankPaymentMatch {
  readonly itemId: string;
  readonly documentId: string | null;
}

/** Items in the statement's currency, of these ids, each once. */
async function inRoubles(tx: EngineTx, ids: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const id of new Set(ids)) {
    const item = await tx.items.find(id);
    if (item?.currency === STATEMENT_CURRENCY) found.push(id);
  }
  return found;
}

/**
 * Finds the one item a payment is for, in this order: an invoice number in the purpose (a
 * document of kind invoice with that number), an item's id in the purpose, the payer's INN (the
 * `inn` custom field of a contact) when exactly one of that contact's items is not paid in full.
 * Each rule decides only when it names exactly one item; otherwise the next is asked, and a
 * payment none decides waits for a person.
 */
export async function matchBankPayment(
  tx: EngineTx,
  document: StatementDocument,
): Promise<BankPaymentMatch | undefined> {
  const invoices = await tx.bankPayments.invoicesNumbered(invoiceNumbersIn(document.purpose));
  const invoiced = await inRoubles(
    tx,
    invoices.map((invoice) => invoice.itemId),
  );
  if (invoiced.length === 1) {
    const [itemId] = invoiced as [string];
    const ofItem = invoices.filter((invoice) => invoice.itemId === itemId);
    return { itemId, documentId: ofItem.length === 1 ? (ofItem[0]?.id ?? null) : null };
  }
  const referenced = await inRoubles(tx, itemReferencesIn(document.purpose));
  if (referenced.length === 1) return { itemId: referenced[0] as string, documentId: null };
  if (document.payerInn === '') return undefined;
  const open: string[] = [];
  for (const id of await inRoubles(tx, await tx.bankPayments.itemsOfContactsWithInn(document.payerInn))) {
    const item = await tx.items.find(id);
    if (item !== undefined && (parseMoney(item.paidAmount) ?? 0) < (parseMoney(item.amount) ?? 0))
      open.push(id);
  }
  return open.length === 1 ? { itemId: open[0] as string, documentId: null } : undefined;
}
