import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPipeline } from '../../../test/support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

for (const dialect of DIALECTS) {
  describe(`documents API (${dialect})`, () => {
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
          body: { pipelineId, title: 'Deal', amount: '1200.00', currency: 'EUR' },
        })
      ).body as { id: string };
    const createDocument = async (body: Record<string, unknown>) => {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/documents',
        body: { kind: 'invoice', number: 'INV-1', ...body },
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body;
    };
    const timelineKinds = async (itemId: string) =>
      (await get(`/api/v1/items/${itemId}/timeline`)).body.data.map((e: { kind: string }) => e.kind);
    const countDocuments = async () => (await get('/api/v1/documents?limit=200')).body.data.length as number;

    test('a document of an item takes its amount and currency and writes "document_created"', async () => {
      const item = await createItem();
      const document = await createDocument({ itemId: item.id, kind: 'quote', number: 'Q-7' });
      assert.equal(document.itemId, item.id);
      assert.equal(document.status, 'draft');
      assert.equal(document.amount, '1200.00');
      assert.equal(document.currency, 'EUR');
      assert.equal(document.version, 1);
      const timeline = (await get(`/api/v1/items/${item.id}/timeline`)).body.data;
      assert.deepEqual(
        timeline.map((e: { kind: string }) => e.kind),
        ['created', 'document_created'],
      );
      assert.equal(timeline[1].text, 'Document quote Q-7 created for 1200.00 EUR');
      assert.equal(timeline[1].data.documentId, document.id);
    });

    test('creates, reads, updates, lists and deletes a document of a custom kind', async () => {
      const document = await createDocument({ kind: 'packing_list', number: 'PL-1', amount: '10.5' });
      assert.equal(document.itemId, null);
      assert.equal(document.amount, '10.50');
      assert.equal(document.currency, 'USD');
      const read = await get(`/api/v1/documents/${document.id}`);
      assert.equal(read.status, 200);
      assert.equal(read.headers['etag'], '"1"');
      assert.deepEqual(read.body, document);
      const updated = await t.request({
        method: 'PATCH',
        url: `/api/v1/documents/${document.id}`,
        headers: { 'if-match': '"1"' },
        body: { status: 'posted', amount: '11', number: 'PL-1A' },
      });
      assert.equal(updated.status, 200);
      assert.deepEqual(
        [updated.body.status, updated.body.amount, updated.body.number, updated.body.version],
        ['posted', '11.00', 'PL-1A', 2],
      );
      const listed = await get('/api/v1/documents?kind=packing_list');
      assert.deepEqual(
        listed.body.data.map((d: { id: string }) => d.id),
        [document.id],
      );
      assert.equal(
        (await t.request({ method: 'DELETE', url: `/api/v1/documents/${document.id}` })).status,
        204,
      );
      assert.equal((await get(`/api/v1/documents/${document.id}`)).status, 404);
    });

    test('lists every document once across cursor pages', async () => {
      const item = await createItem();
      const created: string[] = [];
      for (let i = 0; i < 5; i += 1)
        created.push((await createDocument({ itemId: item.id, number: `N-${i}` })).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor === null ? '' : `&cursor=${cursor}`;
        const page = await get(`/api/v1/documents?itemId=${item.id}&limit=2${query}`);
        assert.ok(page.body.data.length <= 2);
        seen.push(...page.body.data.map((d: { id: string }) => d.id));
        cursor = page.body.nextCursor;
      } while (cursor !== null);
      assert.deepEqual(seen, created);
    });

    test('filters by item, kind and status', async () => {
      const item = await createItem();
      const invoice = await createDocument({ itemId: item.id, kind: 'invoice', status: 'sent' });
      const order = await createDocument({ itemId: item.id, kind: 'order', status: 'posted' });
      const ids = async (query: string) =>
        (await get(`/api/v1/documents?limit=200&${query}`)).body.data.map((d: { id: string }) => d.id);
      assert.deepEqual(await ids(`itemId=${item.id}`), [invoice.id, order.id]);
      assert.deepEqual(await ids(`itemId=${item.id}&kind=order`), [order.id]);
      assert.deepEqual(await ids(`itemId=${item.id}&status=sent`), [invoice.id]);
      const bad = await get('/api/v1/documents?status=archived');
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].field, '/querystring/status');
    });

    test('an unknown document is 404 for read, update and delete', async () => {
      const missing = '0190f0c0-0000-7000-8000-000000000000';
      for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
        const response = await t.request({
          method,
          url: `/api/v1/documents/${missing}`,
          ...(method === 'PATCH' && { body: { status: 'sent' } }),
        });
        assert.equal(response.status, 404, method);
        assert.equal(response.body.code, 'document_not_found');
      }
    });

    test('a stale version is 409 and changes nothing', async () => {
      const document = await createDocument({});
      await t.request({ method: 'PATCH', url: `/api/v1/documents/${document.id}`, body: { status: 'sent' } });
      const stale = await t.request({
        method: 'PATCH',
        url: `/api/v1/documents/${document.id}`,
        body: { status: 'cancelled', version: 1 },
      });
      assert.equal(stale.status, 409);
      assert.equal(stale.body.code, 'stale_version');
      const read = await get(`/api/v1/documents/${document.id}`);
      assert.equal(read.body.status, 'sent');
      assert.equal(read.body.version, 2);
    });

    test('a viewer cannot create, update or delete documents (403)', async () => {
      const document = await createDocument({});
      const before = await countDocuments();
      const calls = [
        { method: 'POST', url: '/api/v1/documents', body: { kind: 'act', number: 'A-1' } },
        { method: 'PATCH', url: `/api/v1/documents/${document.id}`, body: { status: 'paid' } },
        { method: 'DELETE', url: `/api/v1/documents/${document.id}` },
      ] as const;
      for (const call of calls) assert.equal((await t.request({ ...call, as: 'viewer' })).status, 403);
      assert.equal(await countDocuments(), before);
      assert.deepEqual((await get(`/api/v1/documents/${document.id}`)).body, document);
    });

    test('bad input on create answers 400 naming the field and writes nothing', async () => {
      const item = await createItem();
      const before = await countDocuments();
      const base = { itemId: item.id, kind: 'invoice', number: 'X-1' };
      const cases = [
        [{ ...base, itemId: 'missing' }, '/body/itemId'],
        [{ ...base, kind: 'Invoice' }, '/body/kind'],
        [{ ...base, kind: '1st' }, '/body/kind'],
        [{ ...base, status: 'archived' }, '/body/status'],
        [{ ...base, number: '' }, '/body/number'],
        [{ ...base, language: 'de' }, '/body/language'],
        [{ ...base, lines: [{ name: 'A', quantity: 1, price: '1.001' }] }, '/body/lines/0/price'],
        [{ ...base, amount: '1.234' }, '/body/amount'],
        [{ ...base, amount: '-1' }, '/body/amount'],
        [{ ...base, currency: 'rub' }, '/body/currency'],
        [{ ...base, total: 5 }, '/body/total'],
      ] as const;
      for (const [body, field] of cases) {
        const response = await t.request({ method: 'POST', url: '/api/v1/documents', body });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.errors[0].field, field, JSON.stringify(body));
      }
      assert.equal(await countDocuments(), before);
      assert.deepEqual(await timelineKinds(item.id), ['created']);
    });

    test('bad input on update answers 400 naming the field and changes nothing', async () => {
      const document = await createDocument({});
      const cases = [
        [{ status: 'lost' }, '/body/status'],
        [{ amount: 'many' }, '/body/amount'],
        [{ kind: 'Big Kind' }, '/body/kind'],
        [{ itemId: null }, '/body/itemId'],
      ] as const;
      for (const [body, field] of cases) {
        const response = await t.request({ method: 'PATCH', url: `/api/v1/documents/${document.id}`, body });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.errors[0].field, field, JSON.stringify(body));
      }
      assert.deepEqual((await get(`/api/v1/documents/${document.id}`)).body, document);
    });
  });
}
