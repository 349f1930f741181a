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
      t = await createMailTestApp(dialect, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
      const pipeline = await createPipeline(t, ['New', 'Invoiced', 'Mailed', 'Wrong']);
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
