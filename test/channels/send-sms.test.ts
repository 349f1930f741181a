import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseAllowList } from '../../src/channels/http/address-policy.ts';
import { SafeHttpSender } from '../../src/channels/http/safe-http-sender.ts';
import { createSmsSender } from '../../src/channels/sms/sms-sender.ts';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { uuidv7 } from '../../src/store/ids.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { SmsRepository } from '../../src/store/repositories/sms-repository.ts';
import {
  buildTestApp,
  createTestApp,
  createTestStore,
  DIALECTS,
  TEST_START,
  type TestApp,
} from '../support/harness.ts';
import { itemWithTrigger } from './reach-support.ts';
import { WebhookReceiver } from './webhook-receiver.ts';

const allow = parseAllowList('127.0.0.1');
if ('problem' in allow) throw new Error(allow.problem);

async function smsRobot(t: TestApp, params: Record<string, unknown>) {
  const placed = await itemWithTrigger(t, undefined);
  const robot = await t.request({
    method: 'POST',
    url: '/api/v1/robots',
    body: {
      name: 'text the client',
      pipelineId: placed.pipelineId,
      stageId: placed.stageIds[1],
      action: { type: 'send_sms', params },
      retry: { maxAttempts: 3, initialDelay: 'PT1M', maxDelay: 'PT1M' },
    },
  });
  assert.equal(robot.status, 201, JSON.stringify(robot.body));
  await t.request({
    method: 'POST',
    url: `/api/v1/items/${placed.itemId}/move`,
    body: { stageId: placed.stageIds[1] },
  });
  return placed;
}
const runOf = async (t: TestApp, itemId: string) =>
  (await t.request({ method: 'GET', url: `/api/v1/runs?itemId=${itemId}` })).body.data[0];

for (const dialect of DIALECTS) {
  describe(`send_sms through an HTTP provider (${dialect})`, () => {
    let t: TestApp;
    let receiver: WebhookReceiver;

    before(async () => {
      receiver = new WebhookReceiver();
      const base = await receiver.listen();
      const { store, cleanup } = await createTestStore(dialect);
      await migrateToLatest(store);
      const clock = new ManualClock(TEST_START);
      const http = new SafeHttpSender({ allow });
      const sms = createSmsSender({
        log: new SmsRepository(store.db, uuidv7),
        clock,
        http,
        provider: {
          url: `${base}/sms/send`,
          body: '{"phone":"{{to}}","message":"{{ text }}"}',
          auth: 'Bearer provider-key',
        },
      });
      t = await buildTestApp(store, cleanup, { clock, outside: { http, sms } });
    });
    after(async () => {
      await receiver.close();
      await t.close();
    });

    test('posts the rendered provider body to the normalised number; a retried 503 sends the same idempotency key', async () => {
      receiver.received.length = 0;
      receiver.answers.push((r) => r.writeHead(503).end());
      const placed = await smsRobot(t, {
        to: 'contact',
        text: 'Hello "{{ contact.name }}",\nyour deal {{ item.title }}',
      });
      let run = await runOf(t, placed.itemId);
      assert.equal(run.status, 'scheduled', 'a 503 is retried');
      await t.advance('PT1M');
      run = await runOf(t, placed.itemId);
      assert.equal(run.status, 'succeeded', JSON.stringify(run.error));
      assert.equal(receiver.received.length, 2);
      for (const request of receiver.received) {
        assert.equal(request.path, '/sms/send');
        assert.equal(request.headers.authorization, 'Bearer provider-key');
        assert.equal(request.headers['idempotency-key'], run.id);
        assert.deepEqual(JSON.parse(request.body), {
          phone: '+74951234567',
          message: 'Hello "Maria Ivanova",\nyour deal Deal',
        });
      }
      const log = await t.request({
        method: 'GET',
        url: `/api/v1/outbox/sms?itemId=${placed.itemId}`,
        as: 'viewer',
      });
      assert.equal(log.body.data.length, 1, 'one message per run');
      assert.equal(log.body.data[0].status, 'sent');
      assert.equal(log.body.data[0].attempts, 2);
    });

    test('a 4xx answer fails the run at once', async () => {
      receiver.received.length = 0;
      receiver.answers.push((r) => r.writeHead(400).end('unknown number'));
      const placed = await smsRobot(t, { to: { phone: '8 (916) 000-00-00' }, text: 'Hi' });
      const run = await runOf(t, placed.itemId);
      assert.equal(run.status, 'failed');
      assert.equal(run.error.code, 'sms_rejected');
      assert.equal(JSON.parse(receiver.received[0]?.body ?? '{}').phone, '89160000000');
    });

    test('a rendered recipient that is no phone number fails the run without a request', async () => {
      receiver.received.length = 0;
      const placed = await smsRobot(t, { to: { phone: '{{ item.title }}' }, text: 'Hi' });
      const run = await runOf(t, placed.itemId);
      assert.equal(run.status, 'failed');
      assert.equal(run.error.code, 'sms_phone_invalid');
      assert.equal(receiver.received.length, 0);
    });
  });

  describe(`send_sms without a provider (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    test('the SMS goes to the outbox, listed for viewers', async () => {
      const placed = await smsRobot(t, { to: 'contact', text: 'Your order {{ item.title }} is ready' });
      const run = await runOf(t, placed.itemId);
      assert.equal(run.status, 'succeeded', JSON.stringify(run.error));
      const outbox = await t.request({ method: 'GET', url: '/api/v1/outbox/sms', as: 'viewer' });
      assert.equal(outbox.status, 200);
      assert.equal(outbox.body.data.length, 1);
      assert.deepEqual(
        {
          to: outbox.body.data[0].to,
          text: outbox.body.data[0].text,
          provider: outbox.body.data[0].provider,
          status: outbox.body.data[0].status,
          runId: outbox.body.data[0].runId,
        },
        {
          to: '+74951234567',
          text: 'Your order Deal is ready',
          provider: 'outbox',
          status: 'stored',
          runId: run.id,
        },
      );
    });

    test('a number in national format is sent in E.164 of the default region', async () => {
      const ru = await createTestApp(dialect, { phoneRegion: 'RU' });
      try {
        const placed = await smsRobot(ru, { to: { phone: '8 (916) 000-00-00' }, text: 'Hi' });
        const run = await runOf(ru, placed.itemId);
        assert.equal(run.status, 'succeeded', JSON.stringify(run.error));
        const outbox = await ru.request({ method: 'GET', url: '/api/v1/outbox/sms', as: 'viewer' });
        assert.equal(outbox.body.data[0].to, '+79160000000');
      } finally {
        await ru.close();
      }
    });

    test('bad params are refused when the robot is saved, naming the field', async () => {
      const placed = await itemWithTrigger(t, undefined);
      for (const [params, field] of [
        [{ to: 'responsible', text: 'x' }, '/body/action/params/to'],
        [{ to: { phone: '{{ item.nope' }, text: 'x' }, '/body/action/params/to/phone'],
      ] as const) {
        const response = await t.request({
          method: 'POST',
          url: '/api/v1/robots',
          body: {
            name: 'bad',
            pipelineId: placed.pipelineId,
            stageId: placed.stageIds[1],
            action: { type: 'send_sms', params },
          },
        });
        assert.equal(response.status, 400, JSON.stringify(params));
        assert.ok(
          response.body.errors.some((e: { field: string }) => e.field.startsWith(field)),
          JSON.stringify(response.body.errors),
        );
      }
    });
  });
}
