import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { extractText, getDocumentProxy } from 'unpdf';
import { createPipeline } from '../support/fixtures.ts';
import { DIALECTS, type TestApp } from '../support/harness.ts';
import { createMailTestApp, startSmtpServer, type TestSmtpServer } from './mail-support.ts';

for (const dialect of DIALECTS) {
  describe(`send_email with documents attached as PDF (${dialect})`, () => {
    let smtp: TestSmtpServer;
    let t: TestApp;
    let stages: string[];
    let pipelineId: string;

    before(async () => {
      smtp = await startSmtpServer();
      t = await createMailTestApp(dialect, {
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        STAGEFLOW_MAX_FILE_BYTES: '2000',
      });
      const pipeline = await createPipeline(t, ['New', 'Invoiced', 'Mailed', 'Wrong', 'Files']);
      pipelineId = pipeline.id;
      stages = pipeline.stageIds;
      for (const [stageId, action] of [
        [stages[1], { type: 'create_document', params: { kind: 'invoice', language: 'ru' } }],
        [
          stages[2],
          {
            type: 'send_email',
            params: {
              to: 'contact',
              subject: 'Счёт: {{ item.title }}',
              text: 'Здравствуйте, {{ contact.name }}! Счёт во вложении.',
              attachments: [{ document: 'latest:invoice' }],
            },
          },
        ],
        [
          stages[3],
          {
            type: 'send_email',
            params: {
              to: 'contact',
              subject: 'Act',
              text: 'No act yet',
              attachments: [{ document: 'latest:act' }],
            },
          },
        ],
        [
          stages[4],
          {
            type: 'send_email',
            params: {
              to: 'contact',
              subject: 'Прайс',
              text: 'Прайс во вложении',
              attachments: [{ file: 'uploaded-later' }],
            },
          },
        ],
      ] as const) {
        const robot = await t.request({
          method: 'POST',
          url: '/api/v1/robots',
          body: { name: action.type, stageId, action },
        });
        assert.equal(robot.status, 201, JSON.stringify(robot.body));
      }
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    async function deal() {
      const contact = await t.request({
        method: 'POST',
        url: '/api/v1/contacts',
        body: { name: 'Ольга Петрова', emails: [`olga-${smtp.received.length}@example.com`] },
      });
      const item = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: {
          pipelineId,
          title: 'Поставка ромашек',
          amount: '12345.60',
          currency: 'RUB',
          contactId: contact.body.id,
        },
      });
      assert.equal(item.status, 201, JSON.stringify(item.body));
      return item.body.id as string;
    }
    const move = (itemId: string, stageId: string | undefined) =>
      t.request({ method: 'POST', url: `/api/v1/items/${itemId}/move`, body: { stageId } });

    test('the invoice a robot made reaches the SMTP server as a PDF naming the item and its amount', async () => {
      const itemId = await deal();
      await move(itemId, stages[1]);
      await move(itemId, stages[2]);
      assert.equal(smtp.received.length, 1);
      const [mail] = smtp.received;
      assert.equal(mail?.parsed.subject, 'Счёт: Поставка ромашек');
      const [attachment] = mail?.parsed.attachments ?? [];
      assert.equal(attachment?.contentType, 'application/pdf');
      assert.match(attachment?.filename ?? '', /^invoice-INV-\d{4}-\d{4}\.pdf$/);
      const pdf = await getDocumentProxy(new Uint8Array(attachment?.content ?? []));
      const { text } = await extractText(pdf, { mergePages: true });
      for (const part of ['Счёт на оплату', 'Поставка ромашек', 'Ольга Петрова', '12 345.60 RUB']) {
        assert.ok(text.includes(part), `${part} in ${text}`);
      }
    });

    test("an invoice made before templates is attached as a PDF of its kind's default template", async () => {
      const itemId = await deal();
      await move(itemId, stages[1]);
      const [invoice] = (await t.request({ method: 'GET', url: `/api/v1/documents?itemId=${itemId}` })).body
        .data;
      // As migration 0022 left the documents made before it: no snapshot, no HTML, no language.
      await t.context.store.db
        .updateTable('documents')
        .set({ snapshot: null, html: null, templateId: null, language: null })
        .where('id', '=', invoice.id)
        .execute();
      const before = smtp.received.length;
      await move(itemId, stages[2]);
      assert.equal(smtp.received.length, before + 1);
      const runs = (await t.request({ method: 'GET', url: `/api/v1/runs?itemId=${itemId}` })).body.data;
      assert.equal(runs.at(-1).status, 'succeeded', JSON.stringify(runs.at(-1)));
      const [attachment] = smtp.received.at(-1)?.parsed.attachments ?? [];
      assert.equal(attachment?.contentType, 'application/pdf');
      const pdf = await getDocumentProxy(new Uint8Array(attachment?.content ?? []));
      const { text } = await extractText(pdf, { mergePages: true });
      for (const part of [`Invoice № ${invoice.number}`, 'Поставка ромашек', 'Ольга Петрова']) {
        assert.ok(text.includes(part), `${part} in ${text}`);
      }
    });

    const upload = (itemId: string, name: string, bytes: Buffer) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/items/${itemId}/files?name=${encodeURIComponent(name)}`,
        headers: { authorization: `Bearer ${t.tokens.manager}`, 'content-type': 'text/plain' },
        payload: bytes,
      });

    test('a file uploaded to the item is sent with the email; one over the size setting is refused', async () => {
      const itemId = await deal();
      const uploaded = await upload(itemId, 'прайс.txt', Buffer.from('Ромашка — 100 ₽', 'utf8'));
      assert.equal(uploaded.statusCode, 201, uploaded.body);
      const file = JSON.parse(uploaded.body);
      const listed = await t.request({ method: 'GET', url: `/api/v1/items/${itemId}/files` });
      assert.deepEqual(
        listed.body.data.map((f: { id: string }) => f.id),
        [file.id],
      );
      const tooLarge = await upload(itemId, 'big.txt', Buffer.alloc(2001, 65));
      assert.equal(tooLarge.statusCode, 413);
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/items/${itemId}/files` })).body.data.length,
        1,
      );

      const robot = (await t.request({ method: 'GET', url: '/api/v1/robots?limit=200' })).body.data.find(
        (r: { stageId: string }) => r.stageId === stages[4],
      );
      const changed = await t.request({
        method: 'PATCH',
        url: `/api/v1/robots/${robot.id}`,
        body: {
          action: {
            type: 'send_email',
            params: { ...robot.action.params, attachments: [{ file: file.id }] },
          },
        },
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      const before = smtp.received.length;
      await move(itemId, stages[4]);
      assert.equal(smtp.received.length, before + 1);
      const [attachment] = smtp.received.at(-1)?.parsed.attachments ?? [];
      assert.equal(attachment?.filename, 'прайс.txt');
      assert.equal(attachment?.content.toString('utf8'), 'Ромашка — 100 ₽');
    });

    test('an attachment naming both a document and a file, or neither, is refused when the robot is saved', async () => {
      for (const attachment of [{}, { document: 'latest:invoice', file: 'f' }]) {
        const refused = await t.request({
          method: 'POST',
          url: '/api/v1/robots',
          body: {
            name: 'Bad attachment',
            stageId: stages[0],
            action: {
              type: 'send_email',
              params: { to: 'contact', subject: 'S', text: 'T', attachments: [attachment] },
            },
          },
        });
        assert.equal(refused.status, 400, JSON.stringify(attachment));
        assert.equal(refused.body.errors[0].field, '/body/action/params/attachments/0');
      }
    });

    test('a document the item does not have fails the run and sends nothing', async () => {
      const before = smtp.received.length;
      const itemId = await deal();
      await move(itemId, stages[3]);
      assert.equal(smtp.received.length, before);
      const runs = (await t.request({ method: 'GET', url: `/api/v1/runs?itemId=${itemId}` })).body.data;
      assert.equal(runs.at(-1).status, 'failed');
      assert.equal(runs.at(-1).error.code, 'attachment_missing');
    });
  });
}
