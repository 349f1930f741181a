import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseAllowList } from '../../src/channels/http/address-policy.ts';
import { SafeHttpSender } from '../../src/channels/http/safe-http-sender.ts';
import { placeItem } from '../support/fixtures.ts';
import { createTestApp, DIALECTS, eventually, type TestApp } from '../support/harness.ts';
import { WebhookReceiver } from './webhook-receiver.ts';

const allow = parseAllowList('127.0.0.1');
if ('problem' in allow) throw new Error(allow.problem);

/**
 * The dispatcher as a started process runs it: in the background, woken when events are
 * processed, sleeping until a retry is due, and stopped with the rest of the automation. Nothing
 * here calls `drain`.
 */
for (const dialect of DIALECTS) {
  describe(`outgoing webhooks in the background (${dialect})`, () => {
    let t: TestApp;
    let receiver: WebhookReceiver;
    let base: string;

    before(async () => {
      t = await createTestApp(dialect, { outside: { http: new SafeHttpSender({ allow }) } });
      receiver = new WebhookReceiver();
      base = await receiver.listen();
      await t.automation.start({ retention: false });
    });
    after(async () => {
      await t.close();
      await receiver.close();
    });

    const deliveriesOf = async (id: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/webhook-subscriptions/${id}/deliveries` })).body.data;

    test('an event is delivered, and a failed delivery is retried once the clock reaches its retry', async () => {
      const subscription = await t.request({
        method: 'POST',
        url: '/api/v1/webhook-subscriptions',
        body: { url: `${base}/background`, eventTypes: ['item.created'] },
      });
      assert.equal(subscription.status, 201, JSON.stringify(subscription.body));
      receiver.answers.push((response) => response.writeHead(503).end());
      await placeItem(t);
      await eventually(
        'the first attempt',
        async () => (await deliveriesOf(subscription.body.id))[0]?.attempts === 1,
      );
      const [failed] = await deliveriesOf(subscription.body.id);
      assert.equal(failed.status, 'pending');
      assert.equal(failed.lastStatus, 503);

      t.clock.advance(Date.parse(failed.nextAttemptAt) - t.clock.now().getTime());
      // The clock's move may come while the loop works out its sleep; a wake-up settles that, as
      // the clock API's wake-up does.
      t.automation.wakeup.wakeLocal('runs');
      await eventually(
        'the retry',
        async () => (await deliveriesOf(subscription.body.id))[0]?.status === 'succeeded',
      );
      const [delivered] = await deliveriesOf(subscription.body.id);
      assert.equal(delivered.attempts, 2);
      assert.equal(receiver.received.length, 2);
      assert.equal(receiver.received[0]?.headers['webhook-id'], receiver.received[1]?.headers['webhook-id']);
    });
  });
}
