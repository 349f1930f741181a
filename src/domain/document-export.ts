import type { ExchangeDocument } from './bank/statement-writer.ts';
import { exchangeDate } from './bank/statement-writer.ts';
import { formatMoney } from './money.ts';

/**
 * What accounting takes from Stageflow: the documents posted here (invoices, acts, …: every
 * status but draft and cancelled) and the payments recorded for items, as 1CClientBankExchange
 * or as CSV. The rows are read by the store; this module only writes them.
 */

export const EXPORT_FORMATS = ['1c', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Statuses of a document that count as posted: it exists for the customer. */
export const EXPORTED_DOCUMENT_STATUSES = ['posted', 'sent', 'viewed', 'paid'] as const;

/** The `kind` filter that selects recorded payments instead of documents. */
export const PAYMENT_KIND = 'payment';

export interface ExportRecord {
  /** A document of the `documents` table, or a recorded payment. */
  readonly source: 'document' | 'payment';
  readonly id: string;
  /** The document's kind (invoice, act, …), or `payment`. */
  readonly kind: string;
  /** The document's number; a payment's reference, or its id when it has none. */
  readonly number: string;
  /** YYYY-MM-DD: when the document was made, when the payment was paid (UTC). */
  readonly date: string;
  readonly amountMinor: number;
  readonly currency: string;
  /** The document's status; `recorded` for a payment. */
  readonly status: string;
  readonly itemId: string | null;
  readonly itemTitle: string | null;
  /** The contact's company, else the contact's name; null without a contact. */
  readonly counterparty: string | null;
  /** The contact's `inn` custom field, if it has one. */
  readonly counterpartyInn: string | null;
  /** For a payment: the number of the document it pays, if it names one. */
  readonly documentNumber: string | null;
}

/** The section names 1C gives the kinds Stageflow knows; another kind is written as it is. */
const EXCHANGE_KINDS: ReadonlyMap<string, string> = new Map([
  ['invoice', 'Счет на оплату'],
  ['quote', 'Коммерческое предложение'],
  ['contract', 'Договор'],
  ['shipment', 'Расходная накладная'],
  ['act', 'Акт'],
  ['order', 'Заказ покупателя'],
  [PAYMENT_KIND, 'Платежное поручение'],
]);

/**
 * The currency 1CClientBankExchange amounts are in: the format has no currency field, so only
 * records in roubles go into such a file.
 */
export const EXCHANGE_CURRENCY = 'RUB';

/**
 * A record as a 1CClientBankExchange document: the customer pays (payer), the organization
 * exporting receives (recipient); a payment is money that came in on its date.
 */
export function exchangeDocumentOf(record: ExportRecord, recipientName: string): ExchangeDocument {
  const kind = EXCHANGE_KINDS.get(record.kind) ?? record.kind;
  const about = record.itemTitle === null ? '' : `: ${record.itemTitle}`;
  const purpose =
    record.source === 'payment'
      ? `Оплата${record.documentNumber === null ? '' : ` по документу № ${record.documentNumber}`}${about}`
      : `${kind} № ${record.number} от ${exchangeDate(record.date)}${about}`;
  return {
    kind,
    number: record.number,
    date: record.date,
    amountMinor: record.amountMinor,
    payerName: record.counterparty ?? '',
    payerInn: record.counterpartyInn ?? '',
    payerAccount: '',
    recipientName,
    recipientInn: '',
    recipientAccount: '',
    purpose,
    receivedDate: record.source === 'payment' ? record.date : null,
  };
}

export const CSV_COLUMNS = [
  'type',
  'kind',
  'number',
  'date',
  'amount',
  'currency',
  'status',
  'item_id',
  'item',
  'counterparty',
  'counterparty_inn',
  'document_number',
] as const;

/**
 * RFC 4180 CSV with a header row and CRLF line ends; `bom` puts a UTF-8 byte order mark first,
 * which Excel needs to read the file as UTF-8.
 */
export function writeCsv(records: readonly ExportRecord[], options: { readonly bom: boolean }): string {
  const rows = [CSV_COLUMNS.map(csvField).join(',')];
  for (const record of records) {
    rows.push(
      [
        record.source,
        record.kind,
        textField(record.number),
        record.date,
        formatMoney(record.amountMinor),
        record.currency,
        record.status,
        record.itemId ?? '',
        textField(record.itemTitle),
        textField(record.counterparty),
        textField(record.counterpartyInn),
        textField(record.documentNumber),
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${options.bom ? '\uFEFF' : ''}${rows.join('\r\n')}\r\n`;
}

/** A field quoted when it holds a comma, a quote or a line break, quotes doubled (RFC 4180 §2). */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Free text typed by people or forms: one that starts like a spreadsheet formula (=, +, -, @)
 * gets a leading apostrophe, so opening the file in Excel shows it instead of running it.
 */
function textField(value: string | null): string {
  if (value === null) return '';
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
