import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';
import { parseStatement } from '../../domain/bank/statement-format.ts';
import { decodeStatement } from '../../domain/bank/statement-text.ts';

/** Posted documents and recorded payments leave for accounting as 1CClientBankExchange or CSV. */
for (const dialect of DIALECTS) {
  describe(`GET /api/v1/documents/export (${dialect})`, () => {
    let t: TestApp;
    let itemId: string;
    let invoiceId: string;
    before(async () => {
      t = await createTestApp(dialect);
      const pipeline = await post('/api/v1/pipelines', {
        name: 'Deals',
        entityType: 'deal',
        stages: [{ name: 'New' }],
      });
      const contact = await post('/api/v1/contacts', {
        name: 'Ivan Petrov',
        company: 'ООО "Ромашка", Москва',
        fields: { inn: '7701234567' },
      });
      itemId = (
        await post('/api/v1/items', {
          pipelineId: pipeline.id,
          title: '=Поставка, "срочно"',
          amount: '15000.50',
          currency: 'RUB',
          contactId: contact.id,
        })
      ).id;
      // Day 1 (2026-03-02): a posted invoice, a draft one and a cancelled act are made.
      invoiceId = (await document('invoice', 'СЧ-1', '15000.50', 'posted')).id;
      await document('invoice', 'СЧ-draft', '100.00', 'draft');
      await document('act', 'АКТ-0', '100.00', 'cancelled');
      await t.advance('P1D');
      // Day 2: an act is paid, the invoice is paid in part.
      await document('act', 'АКТ-1', '2000.00', 'paid');
      await post('/api/v1/payments', {
        itemId,
        amount: '5000.00',
        documentId: invoiceId,
        reference: 'п/п 77',
        paidAt: '2026-03-03T12:00:00Z',
      });
      await t.advance('P1D');
      // Day 3: a dollar invoice of an item without an item (no counterparty).
      await post('/api/v1/documents', {
        kind: 'invoice',
        // A number typed like a spreadsheet formula is written as text, as titles are.
        number: '=USD-1',
        amount: '300.00',
        currency: 'USD',
        status: 'sent',
      });
    });
    after(() => t.close());

    async function post(url: string, body: unknown) {
      const response = await t.request({ method: 'POST', url, body });
      assert.ok(response.status < 300, `${url}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    }
    function document(kind: string, number: string, amount: string, status: string) {
      return post('/api/v1/documents', { itemId, kind, number, amount, currency: 'RUB', status });
    }
    async function download(query: string) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/v1/documents/export?${query}`,
        headers: { authorization: `Bearer ${t.tokens.admin}` },
      });
      return {
        status: response.statusCode,
        headers: response.headers,
        bytes: new Uint8Array(response.rawPayload),
        text: response.body,
      };
    }

    test('a 1c file in Windows-1251 holds the posted rouble documents and payments, and reads back', async () => {
      const file = await download('format=1c');
      assert.equal(file.status, 200, file.text);
      assert.equal(file.headers['content-type'], 'text/plain; charset=windows-1251');
      assert.match(
        String(file.headers['content-disposition']),
        /^attachment; filename="stageflow-documents-.*\.txt"$/,
      );
      assert.throws(() => new TextDecoder('utf-8', { fatal: true }).decode(file.bytes), 'not UTF-8');
      const text = new TextDecoder('windows-1251').decode(file.bytes);
      assert.match(text, /^1CClientBankExchange\r\n/);
      assert.match(text, /\r\nКодировка=Windows\r\n/);
      assert.match(text, /\r\nКонецФайла\r\n$/);
      const statement = parseStatement(decodeStatement(file.bytes));
      assert.deepEqual(
        statement.documents.map((d) => [d.kind, d.number, d.date, d.amountMinor, d.receivedDate]),
        [
          ['Счет на оплату', 'СЧ-1', '2026-03-02', 1_500_050, null],
          ['Акт', 'АКТ-1', '2026-03-03', 200_000, null],
          ['Платежное поручение', 'п/п 77', '2026-03-03', 500_000, '2026-03-03'],
        ],
        'drafts, cancelled documents and other currencies stay out',
      );
      const payment = statement.documents[2];
      assert.equal(payment?.payerName, 'ООО "Ромашка", Москва');
      assert.equal(payment?.payerInn, '7701234567');
      assert.equal(payment?.purpose, 'Оплата по документу № СЧ-1: =Поставка, "срочно"');
    });

    test('an exported 1c file posted back as a bank statement is refused, naming the sender, and records nothing', async () => {
      const file = await download('format=1c');
      const before = (await t.request({ method: 'GET', url: '/api/v1/bank-payments?limit=200' })).body.data;
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/bank-statements',
        body: Buffer.from(file.bytes),
        headers: { 'content-type': 'text/plain' },
      });
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.equal(response.body.code, 'bank_statement_invalid');
      assert.match(response.body.detail, /Отправитель=Stageflow: this file is an export of Stageflow's own/);
      const after = (await t.request({ method: 'GET', url: '/api/v1/bank-payments?limit=200' })).body.data;
      assert.deepEqual(after, before);
    });

    test('a 1c file in UTF-8 on request says so and reads back alike', async () => {
      const file = await download('format=1c&encoding=utf-8&kind=invoice');
      assert.equal(file.headers['content-type'], 'text/plain; charset=utf-8');
      const text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
      assert.match(text, /\r\nКодировка=UTF-8\r\n/);
      const numbers = parseStatement(decodeStatement(file.bytes)).documents.map((d) => d.number);
      assert.deepEqual(numbers, ['СЧ-1']);
    });

    test('a csv file quotes what needs quoting, keeps every currency, and takes a BOM for Excel', async () => {
      const file = await download('format=csv');
      assert.equal(file.status, 200, file.text);
      assert.equal(file.headers['content-type'], 'text/csv; charset=utf-8');
      const lines = file.text.split('\r\n');
      assert.equal(
        lines[0],
        'type,kind,number,date,amount,currency,status,item_id,item,counterparty,counterparty_inn,document_number',
      );
      assert.equal(
        lines[1],
        `document,invoice,СЧ-1,2026-03-02,15000.50,RUB,posted,${itemId},"'=Поставка, ""срочно""","ООО ""Ромашка"", Москва",7701234567,`,
      );
      assert.ok(lines[3]?.startsWith('payment,payment,п/п 77,2026-03-03,5000.00,RUB,recorded,'), lines[3]);
      assert.ok(lines[3]?.endsWith(',7701234567,СЧ-1'), lines[3]);
      assert.equal(lines[4], "document,invoice,'=USD-1,2026-03-04,300.00,USD,sent,,,,,");
      assert.equal(lines[5], '', 'the last line ends with CRLF');
      assert.equal(lines.length, 6);
      assert.equal(file.bytes[0], 't'.charCodeAt(0), 'no BOM unless asked');
      const withBom = await download('format=csv&bom=true');
      assert.deepEqual([...withBom.bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
    });

    test('from, to and kind narrow the records', async () => {
      const rows = async (query: string) =>
        (await download(`format=csv&${query}`)).text
          .split('\r\n')
          .slice(1, -1)
          .map((line) => line.split(',')[2]);
      assert.deepEqual(await rows('from=2026-03-03&to=2026-03-03'), ['АКТ-1', 'п/п 77']);
      assert.deepEqual(await rows('to=2026-03-02'), ['СЧ-1']);
      assert.deepEqual(await rows('from=2026-03-04'), ["'=USD-1"]);
      assert.deepEqual(await rows('kind=payment'), ['п/п 77']);
      assert.deepEqual(await rows('kind=act'), ['АКТ-1']);
      assert.deepEqual(await rows('from=2027-01-01'), []);
    });

    test('refuses a period that ends before it starts, and an unknown format, naming the parameter', async () => {
      const backwards = await t.request({
        method: 'GET',
        url: '/api/v1/documents/export?format=csv&from=2026-03-03&to=2026-03-02',
      });
      assert.equal(backwards.status, 400);
      assert.equal(backwards.body.errors[0].field, '/querystring/to');
      const unknown = await t.request({ method: 'GET', url: '/api/v1/documents/export?format=xml' });
      assert.equal(unknown.status, 400);
      assert.match(JSON.stringify(unknown.body), /format/);
      const badDay = await t.request({
        method: 'GET',
        url: '/api/v1/documents/export?format=1c&from=03.03.2026',
      });
      assert.equal(badDay.status, 400);
      assert.match(JSON.stringify(badDay.body), /from/);
    });
  });
}
