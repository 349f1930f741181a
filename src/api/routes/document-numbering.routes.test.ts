import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPipeline } from '../../../test/support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

for (const dialect of DIALECTS) {
  describe(`document numbering (${dialect})`, () => {
    let t: TestApp;
    let itemId: string;
    before(async () => {
      t = await createTestApp(dialect);
      const pipelineId = (await createPipeline(t)).id;
      const item = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId, title: 'Deal', amount: '100.00', currency: 'EUR' },
      });
      itemId = item.body.id;
    });
    after(() => t.close());

    const create = (body: Record<string, unknown>) =>
      t.request({ method: 'POST', url: '/api/v1/documents', body: { itemId, ...body } });
    const year = () => new Date().getUTCFullYear();

    test('numbers each kind from 1 per year with its prefix', async () => {
      const first = await create({ kind: 'invoice' });
      const second = await create({ kind: 'invoice' });
      const quote = await create({ kind: 'quote' });
      const custom = await create({ kind: 'packing_list' });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.deepEqual(
        [first.body.number, second.body.number, quote.body.number, custom.body.number],
        [`INV-${year()}-0001`, `INV-${year()}-0002`, `QUO-${year()}-0001`, `PAC-${year()}-0001`],
      );
    });

    test('a prefix set for a kind is used for its next numbers', async () => {
      const set = await t.request({
        method: 'PUT',
        url: '/api/v1/document-sequences/contract',
        body: { prefix: 'ДОГ' },
      });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      assert.equal((await create({ kind: 'contract' })).body.number, `ДОГ-${year()}-0001`);
      const listed = await t.request({ method: 'GET', url: '/api/v1/document-sequences' });
      assert.deepEqual(
        listed.body.data.find((s: { kind: string }) => s.kind === 'contract'),
        { kind: 'contract', prefix: 'ДОГ' },
      );
      const bad = await t.request({
        method: 'PUT',
        url: '/api/v1/document-sequences/act',
        body: { prefix: 'A B' },
      });
      assert.equal(bad.status, 400);
      assert.equal(bad.body.errors[0].field, '/body/prefix');
    });

    test('parallel creations take every number once, without gaps', async () => {
      const answers = await Promise.all(Array.from({ length: 12 }, () => create({ kind: 'act' })));
      for (const answer of answers) assert.equal(answer.status, 201, JSON.stringify(answer.body));
      const numbers = answers.map((a) => a.body.number as string).sort();
      assert.deepEqual(
        numbers,
        Array.from({ length: 12 }, (_, i) => `ACT-${year()}-${String(i + 1).padStart(4, '0')}`),
      );
    });

    test('a creation that fails gives its number back', async () => {
      const first = await create({ kind: 'order' });
      const failed = await create({ kind: 'order', fromDocumentId: '0190f0c0-0000-7000-8000-000000000000' });
      assert.equal(failed.status, 400);
      assert.equal(failed.body.code, 'document_source_missing');
      const next = await create({ kind: 'order' });
      assert.deepEqual([first.body.number, next.body.number], [`ORD-${year()}-0001`, `ORD-${year()}-0002`]);
    });

    test('a number given with the document is kept and takes none of the sequence', async () => {
      const own = await create({ kind: 'receipt', number: 'R-77' });
      const next = await create({ kind: 'receipt' });
      assert.deepEqual([own.body.number, next.body.number], ['R-77', `REC-${year()}-0001`]);
    });
  });
}
