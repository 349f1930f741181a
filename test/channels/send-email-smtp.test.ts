import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPipeline } from '../support/fixtures.ts';
import { DIALECTS, type TestApp } from '../support/harness.ts';
import { createMailTestApp, startSmtpServer, type TestSmtpServer, trackingTokens } from './mail-support.ts';

const HTML =
  '<p>Hello {{ contact.name }},</p>' +
  '<p><a href="https://shop.example/offer?a=1&amp;b=2">Offer</a> and ' +
  '<a href=\'https://docs.example/guide\'>the guide</a>, <a href="mailto:sales@example.com">mail us</a>.</p>';

for (const dialect of DIALECTS) {
  describe(`send_email over SMTP to a real SMTP server (${dialect})`, () => {
    let smtp: TestSmtpServer;
    let t: TestApp;
    let stages: string[];

    before(async () => {
      smtp = await startSmtpServer();
      t = await createMailTestApp(dialect, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
      const pipeline = await createPipeline(t, ['New', 'Opened', 'Clicked', 'Other']);
      stages = pipeline.stageIds;
      const robot = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'Offer mail',
          stageId: stages[0],
          action: {
            type: 'send_email',
            params: {
              to: 'contact',
              subject: 'Offer: {{ item.title }}',
              text: 'Hello {{ contact.name }}, your offer for {{ item.title }}.',
              html: HTML,
              replyTo: '{{ item.fields.replyTo | default: "sales@example.com" }}',
            },
          },
          retry: { maxAttempts: 3, initialDelay: 'PT1M', maxDelay: 'PT10M' },
        },
      });
      assert.equal(robot.status, 201, JSON.stringify(robot.body));
      for (const trigger of [
        { name: 'Opened', stageId: stages[1], eventType: 'email.opened' },
        {
          name: 'Guide clicked',
          stageId: stages[2],
          eventType: 'email.link_clicked',
          filter: { field: 'event.data.url', op: 'eq', value: 'https://docs.example/guide' },
        },
      ]) {
        const created = await t.request({ method: 'POST', url: '/api/v1/triggers', body: trigger });
        assert.equal(created.status, 201, JSON.stringify(created.body));
      }
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    async function dealFor(contact: { name: string; emails: string[] }, item: Record<string, unknown> = {}) {
      const created = await t.request({ method: 'POST', url: '/api/v1/contacts', body: contact });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: {
          pipelineId: (await stageItemPipeline()).id,
          title: 'Chairs',
          contactId: created.body.id,
          ...item,
        },
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body.id as string;
    }
    const stageItemPipeline = async () =>
      (await t.request({ method: 'GET', url: `/api/v1/pipelines?limit=200` })).body.data[0] as { id: string };
    const stageOf = async (itemId: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/items/${itemId}` })).body.stageId as string;
    const runOf = async (itemId: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/runs?itemId=${itemId}` })).body.data[0];

    test('the contact gets the rendered mail with a tracking pixel and rewritten links; the timeline says so', async () => {
      const before = smtp.received.length;
      const itemId = await dealFor({ name: 'Peter Novak', emails: ['peter@nordlicht.example'] });
      assert.equal(smtp.received.length, before + 1);
      const mail = smtp.received.at(-1);
      assert.ok(mail);
      assert.deepEqual(mail.rcptTo, ['peter@nordlicht.example']);
      const run = await runOf(itemId);
      assert.equal(run.status, 'succeeded', JSON.stringify(run));
      assert.equal(mail.parsed.messageId, `<run-${run.id}@stageflow>`);
      assert.equal(mail.parsed.subject, 'Offer: Chairs');
      assert.equal(mail.parsed.text?.trim(), 'Hello Peter Novak, your offer for Chairs.');
      assert.equal(mail.parsed.from?.value[0]?.address, 'stageflow@localhost');
      assert.equal(mail.parsed.replyTo?.value[0]?.address, 'sales@example.com');
      const html = String(mail.parsed.html);
      const { open, clicks } = trackingTokens(html);
      assert.ok(open, html);
      assert.equal(clicks.length, 2, html);
      assert.ok(!html.includes('https://shop.example') && !html.includes('https://docs.example'), html);
      assert.ok(html.includes('href="mailto:sales@example.com"'), 'mailto links are left alone');
      assert.ok(!/x-stageflow/i.test(mail.raw), 'the internal context headers never leave');

      const timeline = await t.request({ method: 'GET', url: `/api/v1/items/${itemId}/timeline` });
      const entry = timeline.body.data.find((e: { kind: string }) => e.kind === 'email_sent');
      assert.ok(entry, JSON.stringify(timeline.body));
      assert.equal(entry.data.messageId, mail.parsed.messageId);
    });

    test('opening the mail and clicking the guide fire the triggers; the filter reads the url', async () => {
      const itemId = await dealFor({ name: 'Anna Berg', emails: ['anna@berg.example'] });
      const { open, clicks } = trackingTokens(String(smtp.received.at(-1)?.parsed.html));
      const [shop, guide] = clicks;
      assert.ok(open && shop && guide);

      const pixel = await t.app.inject({ method: 'GET', url: `/t/o/${open}` });
      await t.automation.runner.drain();
      assert.equal(pixel.statusCode, 200);
      assert.equal(pixel.headers['content-type'], 'image/gif');
      assert.equal(await stageOf(itemId), stages[1]);

      const toShop = await t.app.inject({ method: 'GET', url: `/t/c/${shop}` });
      await t.automation.runner.drain();
      assert.equal(toShop.statusCode, 302);
      assert.equal(toShop.headers.location, 'https://shop.example/offer?a=1&b=2');
      assert.equal(await stageOf(itemId), stages[1], 'the shop link does not match the filter');

      const toGuide = await t.app.inject({ method: 'GET', url: `/t/c/${guide}?url=https://evil.example/` });
      await t.automation.runner.drain();
      assert.equal(toGuide.statusCode, 302);
      assert.equal(
        toGuide.headers.location,
        'https://docs.example/guide',
        'the token alone decides the target',
      );
      assert.equal(await stageOf(itemId), stages[2]);

      const again = await t.app.inject({ method: 'GET', url: `/t/o/${open}` });
      assert.equal(again.statusCode, 200, 'reopening still answers the pixel');
    });

    test('a link that was not in the mail is refused with a 404 problem', async () => {
      const { open } = trackingTokens(String(smtp.received.at(-1)?.parsed.html));
      for (const token of ['forged-token', open, 'x'.repeat(43)]) {
        const response = await t.app.inject({ method: 'GET', url: `/t/c/${token}` });
        assert.equal(response.statusCode, 404, String(token));
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
        assert.equal(response.json().code, 'tracking_token_unknown');
        assert.equal(response.headers.location, undefined);
      }
      assert.equal((await t.app.inject({ method: 'GET', url: '/t/o/forged-token' })).statusCode, 404);
    });

    test('line breaks from template data cannot add headers: names and subject are flattened', async () => {
      const before = smtp.received.length;
      await dealFor(
        { name: 'Eve\r\nBcc: victim@evil.example', emails: ['eve@example.com'] },
        { title: 'Chairs\r\nBcc: victim@evil.example' },
      );
      assert.equal(smtp.received.length, before + 1);
      const mail = smtp.received.at(-1);
      assert.ok(mail);
      assert.deepEqual(mail.rcptTo, ['eve@example.com']);
      assert.equal(mail.parsed.bcc, undefined);
      assert.equal(mail.parsed.headers.get('bcc'), undefined);
      assert.equal(mail.parsed.subject, 'Offer: Chairs Bcc: victim@evil.example');
      assert.equal(mail.parsed.to && !Array.isArray(mail.parsed.to) ? mail.parsed.to.value.length : 0, 1);
    });

    test('a Reply-To with a line break fails the run at once and sends nothing', async () => {
      const before = smtp.received.length;
      const itemId = await dealFor(
        { name: 'Mallory', emails: ['mallory@example.com'] },
        { fields: { replyTo: 'a@example.com\r\nBcc: victim@evil.example' } },
      );
      const run = await runOf(itemId);
      assert.equal(run.status, 'failed', JSON.stringify(run));
      assert.equal(run.attempts, 1);
      assert.equal(run.error.code, 'email_address_invalid');
      assert.equal(smtp.received.length, before);
    });

    test('a 4xx answer is retried later with the same Message-ID; a 5xx answer fails the run at once', async () => {
      const before = smtp.received.length;
      smtp.replies.push(451);
      const deferred = await dealFor({ name: 'Olga', emails: ['olga@example.com'] });
      let run = await runOf(deferred);
      if (run.status === 'scheduled') {
        assert.equal(run.error.code, 'smtp_deferred');
        await t.advance('PT1H');
      }
      run = await runOf(deferred);
      assert.equal(run.status, 'succeeded', JSON.stringify(run));
      assert.equal(run.attempts, 2);
      assert.equal(smtp.received.length, before + 1);
      assert.equal(smtp.received.at(-1)?.parsed.messageId, `<run-${run.id}@stageflow>`);
      const outbox = await t.request({ method: 'GET', url: `/api/v1/outbox?itemId=${deferred}` });
      assert.equal(outbox.body.data.length, 1);
      assert.equal(outbox.body.data[0].status, 'sent');
      assert.equal(outbox.body.data[0].attempts, 2);

      smtp.replies.push(550);
      const refused = await dealFor({ name: 'Dmitry', emails: ['dmitry@example.com'] });
      run = await runOf(refused);
      assert.equal(run.status, 'failed', JSON.stringify(run));
      assert.equal(run.attempts, 1);
      assert.equal(run.error.code, 'smtp_rejected');
      assert.equal(smtp.received.length, before + 1);
    });
  });
}
