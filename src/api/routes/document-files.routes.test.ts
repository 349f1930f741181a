import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { extractText, getDocumentProxy } from 'unpdf';
import { createPipeline } from '../../../test/support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  return (await extractText(pdf, { mergePages: true })).text;
}

for (const dialect of DIALECTS) {
  describe(`documents from templates (${dialect})`, () => {
    let t: TestApp;
    let pipelineId: string;
    before(async () => {
      t = await createTestApp(dialect);
      pipelineId = (await createPipeline(t)).id;
    });
    after(() => t.close());

    const inject = (method: 'GET' | 'PATCH', url: string, payload?: object) =>
      t.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${t.tokens.admin}` },
        ...(payload && { payload }),
      });
    async function itemOf(title: string, amount: string, fields: Record<string, unknown> = {}) {
      const contact = await t.request({
        method: 'POST',
        url: '/api/v1/contacts',
        body: { name: 'Ольга Петрова', company: 'ООО Ромашка', emails: ['olga@example.com'] },
      });
      const item = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId, title, amount, currency: 'RUB', contactId: contact.body.id, fields },
      });
      assert.equal(item.status, 201, JSON.stringify(item.body));
      return item.body as { id: string; version: number };
    }
    const createFor = (itemId: string, body: Record<string, unknown>) =>
      t.request({ method: 'POST', url: `/api/v1/items/${itemId}/documents`, body });

    test('the shipped Russian invoice renders the item, contact, lines and total into HTML and PDF', async () => {
      const item = await itemOf('Поставка ромашек', '0', {
        lines: [
          { name: 'Ромашка садовая', quantity: 3, price: '100.50' },
          { name: 'Доставка', quantity: 1, price: 500 },
        ],
      });
      const created = await createFor(item.id, { kind: 'invoice', language: 'ru' });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.deepEqual(
        [created.body.amount, created.body.templateId, created.body.language],
        ['801.50', 'default', 'ru'],
      );
      const html = await inject('GET', `/api/v1/documents/${created.body.id}/html`);
      assert.equal(html.statusCode, 200);
      // A template may hold any HTML: the page runs, posts and frames nothing.
      for (const directive of ["default-src 'none'", "form-action 'none'", "frame-ancestors 'none'"]) {
        assert.ok(String(html.headers['content-security-policy']).includes(directive), directive);
      }
      for (const text of [
        'Счёт на оплату',
        created.body.number,
        'Ольга Петрова',
        'Ромашка садовая',
        '801.50 RUB',
      ]) {
        assert.ok(html.body.includes(text), `${text} in ${html.body}`);
      }
      const pdf = await inject('GET', `/api/v1/documents/${created.body.id}/pdf`);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      const text = await pdfText(pdf.rawPayload);
      for (const part of ['Счёт на оплату', 'Ромашка садовая', '801.50 RUB', 'ООО Ромашка'])
        assert.ok(text.includes(part), `${part} in ${text}`);
    });

    test('a document stays as it was made when the item changes later', async () => {
      const item = await itemOf('Old title', '10.00');
      const created = await createFor(item.id, { kind: 'quote' });
      const before = (await inject('GET', `/api/v1/documents/${created.body.id}/pdf`)).rawPayload;
      const changed = await inject('PATCH', `/api/v1/items/${item.id}`, {
        title: 'New title',
        amount: '99.00',
      });
      assert.equal(changed.statusCode, 200, changed.body);
      const html = (await inject('GET', `/api/v1/documents/${created.body.id}/html`)).body;
      assert.ok(html.includes('Old title') && !html.includes('New title'));
      const after = (await inject('GET', `/api/v1/documents/${created.body.id}/pdf`)).rawPayload;
      assert.ok(Buffer.from(before).equals(Buffer.from(after)), 'the same PDF bytes');
    });

    test('a stored default template of a kind is used, and one that cannot render is refused', async () => {
      const saved = await t.request({
        method: 'POST',
        url: '/api/v1/document-templates',
        body: {
          kind: 'contract',
          name: 'Short',
          language: 'en',
          body: '<h1>Contract {{ number }} for {{ contact.name }}</h1>',
          isDefault: true,
        },
      });
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      const item = await itemOf('Deal', '5.00');
      const created = await createFor(item.id, { kind: 'contract' });
      assert.equal(created.body.templateId, saved.body.id);
      const html = (await inject('GET', `/api/v1/documents/${created.body.id}/html`)).body;
      assert.ok(html.includes(`<h1>Contract ${created.body.number} for Ольга Петрова</h1>`), html);
      const broken = await t.request({
        method: 'POST',
        url: '/api/v1/document-templates',
        body: { kind: 'contract', name: 'Broken', language: 'en', body: '{% for x in %}' },
      });
      assert.equal(broken.status, 400);
      assert.equal(broken.body.errors[0].field, '/body/body');
      const unknown = await createFor(item.id, { kind: 'contract', templateId: 'missing' });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.code, 'document_template_not_found');
    });

    test('templates are edited, one default per kind, deleted, and the shipped ones are readable', async () => {
      const body = (text: string) => `<p>${text} {{ number }}</p>`;
      const first = await t.request({
        method: 'POST',
        url: '/api/v1/document-templates',
        body: { kind: 'act', name: 'One', language: 'ru', body: body('Акт'), isDefault: true },
      });
      const second = await t.request({
        method: 'POST',
        url: '/api/v1/document-templates',
        body: { kind: 'act', name: 'Two', language: 'en', body: body('Act') },
      });
      const patched = await t.request({
        method: 'PATCH',
        url: `/api/v1/document-templates/${second.body.id}`,
        headers: { 'if-match': '"1"' },
        body: { isDefault: true, body: body('Act of work') },
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      assert.deepEqual([patched.body.isDefault, patched.body.version], [true, 2]);
      const listed = (await t.request({ method: 'GET', url: '/api/v1/document-templates?kind=act' })).body
        .data;
      assert.deepEqual(
        listed.map((each: { id: string; isDefault: boolean }) => [each.id, each.isDefault]),
        [
          [first.body.id, false],
          [second.body.id, true],
        ],
      );
      const item = await itemOf('Deal', '5.00');
      const act = await createFor(item.id, { kind: 'act' });
      assert.ok((await inject('GET', `/api/v1/documents/${act.body.id}/html`)).body.includes('Act of work'));
      const stale = await t.request({
        method: 'PATCH',
        url: `/api/v1/document-templates/${second.body.id}`,
        headers: { 'if-match': '"1"' },
        body: { name: 'Late' },
      });
      assert.equal(stale.status, 409);
      assert.equal(
        (await t.request({ method: 'DELETE', url: `/api/v1/document-templates/${second.body.id}` })).status,
        204,
      );
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/document-templates/${second.body.id}` })).status,
        404,
      );
      const next = await createFor(item.id, { kind: 'act', language: 'en' });
      assert.equal(next.body.templateId, 'default');
      const shipped = await t.request({
        method: 'GET',
        url: '/api/v1/document-templates/shipped?kind=contract&language=ru',
      });
      assert.match(shipped.body.body, /<h1>Договор № \{\{ number \}\}<\/h1>/);
    });

    test('an invoice from the quote copies its lines and amount', async () => {
      const item = await itemOf('Deal', '300.00');
      const quote = await createFor(item.id, {
        kind: 'quote',
        lines: [{ name: 'Licence', quantity: 2, price: '150.25' }],
      });
      assert.equal(quote.body.amount, '300.50');
      const invoice = await createFor(item.id, { kind: 'invoice', fromKind: 'quote' });
      assert.equal(invoice.status, 201, JSON.stringify(invoice.body));
      assert.deepEqual([invoice.body.amount, invoice.body.sourceDocumentId], ['300.50', quote.body.id]);
      const html = (await inject('GET', `/api/v1/documents/${invoice.body.id}/html`)).body;
      assert.ok(html.includes('Licence'));
      const other = await itemOf('Other', '1.00');
      const none = await createFor(other.id, { kind: 'invoice', fromKind: 'quote' });
      assert.equal(none.status, 400);
      assert.equal(none.body.code, 'document_source_missing');
    });

    test('the share page shows the document, offers its PDF and records one view', async () => {
      const item = await itemOf('Shared', '42.00');
      const created = await createFor(item.id, { kind: 'invoice' });
      const share = await t.request({ method: 'POST', url: `/api/v1/documents/${created.body.id}/share` });
      const page = await t.app.inject({ method: 'GET', url: `/d/${share.body.token}` });
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(created.body.number));
      assert.ok(page.body.includes(`/d/${share.body.token}/pdf`));
      const pdf = await t.app.inject({ method: 'GET', url: `/d/${share.body.token}/pdf` });
      assert.equal(pdf.statusCode, 200);
      assert.ok((await pdfText(pdf.rawPayload)).includes('42.00'));
      await t.context.runner?.drain();
      const viewed = await t.context.store.db
        .selectFrom('events')
        .select('id')
        .where('type', '=', 'document.viewed')
        .execute();
      assert.equal(viewed.length, 1);
      assert.equal((await t.app.inject({ method: 'GET', url: '/d/sfd_forged/pdf' })).statusCode, 404);
    });

    /** A document as one made before templates existed (migration 0022) is stored: no snapshot, no HTML. */
    async function madeBeforeTemplates(id: string, language: string | null): Promise<void> {
      await t.context.store.db
        .updateTable('documents')
        .set({ snapshot: null, html: null, templateId: null, language })
        .where('id', '=', id)
        .execute();
    }

    test("a document made before templates is rendered on request with its kind's default template, in English without a language", async () => {
      const item = await itemOf('Early deal', '150.00');
      const created = await createFor(item.id, { kind: 'invoice', language: 'ru' });
      await madeBeforeTemplates(created.body.id, null);
      const html = await inject('GET', `/api/v1/documents/${created.body.id}/html`);
      assert.equal(html.statusCode, 200, html.body);
      for (const text of [`Invoice № ${created.body.number}`, 'Early deal', 'Ольга Петрова', '150.00 RUB'])
        assert.ok(html.body.includes(text), `${text} in ${html.body}`);
      const pdf = await inject('GET', `/api/v1/documents/${created.body.id}/pdf`);
      assert.equal(pdf.statusCode, 200, pdf.body);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      const text = await pdfText(pdf.rawPayload);
      for (const part of ['Invoice', created.body.number, '150.00 RUB']) assert.ok(text.includes(part), text);

      const share = await t.request({ method: 'POST', url: `/api/v1/documents/${created.body.id}/share` });
      const page = await t.app.inject({ method: 'GET', url: `/d/${share.body.token}` });
      assert.equal(page.statusCode, 200);
      assert.ok(page.body.includes(`Invoice № ${created.body.number}`), page.body);
      assert.ok(page.body.includes(`/d/${share.body.token}/pdf`));
      const shared = await t.app.inject({ method: 'GET', url: `/d/${share.body.token}/pdf` });
      assert.equal(shared.statusCode, 200, shared.body);
      assert.ok((await pdfText(shared.rawPayload)).includes('150.00 RUB'));
    });

    test("a document made before templates with a language is rendered in it, with the kind's stored default when it is in that language", async () => {
      const item = await itemOf('Ранняя сделка', '70.00');
      const created = await createFor(item.id, { kind: 'act', language: 'ru' });
      await madeBeforeTemplates(created.body.id, 'ru');
      const shipped = (await inject('GET', `/api/v1/documents/${created.body.id}/html`)).body;
      assert.ok(shipped.includes(`№ ${created.body.number}`), shipped);
      assert.ok(shipped.includes('Ранняя сделка') && shipped.includes('70.00 RUB'), shipped);
      assert.ok(!shipped.includes('Invoice') && !shipped.includes('Customer'), shipped);

      const stored = await t.request({
        method: 'POST',
        url: '/api/v1/document-templates',
        body: {
          kind: 'act',
          name: 'Акт',
          language: 'ru',
          body: '<h1>Акт {{ number }}: {{ item.title }}</h1>',
          isDefault: true,
        },
      });
      assert.equal(stored.status, 201, JSON.stringify(stored.body));
      const html = (await inject('GET', `/api/v1/documents/${created.body.id}/html`)).body;
      assert.ok(html.includes(`<h1>Акт ${created.body.number}: Ранняя сделка</h1>`), html);
    });
  });
}
