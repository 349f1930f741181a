import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { placeItem } from '../../../test/support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

for (const dialect of DIALECTS) {
  describe(`create_document action (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    const robotAt = async (stageId: string, params: Record<string, unknown>) => {
      const robot = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: `Document ${JSON.stringify(params)}`,
          stageId,
          action: { type: 'create_document', params },
        },
      });
      assert.equal(robot.status, 201, JSON.stringify(robot.body));
    };
    const move = (itemId: string, stageId: string) =>
      t.request({ method: 'POST', url: `/api/v1/items/${itemId}/move`, body: { stageId } });
    const documentsOf = async (itemId: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/documents?itemId=${itemId}` })).body.data as {
        id: string;
        kind: string;
        number: string;
        amount: string;
        language: string;
        sourceDocumentId: string | null;
      }[];
    const lastRun = async (itemId: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/runs?itemId=${itemId}` })).body.data.at(-1);

    test('entering the stage makes a numbered document of the item and, with share, a link that opens it', async () => {
      const placed = await placeItem(t);
      await robotAt(placed.stageIds[1], { kind: 'invoice', language: 'ru', share: true });
      assert.equal((await move(placed.itemId, placed.stageIds[1])).status, 200);
      const [document] = await documentsOf(placed.itemId);
      assert.ok(document);
      assert.match(document.number, /^INV-\d{4}-\d{4}$/);
      assert.deepEqual([document.amount, document.language], ['1000.00', 'ru']);
      const run = await lastRun(placed.itemId);
      assert.equal(run.status, 'succeeded', JSON.stringify(run));
      assert.equal(run.result.documentId, document.id);
      const page = await t.app.inject({ method: 'GET', url: run.result.sharePath });
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes('Счёт на оплату'));
    });

    test('a robot naming a document template that does not exist is refused at its pointer; a stored one is accepted', async () => {
      const placed = await placeItem(t);
      const refused = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'Invoice from a missing template',
          stageId: placed.stageIds[1],
          action: { type: 'create_document', params: { kind: 'invoice', template: 'no-such-template' } },
        },
      });
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.deepEqual(
        refused.body.errors.map((problem: { field: string }) => problem.field),
        ['/body/action/params/template'],
      );
      assert.match(refused.body.detail, /no-such-template does not exist/);
      const robots = await t.request({ method: 'GET', url: `/api/v1/robots?stageId=${placed.stageIds[1]}` });
      assert.deepEqual(robots.body.data, [], 'nothing was saved');

      const template = await t.request({
        method: 'POST',
        url: '/api/v1/document-templates',
        body: { kind: 'invoice', name: 'Plain', language: 'en', body: '<h1>Invoice {{ number }}</h1>' },
      });
      assert.equal(template.status, 201, JSON.stringify(template.body));
      await robotAt(placed.stageIds[1], { kind: 'invoice', template: template.body.id });
    });

    test('fromKind makes the invoice from the quote; without a quote the run fails and makes nothing', async () => {
      const placed = await placeItem(t);
      await robotAt(placed.stageIds[1], { kind: 'invoice', fromKind: 'quote' });
      await move(placed.itemId, placed.stageIds[1]);
      assert.deepEqual(await documentsOf(placed.itemId), []);
      const failed = await lastRun(placed.itemId);
      assert.equal(failed.status, 'failed');
      assert.equal(failed.error.code, 'document_source_missing');

      const other = await placeItem(t);
      const quote = await t.request({
        method: 'POST',
        url: `/api/v1/items/${other.itemId}/documents`,
        body: { kind: 'quote', lines: [{ name: 'Support', quantity: 4, price: '12.50' }] },
      });
      await robotAt(other.stageIds[1], { kind: 'invoice', fromKind: 'quote' });
      await move(other.itemId, other.stageIds[1]);
      const invoice = (await documentsOf(other.itemId)).find((d) => d.kind === 'invoice');
      assert.deepEqual([invoice?.amount, invoice?.sourceDocumentId], ['50.00', quote.body.id]);
    });
  });
}
