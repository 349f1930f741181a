import type { BankStatement, StatementDocument } from './statement-format.ts';

/** Where bank-statement payments come from, in payments' `source`. */
export const BANK_STATEMENT_SOURCE = 'bank-statement';

/** Statements name no currency: Russian settlement accounts are in roubles. */
export const STATEMENT_CURRENCY = 'RUB';

/**
 * The documents that brought money in. A statement names its own accounts (`РасчСчет`): a
 * document whose recipient account is one of them is incoming. A statement that names none
 * (some banks leave the header out) counts the documents with `ДатаПоступило`, which banks set
 * on money received.
 */
export function incomingDocuments(statement: BankStatement): StatementDocument[] {
  const own = new Set(statement.accounts);
  return statement.documents.filter((document) =>
    own.size > 0 ? own.has(document.recipientAccount) : document.receivedDate !== null,
  );
}

/**
 * A payment's stable key: the same document in any later statement (or the same file imported
 * again) has the same key, so it is recorded once. The payer's account tells apart two payers'
 * documents that share a number and date.
 */
export function statementPaymentKey(document: StatementDocument): string {
  return [document.date, document.number, document.payerAccount, document.amountMinor].join('/');
}

/** A recorded payment's reference: the payment order as people name it. */
export function bankPaymentReference(payment: { number: string; date: string; payerName: string }): string {
  return `№${payment.number} ${payment.date} ${payment.payerName}`.trim().slice(0, 200);
}

const INVOICE_WORDS =
  /(?:сч[её]т[ауе]?|сч\.|с\/ф|invoice|inv\.?)\s*(?:на\s+оплату\s*)?(?:№|N|#|No\.?)?\s*([\p{L}\p{N}][\p{L}\p{N}\-/_.]*)/giu;
const NUMBER_SIGN = /№\s*([\p{L}\p{N}][\p{L}\p{N}\-/_.]*)/gu;
const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;

/**
 * Invoice numbers a payment's purpose may name: the word after "счет", "сч.", "invoice" or "№"
 * ("Оплата по счету № INV-42 от 01.03.2026"). A trailing dot or slash is punctuation.
 */
export function invoiceNumbersIn(purpose: string): string[] {
  const found = new Set<string>();
  for (const pattern of [INVOICE_WORDS, NUMBER_SIGN]) {
    for (const match of purpose.matchAll(pattern)) {
      const number = (match[1] ?? '').replace(/[./\-_]+$/, '');
      if (number !== '' && !/^(от|на)$/i.test(number)) found.add(number);
    }
  }
  return [...found];
}

/** Item ids (an item's reference: its id, as invoices and links show it) a purpose names. */
export function itemReferencesIn(purpose: string): string[] {
  return [...new Set([...purpose.matchAll(UUID)].map((match) => match[0].toLowerCase()))];
}
