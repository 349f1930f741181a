import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOutboxMailer } from '../../src/channels/mail/outbox-mailer.ts';
import { uuidv7 } from '../../src/store/ids.ts';
import { MailRepository } from '../../src/store/repositories/mail-repository.ts';
import { createPipeline } from '../support/fixtures.ts';
import { DIALECTS, type TestApp } from '../support/harness.ts';
import { createMailTestApp, trackingTokens } from './mail-support.ts';

for (const dialect of DIALECTS) {
  describe(`send_email without SMTP: the outbox (${dialect})`, () => {
    let t: TestApp;
    let pipelineId: string;
    let stageIds: string[];

    before(async () => {
      t = await createMailTestApp(dialect, { STAGEFLOW_MAIL_FROM: 'Sales <sales@example.com>' });
      const pipeline = await createPipeline(t, ['New', 'Proposal sent']);
      pipelineId = pipeline.id;
      stageIds = pipeline.stageIds;
      const responses = [
        await t.request({
          method: 'POST',
          url: '/api/v1/robots',
          body: {
            name: 'Proposal',
            stageId: stageIds[0],
            action: {
              type: 'send_email',
              params: {
                to: 'responsible',
                subject: 'Proposal: {{ item.title }}',
                text: 'See {{ item.title }}',
                html: '<a href="https://example.com/p">{{ item.title }}</a>',
              },
            },
          },
        }),
        await t.request({
          method: 'POST',
          url: '/api/v1/triggers',
          body: {
            name: 'Proposal mailed',
            stageId: stageIds[1],
            eventType: 'email.sent',
            filter: { field: 'event.data.subject', op: 'startsWith', value: 'Proposal' },
          },
        }),
      ];
      for (const response of responses) assert.equal(response.status, 201, JSON.stringify(response.body));
    });
    after(() => t.close());

    test('mail goes to the outbox, listed by GET /api/v1/outbox; email.sent fires the trigger', async () => {
      const user = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        body: { name: 'Anna\nBcc: x@evil.example', email: 'anna@example.com', role: 'manager' },
      });
      assert.equal(user.status, 201, JSON.stringify(user.body));
      const item = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId, title: 'Support <plan>\r\nBcc: x@evil.example', responsibleId: user.body.id },
      });
      assert.equal(item.status, 201, JSON.stringify(item.body));
      const itemId = item.body.id;
      await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId, title: 'No one to mail' },
      });

      const outbox = await t.request({ method: 'GET', url: `/api/v1/outbox?itemId=${itemId}`, as: 'viewer' });
      assert.equal(outbox.status, 200, JSON.stringify(outbox.body));
      assert.equal(outbox.body.data.length, 1);
      const [message] = outbox.body.data;
      assert.equal(message.transport, 'outbox');
      assert.equal(message.status, 'stored');
      assert.equal(message.from, '"Sales" <sales@example.com>');
      assert.deepEqual(message.to, ['"Anna Bcc: x@evil.example" <anna@example.com>']);
      assert.equal(message.subject, 'Proposal: Support <plan> Bcc: x@evil.example');
      assert.match(message.html, /Support &lt;plan&gt;/, 'HTML templates escape values');
      const { open, clicks } = trackingTokens(message.html);
      assert.ok(open && clicks.length === 1, message.html);
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/items/${itemId}` })).body.stageId,
        stageIds[1],
      );
      const all = await t.request({ method: 'GET', url: '/api/v1/outbox' });
      assert.equal(all.body.data.length, 1, 'the item without a responsible user sent nothing');
      const unauthenticated = await t.request({ method: 'GET', url: '/api/v1/outbox', as: null });
      assert.equal(unauthenticated.status, 401);
    });

    test('the same Message-ID twice is stored once: a retried run sends nothing new', async () => {
      const log = new MailRepository(t.context.store.db, uuidv7);
      const mailer = createOutboxMailer({
        log,
        clock: t.clock,
        from: 'a@example.com',
        publicUrl: 'http://crm.test',
      });
      const email = {
        messageId: '<run-x@stageflow>',
        to: ['b@example.com'],
        subject: 'Hi',
        text: 'Hi',
      };
      assert.equal((await mailer.send(email, new AbortController().signal)).transport, 'outbox');
      const second = await mailer.send({ ...email, text: 'Changed' }, new AbortController().signal);
      assert.equal(second.response, 'already sent');
      const stored = await log.findMessage('<run-x@stageflow>');
      assert.equal(stored?.text, 'Hi');
    });

    test('an address with a line break is refused by the mailer, whoever calls it', async () => {
      const log = new MailRepository(t.context.store.db, uuidv7);
      const mailer = createOutboxMailer({
        log,
        clock: t.clock,
        from: 'a@example.com',
        publicUrl: 'http://crm.test',
      });
      await assert.rejects(
        mailer.send(
          {
            messageId: '<run-y@stageflow>',
            to: ['b@example.com\r\nBcc: victim@evil.example'],
            subject: 'Hi',
            text: 'Hi',
          },
          new AbortController().signal,
        ),
        (error: { code?: string; retryable?: boolean }) =>
          error.code === 'mail_header_unsafe' && error.retryable === false,
      );
      assert.equal(await log.findMessage('<run-y@stageflow>'), undefined);
    });

    test('the outbox refuses an unknown filter with a problem naming the field', async () => {
      const response = await t.request({ method: 'GET', url: '/api/v1/outbox?status=sent' });
      assert.equal(response.status, 400);
      assert.match(JSON.stringify(response.body.errors), /status/);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`mail in the OpenAPI document (${dialect})`, () => {
    test('documents the outbox and both public tracking endpoints', async () => {
      const t = await createMailTestApp(dialect);
      try {
        const spec = (await t.request({ method: 'GET', url: '/api/openapi.json', as: null })).body;
        assert.ok(spec.paths['/api/v1/outbox'].get.responses['200']);
        const pixel = spec.paths['/t/o/{token}'].get;
        assert.ok(pixel.summary && pixel.responses['200'].content['image/gif']);
        assert.deepEqual(pixel.security, []);
        const click = spec.paths['/t/c/{token}'].get;
        assert.ok(click.summary && click.responses['302'] && click.responses['404']);
      } finally {
        await t.close();
      }
    });
  });
}
