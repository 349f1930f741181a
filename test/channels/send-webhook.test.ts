import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { parseAllowList } from '../../src/channels/http/address-policy.ts';
import { SafeHttpSender } from '../../src/channels/http/safe-http-sender.ts';
import { generateWebhookSecret } from '../../src/channels/webhooks/signing.ts';
import { placeItem } from '../support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';
import { WebhookReceiver } from './webhook-receiver.ts';

const allow = parseAllowList('127.0.0.1');
if ('problem' in allow) throw new Error(allow.problem);

/** The send_webhook robot action against a real receiver on 127.0.0.1. */
for (const dialect of DIALECTS) {
  describe(`send_webhook action (${dialect})`, () => {
    let t: TestApp;
    let receiver: WebhookReceiver;
    let base: string;
    const secret = generateWebhookSecret();

    before(async () => {
      t = await createTestApp(dialect, { outside: { http: new SafeHttpSender({ allow }) } });
      receiver = new WebhookReceiver();
      base = await receiver.listen();
    });
    after(async () => {
      await receiver.close();
      await t.close();
    });

    async function robotOnSecondStage(params: Record<string, unknown>) {
      const placed = await placeItem(t);
      const robot = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'tell the warehouse',
          pipelineId: placed.pipelineId,
          stageId: placed.stageIds[1],
          action: { type: 'send_webhook', params },
          retry: { maxAttempts: 3, initialDelay: 'PT1M', maxDelay: 'PT1M' },
        },
      });
      assert.equal(robot.status, 201, JSON.stringify(robot.body));
      return placed;
    }
    const move = (placed: { itemId: string; stageIds: readonly string[] }) =>
      t.request({
        method: 'POST',
        url: `/api/v1/items/${placed.itemId}/move`,
        body: { stageId: placed.stageIds[1] },
      });
    const runOf = async (itemId: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/runs?itemId=${itemId}` })).body.data[0];

    test('posts the rendered JSON body, signed; a retry after 503 carries the same webhook-id', async () => {
      receiver.received.length = 0;
      receiver.answers.push((r) => r.writeHead(503).end());
      const placed = await robotOnSecondStage({
        url: `${base}/warehouse`,
        body: { deal: '{{ item.title }}', amount: '{{ item.amount }}' },
        headers: { 'x-source': 'stageflow' },
        secret,
      });
      await move(placed);
      let run = await runOf(placed.itemId);
      assert.equal(run.status, 'scheduled', 'a 503 is retried');
      await t.advance('PT1M');
      run = await runOf(placed.itemId);
      assert.equal(run.status, 'succeeded');
      assert.equal(receiver.received.length, 2);
      const webhook = new Webhook(secret);
      for (const request of receiver.received) {
        const headers = {
          'webhook-id': String(request.headers['webhook-id']),
          'webhook-timestamp': String(request.headers['webhook-timestamp']),
          'webhook-signature': String(request.headers['webhook-signature']),
        };
        assert.deepEqual(webhook.verify(request.body, headers), { deal: 'Deal', amount: '1000.00' });
        assert.equal(headers['webhook-id'], `msg_${run.id}`);
        assert.equal(request.headers['x-source'], 'stageflow');
      }
    });

    test('a 4xx answer fails the run at once', async () => {
      receiver.received.length = 0;
      receiver.answers.push((r) => r.writeHead(422).end());
      const placed = await robotOnSecondStage({
        url: `${base}/strict`,
        body: '{"title": "{{ item.title }}"}',
      });
      await move(placed);
      const run = await runOf(placed.itemId);
      assert.equal(run.status, 'failed');
      assert.equal(run.error.code, 'webhook_rejected');
      assert.equal(receiver.received[0]?.headers['content-type'], 'application/json');
    });

    test("credentials in the URL are masked in the run's record and journal, not in the request", async () => {
      receiver.received.length = 0;
      const placed = await robotOnSecondStage({
        url: `${base}/warehouse?api_key=erp-credential-7&order=17`,
        body: { deal: '{{ item.title }}' },
      });
      await move(placed);
      const run = await runOf(placed.itemId);
      assert.equal(run.status, 'succeeded', JSON.stringify(run));
      assert.equal(receiver.received[0]?.path, '/warehouse?api_key=erp-credential-7&order=17');
      assert.equal(run.result.url, `${base}/warehouse?api_key=********&order=17`);
      const journal = await t.request({
        method: 'GET',
        url: `/api/v1/items/${placed.itemId}/journal?limit=200`,
      });
      assert.ok(!JSON.stringify(journal.body).includes('erp-credential-7'));
      assert.ok(!JSON.stringify(run).includes('erp-credential-7'));
    });

    test('bad params are refused when the robot is saved, naming the field', async () => {
      const placed = await placeItem(t);
      const cases = [
        [{ url: base, body: '{}', headers: { 'webhook-id': 'x' } }, '/body/action/params/headers/webhook-id'],
        [
          { url: base, body: '{}', headers: { 'x-a': 'one\r\nInjected: yes' } },
          '/body/action/params/headers/x-a',
        ],
        [{ url: base, body: '{}', secret: 'not-a-secret' }, '/body/action/params/secret'],
        [{ url: base, body: { a: '{{ item.nope' } }, '/body/action/params/body/a'],
      ] as const;
      for (const [params, field] of cases) {
        const response = await t.request({
          method: 'POST',
          url: '/api/v1/robots',
          body: {
            name: 'bad',
            pipelineId: placed.pipelineId,
            stageId: placed.stageIds[1],
            action: { type: 'send_webhook', params },
          },
        });
        assert.equal(response.status, 400, JSON.stringify(params));
        assert.equal(response.body.errors[0].field, field, JSON.stringify(response.body.errors));
      }
    });
  });
}
