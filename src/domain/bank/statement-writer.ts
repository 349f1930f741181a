import { formatMoney } from '../money.ts';

/**
 * Writes the 1CClientBankExchange text that statement-format.ts reads: the same header line,
 * `Key=Value` lines, documents between `СекцияДокумент=<kind>` and `КонецДокумента`, and
 * `КонецФайла` last, with CRLF line ends as 1C writes them. Version 1.03 of the format.
 */

/** One document as the file states it; dates are YYYY-MM-DD. */
export interface ExchangeDocument {
  /** `СекцияДокумент=` value: "Платежное поручение", "Счет на оплату", … */
  readonly kind: string;
  readonly number: string;
  readonly date: string;
  /** `Сумма`, in kopecks. */
  readonly amountMinor: number;
  readonly payerName: string;
  readonly payerInn: string;
  readonly payerAccount: string;
  readonly recipientName: string;
  readonly recipientInn: string;
  readonly recipientAccount: string;
  readonly purpose: string;
  /** `ДатаПоступило`: when the money came in (payments); null for none. */
  readonly receivedDate: string | null;
}

export const EXCHANGE_ENCODINGS = ['windows-1251', 'utf-8'] as const;
export type ExchangeEncoding = (typeof EXCHANGE_ENCODINGS)[number];

export interface ExchangeFile {
  /** Written as `Отправитель`. */
  readonly sender: string;
  /** When the file is written: `ДатаСоздания`, `ВремяСоздания` (UTC). */
  readonly createdAt: Date;
  /** The period the file covers, YYYY-MM-DD: `ДатаНачала`, `ДатаКонца`; absent when open. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** What `Кодировка` says: the bytes are the caller's to encode alike. */
  readonly encoding: ExchangeEncoding;
  readonly documents: readonly ExchangeDocument[];
}

const HEADER = '1CClientBankExchange';
const LINE_END = '\r\n';

/** `YYYY-MM-DD` → `DD.MM.YYYY`. */
export function exchangeDate(iso: string): string {
  const [year, month, day] = iso.slice(0, 10).split('-');
  return `${day}.${month}.${year}`;
}

/**
 * One line per value: a line break inside a value would end it early (a purpose typed over two
 * lines), so breaks and tabs become spaces.
 */
function clean(value: string): string {
  return value.replace(/[\r\n\t]+/g, ' ').trim();
}

export function writeStatement(file: ExchangeFile): string {
  const lines: string[] = [HEADER];
  const put = (key: string, value: string) => lines.push(`${key}=${clean(value)}`);
  put('ВерсияФормата', '1.03');
  put('Кодировка', file.encoding === 'utf-8' ? 'UTF-8' : 'Windows');
  put('Отправитель', file.sender);
  put('Получатель', '');
  put('ДатаСоздания', exchangeDate(file.createdAt.toISOString()));
  put('ВремяСоздания', file.createdAt.toISOString().slice(11, 19));
  if (file.from !== undefined) put('ДатаНачала', exchangeDate(file.from));
  if (file.to !== undefined) put('ДатаКонца', exchangeDate(file.to));
  for (const document of file.documents) {
    put('СекцияДокумент', document.kind);
    put('Номер', document.number);
    put('Дата', exchangeDate(document.date));
    put('Сумма', formatMoney(document.amountMinor));
    put('ПлательщикСчет', document.payerAccount);
    put('Плательщик', document.payerName);
    put('ПлательщикИНН', document.payerInn);
    put('Плательщик1', document.payerName);
    put('ПолучательСчет', document.recipientAccount);
    put('Получатель', document.recipientName);
    put('ПолучательИНН', document.recipientInn);
    put('Получатель1', document.recipientName);
    if (document.receivedDate !== null) put('ДатаПоступило', exchangeDate(document.receivedDate));
    put('НазначениеПлатежа', document.purpose);
    lines.push('КонецДокумента');
  }
  lines.push('КонецФайла');
  return lines.join(LINE_END) + LINE_END;
}
