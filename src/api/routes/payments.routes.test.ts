import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPipeline } from '../../../test/support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

for (const dialect of DIALECTS) {
  describe(`payments API (${dialect})`, () => {
    let t: TestApp;
    let pipelineId: string;
    before(async () => {
      t = await createTestApp(dialect);
      pipelineId = (await createPipeline(t)).id;
    });
    after(() => t.close());

    const get = (url: string) => t.request({ method: 'GET', url });
    const createItem = async () =>
      (
        await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId, title: 'Deal', amount: '1000', currency: 'EUR' },
        })
      ).body as { id: string };
    const pay = async (itemId: string, amount: string, extra: Record<string, unknown> = {}) => {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/payments',
        body: { itemId, amount, ...extra },
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body;
    };
    const itemOf = async (id: string) => (await get(`/api/v1/items/${id}`)).body;
    const kinds = async (itemId: string) =>
      (await get(`/api/v1/items/${itemId}/timeline?limit=200`)).body.data.map(
        (e: { kind: string }) => e.kind,
      );

    test('a payment adds to the paid sum, bumps the item version and writes "payment_received"', async () => {
      const item = await createItem();
      const payment = await pay(item.id, '250.5', { reference: 'BANK-1' });
      assert.equal(payment.amount, '250.50');
      assert.equal(payment.currency, 'EUR');
      assert.equal(payment.paidAt, t.clock.now().toISOString());
      assert.equal(payment.documentId, null);
      assert.equal(payment.reference, 'BANK-1');
      assert.deepEqual((await get(`/api/v1/payments/${payment.id}`)).body, payment);
      const paid = await itemOf(item.id);
      assert.equal(paid.paidAmount, '250.50');
      assert.equal(paid.version, 2);
      const timeline = (await get(`/api/v1/items/${item.id}/timeline`)).body.data;
      assert.equal(timeline.at(-1).kind, 'payment_received');
      assert.equal(timeline.at(-1).text, 'Payment of 250.50 EUR received');
      assert.equal(timeline.at(-1).data.paymentId, payment.id);
    });

    test('correcting an amount moves the paid sum by the difference; deleting subtracts it', async () => {
      const item = await createItem();
      const first = await pay(item.id, '100');
      const second = await pay(item.id, '50.25');
      assert.equal((await itemOf(item.id)).paidAmount, '150.25');

      const corrected = await t.request({
        method: 'PATCH',
        url: `/api/v1/payments/${first.id}`,
        body: { amount: '70.00', paidAt: '2026-03-01T10:00:00+03:00' },
      });
      assert.equal(corrected.status, 200);
      assert.equal(corrected.body.amount, '70.00');
      assert.equal(corrected.body.paidAt, '2026-03-01T07:00:00.000Z');
      const afterCorrection = await itemOf(item.id);
      assert.equal(afterCorrection.paidAmount, '120.25');

      const referenceOnly = await t.request({
        method: 'PATCH',
        url: `/api/v1/payments/${first.id}`,
        body: { reference: 'fixed' },
      });
      assert.equal(referenceOnly.body.reference, 'fixed');
      assert.deepEqual(await itemOf(item.id), afterCorrection);

      assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/payments/${second.id}` })).status, 204);
      assert.equal((await get(`/api/v1/payments/${second.id}`)).status, 404);
      assert.equal((await itemOf(item.id)).paidAmount, '70.00');
      assert.deepEqual(await kinds(item.id), [
        'created',
        'payment_received',
        'payment_received',
        'payment_changed',
        'payment_deleted',
      ]);
    });

    test('concurrent payments all count in the paid sum', async () => {
      const item = await createItem();
      const answers = await Promise.all(
        Array.from({ length: 20 }, () =>
          t.request({ method: 'POST', url: '/api/v1/payments', body: { itemId: item.id, amount: '1.01' } }),
        ),
      );
      assert.ok(answers.every((a) => a.status === 201));
      const paid = await itemOf(item.id);
      assert.equal(paid.paidAmount, '20.20');
      assert.equal(paid.version, 21);
    });

    test('lists payments once across cursor pages, filtered by item and document', async () => {
      const item = await createItem();
      const document = (
        await t.request({
          method: 'POST',
          url: '/api/v1/documents',
          body: { itemId: item.id, kind: 'invoice', number: '1' },
        })
      ).body;
      const created: string[] = [];
      for (let i = 1; i <= 5; i += 1) created.push((await pay(item.id, String(i))).id);
      const forDocument = await pay(item.id, '9', { documentId: document.id });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor === null ? '' : `&cursor=${cursor}`;
        const page = await get(`/api/v1/payments?itemId=${item.id}&limit=2${query}`);
        assert.ok(page.body.data.length <= 2);
        seen.push(...page.body.data.map((p: { id: string }) => p.id));
        cursor = page.body.nextCursor;
      } while (cursor !== null);
      assert.deepEqual(seen, [...created, forDocument.id]);
      const byDocument = await get(`/api/v1/payments?documentId=${document.id}`);
      assert.deepEqual(
        byDocument.body.data.map((p: { id: string }) => p.id),
        [forDocument.id],
      );
      assert.equal((await get('/api/v1/payments?amount=1')).status, 400);
    });

    test('an unknown payment is 404 for read, update and delete', async () => {
      const missing = '0190f0c0-0000-7000-8000-000000000000';
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const response = await t.request({
          method,
          url: `/api/v1/payments/${missing}`,
          ...(method === 'PATCH' && { body: { amount: '5' } }),
        });
        assert.equal(response.status, 404, method);
        assert.equal(response.body.code, 'payment_not_found');
      }
    });

    test('a viewer cannot record, correct or delete payments (403), and the paid sum stays', async () => {
      const item = await createItem();
      const payment = await pay(item.id, '10');
      const calls = [
        { method: 'POST', url: '/api/v1/payments', body: { itemId: item.id, amount: '5' } },
        { method: 'PATCH', url: `/api/v1/payments/${payment.id}`, body: { amount: '5' } },
        { method: 'DELETE', url: `/api/v1/payments/${payment.id}` },
      ] as const;
      for (const call of calls) assert.equal((await t.request({ ...call, as: 'viewer' })).status, 403);
      assert.equal((await itemOf(item.id)).paidAmount, '10.00');
      assert.deepEqual((await get(`/api/v1/payments/${payment.id}`)).body, payment);
    });

    test('bad input on create answers 400 naming the field and changes nothing', async () => {
      const item = await createItem();
      const otherItem = await createItem();
      const otherDocument = (
        await t.request({
          method: 'POST',
          url: '/api/v1/documents',
          body: { itemId: otherItem.id, kind: 'invoice', number: '2' },
        })
      ).body;
      const base = { itemId: item.id, amount: '10' };
      const cases = [
        [{ ...base, itemId: 'missing' }, '/body/itemId'],
        [{ itemId: item.id }, '/body/amount'],
        [{ ...base, amount: 0 }, '/body/amount'],
        [{ ...base, amount: '-5' }, '/body/amount'],
        [{ ...base, amount: '1.001' }, '/body/amount'],
        [{ ...base, currency: 'USD' }, '/body/currency'],
        [{ ...base, documentId: 'missing' }, '/body/documentId'],
        [{ ...base, documentId: otherDocument.id }, '/body/documentId'],
        [{ ...base, paidAt: 'yesterday' }, '/body/paidAt'],
        [{ ...base, status: 'ok' }, '/body/status'],
      ] as const;
      for (const [body, field] of cases) {
        const response = await t.request({ method: 'POST', url: '/api/v1/payments', body });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.errors[0].field, field, JSON.stringify(body));
      }
      assert.equal((await get(`/api/v1/payments?itemId=${item.id}`)).body.data.length, 0);
      const unchanged = await itemOf(item.id);
      assert.equal(unchanged.paidAmount, '0.00');
      assert.equal(unchanged.version, 1);
      assert.deepEqual(await kinds(item.id), ['created']);
    });

    test('bad input on update answers 400 naming the field and changes nothing', async () => {
      const item = await createItem();
      const payment = await pay(item.id, '40');
      const cases = [
        [{ amount: 0 }, '/body/amount'],
        [{ amount: 'forty' }, '/body/amount'],
        [{ paidAt: '2026-13-01' }, '/body/paidAt'],
        [{ itemId: item.id }, '/body/itemId'],
        [{ currency: 'USD' }, '/body/currency'],
      ] as const;
      for (const [body, field] of cases) {
        const response = await t.request({ method: 'PATCH', url: `/api/v1/payments/${payment.id}`, body });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.errors[0].field, field, JSON.stringify(body));
      }
      assert.deepEqual((await get(`/api/v1/payments/${payment.id}`)).body, payment);
      assert.equal((await itemOf(item.id)).paidAmount, '40.00');
    });

    test('the currency of an item that has payments cannot change', async () => {
      const item = await createItem();
      await pay(item.id, '5');
      const response = await t.request({
        method: 'PATCH',
        url: `/api/v1/items/${item.id}`,
        body: { currency: 'USD' },
      });
      assert.equal(response.status, 400);
      assert.equal(response.body.errors[0].field, '/body/currency');
      assert.equal((await itemOf(item.id)).currency, 'EUR');
    });
  });
}
