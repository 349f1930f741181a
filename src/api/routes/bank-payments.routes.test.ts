import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { statementText, windows1251 } from '../../../test/support/bank-statements.ts';
import { createPipeline } from '../../../test/support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

for (const dialect of DIALECTS) {
  describe(`bank statements API (${dialect})`, () => {
    let t: TestApp;
    let pipelineId: string;
    let paidStage: string;
    before(async () => {
      t = await createTestApp(dialect);
      const pipeline = await createPipeline(t, ['New', 'Paid']);
      pipelineId = pipeline.id;
      paidStage = pipeline.stageIds[1] as string;
      // payment.received moves the item: the event follows a statement payment as any other.
      const trigger = await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        body: { name: 'Paid', stageId: paidStage, eventType: 'payment.received' },
      });
      assert.equal(trigger.status, 201, JSON.stringify(trigger.body));
    });
    after(() => t.close());

    const get = (url: string) => t.request({ method: 'GET', url });
    const createItem = async (extra: Record<string, unknown> = {}) => {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId, title: 'Deal', amount: '20000', currency: 'RUB', ...extra },
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body as { id: string };
    };
    const upload = (bytes: Uint8Array | string, type = 'text/plain') =>
      t.request({
        method: 'POST',
        url: '/api/v1/bank-statements',
        body: typeof bytes === 'string' ? bytes : Buffer.from(bytes),
        headers: { 'content-type': type },
      });
    const paymentsOf = async (itemId: string) => (await get(`/api/v1/payments?itemId=${itemId}`)).body.data;
    const waiting = async () => (await get('/api/v1/bank-payments?status=unmatched&limit=200')).body.data;

    test('an invoice in the purpose records the payment once; the unknown one waits; assigning records it', async () => {
      const item = await createItem();
      const invoice = await t.request({
        method: 'POST',
        url: '/api/v1/documents',
        body: { itemId: item.id, kind: 'invoice', number: 'СФ-1001' },
      });
      assert.equal(invoice.status, 201, JSON.stringify(invoice.body));
      const file = windows1251(
        statementText([
          { number: '512', amount: '15000.50', purpose: 'Оплата по счету № СФ-1001 от 01.03.2026' },
          { number: '513', amount: '700', payerInn: '3300000001', purpose: 'Оплата по договору 15' },
          {
            number: '9',
            amount: '100',
            recipientAccount: '40702810000000009999',
            purpose: 'Наш платеж поставщику',
          },
        ]),
      );
      const first = await upload(file, 'application/octet-stream');
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.deepEqual(
        { ...first.body, unmatchedPayments: undefined },
        {
          documents: 3,
          incoming: 2,
          matchedNew: 1,
          matchedBefore: 0,
          unmatched: 1,
          unmatchedPayments: undefined,
        },
      );
      const [unmatched] = first.body.unmatchedPayments;
      assert.equal(unmatched.amount, '700.00');
      assert.equal(unmatched.payerName, 'ООО "Ромашка"');
      assert.equal(unmatched.purpose, 'Оплата по договору 15');
      assert.equal(unmatched.status, 'unmatched');

      const again = await upload(file);
      assert.equal(again.status, 200);
      assert.equal(again.body.matchedNew, 0);
      assert.equal(again.body.matchedBefore, 1);
      assert.equal(again.body.unmatched, 1);
      assert.equal(again.body.unmatchedPayments[0].id, unmatched.id);

      const [payment, ...more] = await paymentsOf(item.id);
      assert.equal(more.length, 0);
      assert.equal(payment.amount, '15000.50');
      assert.equal(payment.currency, 'RUB');
      assert.equal(payment.documentId, invoice.body.id);
      assert.equal(payment.source, 'bank-statement');
      assert.equal(payment.externalId, '2026-03-03/512/40702810500000000777/1500050');
      assert.equal(payment.paidAt, '2026-03-03T00:00:00.000Z');
      const paid = (await get(`/api/v1/items/${item.id}`)).body;
      assert.equal(paid.paidAmount, '15000.50');
      assert.equal(paid.stageId, paidStage);
      const kinds = (await get(`/api/v1/items/${item.id}/timeline`)).body.data.map(
        (e: { kind: string }) => e.kind,
      );
      assert.deepEqual(
        kinds.filter((kind: string) => kind === 'payment_received'),
        ['payment_received'],
      );
      assert.deepEqual(
        (await waiting()).map((p: { id: string }) => p.id),
        [unmatched.id],
      );

      const other = await createItem();
      const assigned = await t.request({
        method: 'POST',
        url: `/api/v1/bank-payments/${unmatched.id}/assign`,
        body: { itemId: other.id },
      });
      assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
      assert.equal(assigned.body.bankPayment.status, 'assigned');
      assert.equal(assigned.body.bankPayment.itemId, other.id);
      assert.equal(assigned.body.payment.amount, '700.00');
      const assignedItem = (await get(`/api/v1/items/${other.id}`)).body;
      assert.equal(assignedItem.paidAmount, '700.00');
      assert.equal(assignedItem.stageId, paidStage);
      assert.deepEqual(await waiting(), []);
      const twice = await t.request({
        method: 'POST',
        url: `/api/v1/bank-payments/${unmatched.id}/assign`,
        body: { itemId: other.id },
      });
      assert.equal(twice.status, 409);
      assert.equal(twice.body.code, 'bank_payment_assigned');

      // The same file once more: everything is recorded already.
      const third = await upload(file);
      assert.deepEqual([third.body.matchedNew, third.body.matchedBefore, third.body.unmatched], [0, 2, 0]);
      assert.equal((await paymentsOf(other.id)).length, 1);
    });

    test("the payer's INN finds the one unpaid item of the contact whose inn field it is", async () => {
      const contact = await t.request({
        method: 'POST',
        url: '/api/v1/contacts',
        body: { name: 'ООО "Лютик"', fields: { inn: '7800000042' } },
      });
      assert.equal(contact.status, 201, JSON.stringify(contact.body));
      const item = await createItem({ contactId: contact.body.id });
      const file = statementText(
        [{ number: '31', amount: '5000', payerInn: '7800000042', purpose: 'Аванс' }],
        'UTF-8',
      );
      const imported = await upload(file);
      assert.equal(imported.body.matchedNew, 1, JSON.stringify(imported.body));
      assert.equal((await paymentsOf(item.id))[0].amount, '5000.00');
    });

    test('a waiting payment is recorded by a later import once its invoice exists', async () => {
      const file = statementText([
        { number: '88', amount: '321.09', payerInn: '6600000003', purpose: 'Оплата сч. LATE-7.' },
      ]);
      const first = await upload(file);
      assert.equal(first.body.unmatched, 1, JSON.stringify(first.body));
      const item = await createItem();
      const invoice = await t.request({
        method: 'POST',
        url: '/api/v1/documents',
        body: { itemId: item.id, kind: 'invoice', number: 'LATE-7' },
      });
      assert.equal(invoice.status, 201);
      const second = await upload(file);
      assert.deepEqual([second.body.matchedNew, second.body.unmatched], [1, 0]);
      const stored = (await get(`/api/v1/bank-payments/${first.body.unmatchedPayments[0].id}`)).body;
      assert.equal(stored.status, 'matched');
      assert.equal(stored.itemId, item.id);
      assert.equal((await paymentsOf(item.id))[0].amount, '321.09');
    });

    test('a bad file changes nothing and is refused naming the line', async () => {
      const before = (await get('/api/v1/bank-payments?limit=200')).body.data.length;
      const lines = statementText([
        { number: '601', amount: '1', purpose: 'Первый' },
        { number: '602', amount: 'много', purpose: 'Второй' },
      ]).split('\r\n');
      const refused = await upload(windows1251(lines.join('\r\n')));
      assert.equal(refused.status, 400);
      assert.equal(refused.body.code, 'bank_statement_invalid');
      const line = lines.lastIndexOf('СекцияДокумент=Платежное поручение') + 1;
      assert.equal(refused.body.detail, `Line ${line}: Сумма "много" is not a positive amount like 15000.50`);
      assert.equal((await get('/api/v1/bank-payments?limit=200')).body.data.length, before);

      const json = await t.request({ method: 'POST', url: '/api/v1/bank-statements', body: { file: 'x' } });
      assert.equal(json.status, 415);
      const huge = await upload(new Uint8Array(10 * 1024 * 1024 + 1).fill(0x41));
      assert.equal(huge.status, 413);
      const missing = await get('/api/v1/bank-payments/nope');
      assert.equal(missing.status, 404);
      assert.equal(missing.body.code, 'bank_payment_not_found');
    });
  });
}
