import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OWN_ACCOUNT, statementText, windows1251 } from '../../../test/support/bank-statements.ts';
import { AppError } from '../errors.ts';
import {
  incomingDocuments,
  invoiceNumbersIn,
  itemReferencesIn,
  statementPaymentKey,
} from './incoming-payments.ts';
import { parseStatement } from './statement-format.ts';
import { decodeStatement } from './statement-text.ts';

const two = statementText([
  { number: '512', amount: '15000.50', purpose: 'Оплата по счету № INV-42 от 01.03.2026. В т.ч. НДС 20%' },
  {
    number: '77',
    amount: '990',
    payerInn: '5001002003',
    payerAccount: '40802810000000000055',
    purpose: 'Предоплата за услуги',
  },
]);

function refusal(text: string): AppError {
  try {
    parseStatement(text);
  } catch (error) {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'bank_statement_invalid');
    return error;
  }
  assert.fail('the statement was read');
}

describe('bank statement format', () => {
  test('reads the documents of a Windows-1251 file, amounts exact in kopecks', () => {
    const statement = parseStatement(decodeStatement(windows1251(two)));
    assert.deepEqual(statement.accounts, [OWN_ACCOUNT]);
    assert.equal(statement.documents.length, 2);
    const [first, second] = statement.documents;
    assert.equal(first?.kind, 'Платежное поручение');
    assert.equal(first?.number, '512');
    assert.equal(first?.date, '2026-03-03');
    assert.equal(first?.amountMinor, 1_500_050);
    assert.equal(first?.payerName, 'ООО "Ромашка"');
    assert.equal(first?.payerInn, '7701234567');
    assert.equal(first?.receivedDate, '2026-03-03');
    assert.match(first?.purpose ?? '', /^Оплата по счету № INV-42/);
    assert.equal(second?.amountMinor, 99_000);
    assert.equal(second?.payerAccount, '40802810000000000055');
  });

  test('UTF-8, with or without a BOM, and DOS 866 read the same', () => {
    const utf8 = statementText([{ number: '1', amount: '10.01', purpose: 'Счёт №5' }], 'UTF-8');
    const plain = parseStatement(decodeStatement(new TextEncoder().encode(utf8)));
    const bom = parseStatement(decodeStatement(new TextEncoder().encode(`\uFEFF${utf8}`)));
    assert.deepEqual(bom, plain);
    assert.equal(plain.documents[0]?.purpose, 'Счёт №5');
    // 866: А-П 0x80-0x8F, Р-Я 0x90-0x9F, а-п 0xA0-0xAF, р-я 0xE0-0xEF.
    const dos = 'Кодировка=DOS';
    const bytes = Uint8Array.from(
      [...dos].map((char) => {
        const code = char.codePointAt(0) ?? 0;
        if (code < 0x80) return code;
        if (code >= 0x410 && code <= 0x43f) return code - 0x410 + 0x80;
        return code - 0x440 + 0xe0;
      }),
    );
    assert.equal(decodeStatement(bytes), dos);
  });

  test('a malformed file is refused naming the line', () => {
    assert.match(refusal('Hello\r\n').message, /^Line 1: the file must start with 1CClientBankExchange/);
    const lines = two.split('\r\n');
    const amount = lines.indexOf('Сумма=990');
    lines[amount] = 'Сумма=9,90';
    const error = refusal(lines.join('\r\n'));
    const section = lines.lastIndexOf('СекцияДокумент=Платежное поручение') + 1;
    assert.equal(error.message, `Line ${section}: Сумма "9,90" is not a positive amount like 15000.50`);
    assert.deepEqual(error.details, { line: section });
    assert.match(refusal(two.replace('КонецФайла', '')).message, /has no КонецФайла/);
    const unclosed = two.replace('КонецДокумента', '');
    assert.match(refusal(unclosed).message, /^Line \d+: the document of line 18 has no КонецДокумента/);
    assert.match(
      refusal(two.replace('Дата=03.03.2026', 'Дата=31.02.2026')).message,
      /Line 18: Дата "31.02.2026"/,
    );
    assert.match(refusal(two.replace('Очередность=5', 'просто текст')).message, /is not a Key=Value line/);
  });

  test('incoming: to an account the statement names; without one, what has ДатаПоступило', () => {
    const mixed = statementText([
      { number: '1', amount: '1', purpose: 'in' },
      { number: '2', amount: '2', purpose: 'out', recipientAccount: '40702810000000009999' },
    ]);
    const statement = parseStatement(mixed);
    assert.deepEqual(
      incomingDocuments(statement).map((d) => d.number),
      ['1'],
    );
    const headless = { ...statement, accounts: [] };
    assert.deepEqual(
      incomingDocuments(headless).map((d) => d.number),
      ['1', '2'],
    );
  });

  test('the payment key is stable and tells payers apart', () => {
    const [first, second] = parseStatement(two).documents;
    assert.ok(first !== undefined && second !== undefined);
    assert.equal(statementPaymentKey(first), '2026-03-03/512/40702810500000000777/1500050');
    assert.notEqual(statementPaymentKey(first), statementPaymentKey({ ...first, payerAccount: 'x' }));
  });

  test('invoice numbers and item ids named in a purpose', () => {
    assert.deepEqual(invoiceNumbersIn('Оплата по счету № INV-42 от 01.03.2026'), ['INV-42']);
    assert.deepEqual(invoiceNumbersIn('Оплата по сч. 17/2026.'), ['17/2026']);
    assert.deepEqual(invoiceNumbersIn('Оплата счёта 305 за март'), ['305']);
    assert.deepEqual(invoiceNumbersIn('Payment for invoice #A-7'), ['A-7']);
    assert.deepEqual(invoiceNumbersIn('Предоплата за услуги'), []);
    const id = '019a2b3c-4d5e-7f60-8a9b-0c1d2e3f4a5b';
    assert.deepEqual(itemReferencesIn(`Оплата по заказу ${id.toUpperCase()}`), [id]);
  });
});
