import { AppError } from '../errors.ts';
import { parseMoney } from '../money.ts';

/**
 * The 1CClientBankExchange text format, in which 1C:Accounting and Russian banks exchange
 * statements: a first line `1CClientBankExchange`, `Key=Value` lines, documents between
 * `СекцияДокумент=<kind>` and `КонецДокумента`, account sections between `СекцияРасчСчет` and
 * `КонецРасчСчет`, and `КонецФайла` last. Written here by hand: the format is small, and no
 * maintained npm parser for it exists. Only what Stageflow reads from a document is kept.
 */

/** One payment document of a statement, as the file states it. */
export interface StatementDocument {
  /** The line of its `СекцияДокумент`, for messages. */
  readonly line: number;
  /** `СекцияДокумент=` value: "Платежное поручение", "Банковский ордер", … */
  readonly kind: string;
  readonly number: string;
  /** `Дата`, as YYYY-MM-DD. */
  readonly date: string;
  /** `Сумма`, in kopecks. */
  readonly amountMinor: number;
  readonly payerAccount: string;
  readonly payerInn: string;
  readonly payerName: string;
  readonly recipientAccount: string;
  readonly recipientInn: string;
  readonly purpose: string;
  /** `ДатаПоступило` as YYYY-MM-DD: set by the bank on money that came in; null when absent. */
  readonly receivedDate: string | null;
}

export interface BankStatement {
  /** The accounts the statement is about (`РасчСчет=` in the header and its account sections). */
  readonly accounts: readonly string[];
  readonly documents: readonly StatementDocument[];
  /** The program that wrote the file (`Отправитель=` in the header) and its line, when it says. */
  readonly sender?: { readonly line: number; readonly name: string };
}

const HEADER = '1CClientBankExchange';

/** `Отправитель` of the files Stageflow exports; a statement from a bank never says it. */
export const EXPORT_SENDER = 'Stageflow';

/** A statement the format does not allow; the message names the line. */
export function statementError(line: number, message: string): AppError {
  return new AppError('bank_statement_invalid', 'invalid', `Line ${line}: ${message}`, {
    details: { line },
    fields: [{ field: '/body', message: `line ${line}: ${message}` }],
  });
}

/** `DD.MM.YYYY` → `YYYY-MM-DD`; undefined for anything else or an impossible day. */
export function statementDate(text: string): string | undefined {
  const match = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  if (match === null) return undefined;
  const [, day, month, year] = match;
  const iso = `${year}-${month}-${day}`;
  const parsed = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

function documentOf(line: number, kind: string, values: ReadonlyMap<string, string>): StatementDocument {
  const value = (key: string) => values.get(key) ?? '';
  const required = (key: string) => {
    const found = values.get(key);
    if (found === undefined || found === '') throw statementError(line, `the document has no ${key}`);
    return found;
  };
  const dateText = required('Дата');
  const date = statementDate(dateText);
  if (date === undefined) throw statementError(line, `Дата "${dateText}" is not a date DD.MM.YYYY`);
  const amountText = required('Сумма');
  const amountMinor = parseMoney(amountText);
  if (amountMinor === undefined || amountMinor <= 0) {
    throw statementError(line, `Сумма "${amountText}" is not a positive amount like 15000.50`);
  }
  const receivedText = value('ДатаПоступило');
  const receivedDate = receivedText === '' ? null : (statementDate(receivedText) ?? null);
  if (receivedText !== '' && receivedDate === null) {
    throw statementError(line, `ДатаПоступило "${receivedText}" is not a date DD.MM.YYYY`);
  }
  return {
    line,
    kind,
    number: required('Номер'),
    date,
    amountMinor,
    payerAccount: value('ПлательщикСчет'),
    payerInn: value('ПлательщикИНН'),
    payerName: value('Плательщик1') || value('Плательщик'),
    recipientAccount: value('ПолучательСчет'),
    recipientInn: value('ПолучательИНН'),
    purpose: value('НазначениеПлатежа'),
    receivedDate,
  };
}

/** Reads a decoded statement; a file the format does not allow throws bank_statement_invalid. */
export function parseStatement(text: string): BankStatement {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (lines[0]?.trim() !== HEADER) throw statementError(1, `the file must start with ${HEADER}`);
  const accounts: string[] = [];
  const documents: StatementDocument[] = [];
  let sender: { line: number; name: string } | undefined;
  let open: { line: number; kind: string; values: Map<string, string> } | undefined;
  let ended = false;
  for (let index = 1; index < lines.length; index++) {
    const line = index + 1;
    const raw = (lines[index] ?? '').trim();
    if (raw === '') continue;
    if (ended) throw statementError(line, 'text after КонецФайла');
    const equals = raw.indexOf('=');
    const key = equals < 0 ? raw : raw.slice(0, equals).trim();
    const value = equals < 0 ? '' : raw.slice(equals + 1).trim();
    if (key === 'СекцияДокумент') {
      if (open !== undefined)
        throw statementError(line, `the document of line ${open.line} has no КонецДокумента`);
      open = { line, kind: value, values: new Map() };
    } else if (key === 'КонецДокумента') {
      if (open === undefined) throw statementError(line, 'КонецДокумента without СекцияДокумент');
      documents.push(documentOf(open.line, open.kind, open.values));
      open = undefined;
    } else if (key === 'СекцияРасчСчет' || key === 'КонецРасчСчет') {
      // The account section's own keys (РасчСчет, balances) are read like the header's.
    } else if (key === 'КонецФайла') {
      if (open !== undefined)
        throw statementError(line, `the document of line ${open.line} has no КонецДокумента`);
      ended = true;
    } else if (equals <= 0) {
      throw statementError(line, `"${raw.slice(0, 60)}" is not a Key=Value line`);
    } else if (open !== undefined) {
      // A repeated key (Плательщик2…) keeps its first value; only single-valued keys are read.
      if (!open.values.has(key)) open.values.set(key, value);
    } else if (key === 'Отправитель') {
      sender ??= { line, name: value };
    } else if (key === 'РасчСчет' && value !== '' && !accounts.includes(value)) {
      accounts.push(value);
    }
  }
  if (open !== undefined) throw statementError(open.line, 'the document has no КонецДокумента');
  if (!ended) throw statementError(lines.length, 'the file has no КонецФайла');
  return { accounts, documents, ...(sender !== undefined && { sender }) };
}
