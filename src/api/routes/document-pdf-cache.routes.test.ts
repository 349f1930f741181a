import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPipeline } from '../../../test/support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';
import type { Mailer, OutgoingEmail, PdfRenderer } from '../../automation/outside-ports.ts';

/** Counts the PDFs laid out, and answers the title it was given as the bytes. */
function countingRenderer(): PdfRenderer & { readonly titles: string[] } {
  const titles: string[] = [];
  return {
    titles,
    async render(_html, meta) {
      titles.push(meta.title);
      return new TextEncoder().encode(`%PDF ${meta.title}`);
    },
  };
}

for (const dialect of DIALECTS) {
  describe(`document PDFs kept by the server (${dialect})`, () => {
    let t: TestApp;
    let pipelineId: string;
    const renderer = countingRenderer();
    const mailed: OutgoingEmail[] = [];
    const mailer: Mailer = {
      async send(email) {
        mailed.push(email);
        return { transport: 'outbox' };
      },
    };
    let mailStageId: string;
    before(async () => {
      t = await createTestApp(dialect, { outside: { pdf: renderer, mailer } });
      const pipeline = await createPipeline(t, ['New', 'Mail the invoice']);
      pipelineId = pipeline.id;
      mailStageId = pipeline.stageIds[1] ?? '';
      const robot = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'mail the invoice',
          stageId: mailStageId,
          action: {
            type: 'send_email',
            params: {
              to: 'contact',
              subject: 'Invoice',
              text: 'Attached',
              attachments: [{ document: 'latest:invoice' }],
            },
          },
        },
      });
      assert.equal(robot.status, 201, JSON.stringify(robot.body));
    });
    after(() => t.close());

    const get = (url: string, as: 'admin' | null = null) =>
      t.app.inject({
        method: 'GET',
        url,
        ...(as !== null && { headers: { authorization: `Bearer ${t.tokens.admin}` } }),
      });
    async function sharedInvoice(): Promise<{ id: string; token: string; itemId: string }> {
      const contact = await t.request({
        method: 'POST',
        url: '/api/v1/contacts',
        body: { name: 'Buyer', emails: [`buyer-${mailed.length}@example.com`] },
      });
      const item = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId, title: 'Deal', contactId: contact.body.id },
      });
      const created = await t.request({
        method: 'POST',
        url: `/api/v1/items/${item.body.id}/documents`,
        body: { kind: 'invoice' },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const share = await t.request({ method: 'POST', url: `/api/v1/documents/${created.body.id}/share` });
      assert.equal(share.status, 201, JSON.stringify(share.body));
      return { id: created.body.id, token: share.body.token, itemId: item.body.id };
    }
    const scrape = async (outcome: string): Promise<number> => {
      const response = await get('/metrics', 'admin');
      const row = `stageflow_pdf_cache_lookups_total{outcome="${outcome}"} `;
      const line = response.body.split('\n').find((text) => text.startsWith(row));
      return line === undefined ? 0 : Number(line.slice(row.length));
    };

    test('a shared PDF asked twice, and through the API, is laid out once', async () => {
      const { id, token } = await sharedInvoice();
      const before = renderer.titles.length;
      const [hits, misses] = [await scrape('hit'), await scrape('miss')];
      const first = await get(`/d/${token}/pdf`);
      const second = await get(`/d/${token}/pdf`);
      const api = await get(`/api/v1/documents/${id}/pdf`, 'admin');
      for (const response of [first, second, api]) {
        assert.equal(response.statusCode, 200);
        assert.equal(response.headers['content-type'], 'application/pdf');
      }
      assert.equal(second.body, first.body);
      assert.equal(api.body, first.body);
      assert.equal(renderer.titles.length - before, 1);
      assert.equal(await scrape('miss'), misses + 1);
      assert.equal(await scrape('hit'), hits + 2);
    });

    test('a document whose number changed is laid out again, never answered with its old PDF', async () => {
      const { id, token } = await sharedInvoice();
      const before = renderer.titles.length;
      const old = await get(`/d/${token}/pdf`);
      const changed = await t.request({
        method: 'PATCH',
        url: `/api/v1/documents/${id}`,
        body: { number: 'INV-RENAMED-7' },
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      const renewed = await get(`/d/${token}/pdf`);
      assert.equal(renewed.statusCode, 200);
      assert.notEqual(renewed.body, old.body);
      assert.match(renewed.body, /INV-RENAMED-7/);
      assert.equal(renderer.titles.length - before, 2);
    });

    test('a robot mailing a document whose link was opened attaches the PDF kept, laid out once', async () => {
      const { token, itemId } = await sharedInvoice();
      const before = renderer.titles.length;
      const shown = await get(`/d/${token}/pdf`);
      const moved = await t.request({
        method: 'POST',
        url: `/api/v1/items/${itemId}/move`,
        body: { stageId: mailStageId },
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      const [attachment] = mailed.at(-1)?.attachments ?? [];
      assert.ok(attachment !== undefined, 'the invoice is attached');
      assert.equal(Buffer.from(attachment.content).toString(), shown.body);
      assert.equal(renderer.titles.length - before, 1);
    });
  });
}
