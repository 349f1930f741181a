import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseStatement } from './statement-format.ts';
import { decodeStatement } from './statement-text.ts';
import { type ExchangeDocument, writeStatement } from './statement-writer.ts';
import { encodeWindows1251 } from './windows-1251.ts';

const DOCUMENT: ExchangeDocument = {
  kind: 'Платежное поручение',
  number: '77',
  date: '2026-03-03',
  amountMinor: 1_500_050,
  payerName: 'ООО «Ромашка» = №1',
  payerInn: '7701234567',
  payerAccount: '40702810900000000001',
  recipientName: 'ИП Ёлкин',
  recipientInn: '770000000000',
  recipientAccount: '40702810900000000002',
  purpose: 'Оплата по счету № 12\r\nбез НДС',
  receivedDate: '2026-03-04',
};

test('what the writer writes, the parser reads back the same, in Windows-1251 and in UTF-8', () => {
  for (const encoding of ['windows-1251', 'utf-8'] as const) {
    const text = writeStatement({
      sender: 'Stageflow',
      createdAt: new Date('2026-03-05T10:11:12Z'),
      from: '2026-03-01',
      to: '2026-03-31',
      encoding,
      documents: [DOCUMENT, { ...DOCUMENT, number: '78', receivedDate: null }],
    });
    const bytes = encoding === 'utf-8' ? new TextEncoder().encode(text) : encodeWindows1251(text);
    const read = parseStatement(decodeStatement(bytes));
    assert.equal(read.documents.length, 2);
    const [first, second] = read.documents;
    assert.deepEqual(
      { ...first, line: 0 },
      {
        line: 0,
        kind: DOCUMENT.kind,
        number: '77',
        date: '2026-03-03',
        amountMinor: 1_500_050,
        payerAccount: DOCUMENT.payerAccount,
        payerInn: DOCUMENT.payerInn,
        payerName: DOCUMENT.payerName,
        recipientAccount: DOCUMENT.recipientAccount,
        recipientInn: DOCUMENT.recipientInn,
        purpose: 'Оплата по счету № 12 без НДС',
        receivedDate: '2026-03-04',
      },
      encoding,
    );
    assert.equal(second?.receivedDate, null);
  }
});

test('the header states the format version, encoding, creation time and period, CRLF throughout', () => {
  const text = writeStatement({
    sender: 'Stageflow',
    createdAt: new Date('2026-03-05T10:11:12Z'),
    from: '2026-03-01',
    to: '2026-03-31',
    encoding: 'windows-1251',
    documents: [],
  });
  assert.equal(
    text,
    [
      '1CClientBankExchange',
      'ВерсияФормата=1.03',
      'Кодировка=Windows',
      'Отправитель=Stageflow',
      'Получатель=',
      'ДатаСоздания=05.03.2026',
      'ВремяСоздания=10:11:12',
      'ДатаНачала=01.03.2026',
      'ДатаКонца=31.03.2026',
      'КонецФайла',
      '',
    ].join('\r\n'),
  );
});

test('Windows-1251 has a byte for Cyrillic, Ё and №; what it lacks becomes "?"', () => {
  assert.deepEqual([...encodeWindows1251('АяЁё№ A')], [0xc0, 0xff, 0xa8, 0xb8, 0xb9, 0x20, 0x41]);
  assert.deepEqual([...encodeWindows1251('中€')], [0x3f, 0x88]);
});
