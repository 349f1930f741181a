import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { parseAllowList } from '../../src/channels/http/address-policy.ts';
import { SafeHttpSender } from '../../src/channels/http/safe-http-sender.ts';
import type { WebhookDispatcher } from '../../src/channels/webhooks/webhook-dispatcher.ts';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { ManualSleeper } from '../../src/queue/manual-sleeper.ts';
import { placeItem } from '../support/fixtures.ts';
import { createTestApp, DIALECTS, TEST_START, type TestApp } from '../support/harness.ts';
import { WebhookReceiver } from './webhook-receiver.ts';

const allow = parseAllowList('127.0.0.1');
if ('problem' in allow) throw new Error(allow.problem);

/** The headers a receiver passes to Webhook.verify. */
const signed = (headers: Record<string, unknown>) => ({
  'webhook-id': String(headers['webhook-id']),
  'webhook-timestamp': String(headers['webhook-timestamp']),
  'webhook-signature': String(headers['webhook-signature']),
});

for (const dialect of DIALECTS) {
  describe(`outgoing webhooks (${dialect})`, () => {
    let t: TestApp;
    let clock: ManualClock;
    let receiver: WebhookReceiver;
    let base: string;
    let webhooks: WebhookDispatcher;

    before(async () => {
      clock = new ManualClock(TEST_START);
      const sleeper = new ManualSleeper(clock);
      const http = new SafeHttpSender({
        allow,
        timeoutMs: 10_000,
        timer: (ms, signal) => sleeper.sleep(ms, signal),
      });
      t = await createTestApp(dialect, { clock, outside: { http } });
      assert.ok(t.automation.webhooks);
      webhooks = t.automation.webhooks;
      receiver = new WebhookReceiver();
      base = await receiver.listen();
    });
    after(async () => {
      await receiver.close();
      await t.close();
    });

    async function subscribe(path: string, eventTypes: string[] = ['item.created']) {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/webhook-subscriptions',
        body: { url: `${base}${path}`, eventTypes },
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body as { id: string; secret: string };
    }
    const deliveriesOf = async (id: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/webhook-subscriptions/${id}/deliveries` })).body.data;
    const unsubscribe = (id: string) =>
      t.request({ method: 'DELETE', url: `/api/v1/webhook-subscriptions/${id}` });
    const at = (ms: number) => new Date(clock.now().getTime() + ms).getTime();

    test('the secret is shown only at creation; subscriptions are read, updated, listed and deleted by admins', async () => {
      const created = await subscribe('/crud');
      assert.match(created.secret, /^whsec_/);
      const read = await t.request({ method: 'GET', url: `/api/v1/webhook-subscriptions/${created.id}` });
      assert.equal(read.status, 200);
      assert.equal(read.body.secret, undefined);
      assert.deepEqual(read.body.eventTypes, ['item.created']);
      const updated = await t.request({
        method: 'PATCH',
        url: `/api/v1/webhook-subscriptions/${created.id}`,
        body: { eventTypes: ['item.stage_changed'], version: 1 },
      });
      assert.equal(updated.body.version, 2);
      const listed = await t.request({ method: 'GET', url: '/api/v1/webhook-subscriptions' });
      assert.equal(listed.body.data[0].secret, undefined);
      const asManager = await t.request({
        method: 'GET',
        url: '/api/v1/webhook-subscriptions',
        as: 'manager',
      });
      assert.equal(asManager.status, 403);
      assert.equal((await unsubscribe(created.id)).status, 204);
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/webhook-subscriptions/${created.id}` })).status,
        404,
      );
    });

    test('bad input answers 400 naming the field and creates nothing', async () => {
      const cases = [
        [{ url: 'ftp://example.com/x', eventTypes: ['item.created'] }, '/body/url'],
        [{ url: 'not a url', eventTypes: ['item.created'] }, '/body/url'],
        [{ url: 'https://example.com/', eventTypes: ['email.sent'] }, '/body/eventTypes/0'],
        [{ url: 'https://example.com/', eventTypes: [] }, '/body/eventTypes'],
        [{ url: 'https://example.com/', eventTypes: ['item.created'], secret: 'plain' }, '/body/secret'],
      ] as const;
      for (const [body, field] of cases) {
        const response = await t.request({ method: 'POST', url: '/api/v1/webhook-subscriptions', body });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.errors[0].field, field);
      }
      const listed = await t.request({ method: 'GET', url: '/api/v1/webhook-subscriptions' });
      assert.deepEqual(listed.body.data, []);
    });

    test('item events are delivered signed; the official library verifies them and refuses forged or stale ones', async () => {
      const subscription = await subscribe('/signed', ['item.created', 'item.stage_changed']);
      receiver.received.length = 0;
      const placed = await placeItem(t);
      await t.request({
        method: 'POST',
        url: `/api/v1/items/${placed.itemId}/move`,
        body: { stageId: placed.stageIds[1] },
      });
      await webhooks.drain();
      const mine = receiver.received.filter((r) => r.path === '/signed');
      const webhook = new Webhook(subscription.secret);
      const types = mine.map((delivery) => {
        const payload = webhook.verify(delivery.body, signed(delivery.headers)) as {
          type: string;
          data: { itemId: string };
        };
        assert.equal(payload.data.itemId, placed.itemId);
        return payload.type;
      });
      assert.deepEqual(types.sort(), ['item.created', 'item.stage_changed']);

      const [first] = mine;
      assert.ok(first);
      assert.throws(
        () => webhook.verify(first.body.replace('item', 'itex'), signed(first.headers)),
        /signature/i,
      );
      assert.throws(() =>
        new Webhook(`whsec_${Buffer.alloc(32, 7).toString('base64')}`).verify(
          first.body,
          signed(first.headers),
        ),
      );
      const staleTime = new Date(Date.now() - 10 * 60_000);
      const stale = {
        'webhook-id': 'msg_stale',
        'webhook-timestamp': String(Math.floor(staleTime.getTime() / 1000)),
        'webhook-signature': webhook.sign('msg_stale', staleTime, first.body),
      };
      assert.throws(() => webhook.verify(first.body, stale), /too old/i);
      await webhooks.drain();
      assert.equal(receiver.received.filter((r) => r.path === '/signed').length, 2, 'each event once');
      await unsubscribe(subscription.id);
    });

    test('run outcomes and notifications are delivered too', async () => {
      const subscription = await subscribe('/runs', ['run.succeeded', 'notification.created']);
      receiver.received.length = 0;
      const user = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        body: { name: 'Vera', email: 'vera@hooks.example', role: 'manager' },
      });
      const placed = await placeItem(t);
      await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'tell Vera',
          stageId: placed.stageIds[1],
          action: {
            type: 'notify',
            params: { to: ['responsible'], title: 'Moved: {{ item.title }}', body: '' },
          },
        },
      });
      await t.request({
        method: 'PATCH',
        url: `/api/v1/items/${placed.itemId}`,
        body: { responsibleId: user.body.id },
      });
      await t.request({
        method: 'POST',
        url: `/api/v1/items/${placed.itemId}/move`,
        body: { stageId: placed.stageIds[1] },
      });
      await webhooks.drain();
      const webhook = new Webhook(subscription.secret);
      const payloads = receiver.received
        .filter((r) => r.path === '/runs')
        .map(
          (delivery) =>
            webhook.verify(delivery.body, signed(delivery.headers)) as {
              type: string;
              data: Record<string, unknown>;
            },
        );
      const run = payloads.find((p) => p.type === 'run.succeeded');
      const note = payloads.find((p) => p.type === 'notification.created');
      assert.ok(run && note, JSON.stringify(payloads));
      assert.equal(run.data['itemId'], placed.itemId);
      assert.equal(run.data['actionType'], 'notify');
      assert.equal(note.data['userId'], user.body.id);
      assert.equal(note.data['title'], 'Moved: Deal');
      await unsubscribe(subscription.id);
    });

    test('failures are retried on the schedule with jitter, with the same webhook-id every time', async () => {
      const subscription = await subscribe('/flaky');
      receiver.received.length = 0;
      receiver.answers.push(
        (r) => r.writeHead(500).end(),
        (r) => r.writeHead(503).end(),
      );
      await placeItem(t);
      await webhooks.drain();
      let [delivery] = await deliveriesOf(subscription.id);
      assert.equal(delivery.status, 'pending');
      assert.equal(delivery.attempts, 1);
      assert.equal(delivery.lastStatus, 500);
      const firstDue = Date.parse(delivery.nextAttemptAt);
      assert.ok(firstDue >= at(4_500) && firstDue <= at(5_500), 'about 5 s later');

      clock.advance(4_000);
      await webhooks.drain();
      assert.equal(receiver.received.length, 1, 'not before it is due');
      clock.advance(2_000);
      await webhooks.drain();
      [delivery] = await deliveriesOf(subscription.id);
      assert.equal(delivery.attempts, 2);
      const secondDue = Date.parse(delivery.nextAttemptAt);
      assert.ok(secondDue >= at(270_000) && secondDue <= at(330_000), 'about 5 min later');

      clock.advance(330_000);
      await webhooks.drain();
      [delivery] = await deliveriesOf(subscription.id);
      assert.equal(delivery.status, 'succeeded');
      assert.equal(delivery.attempts, 3);
      const ids = new Set(receiver.received.map((r) => r.headers['webhook-id']));
      assert.deepEqual([...ids], [delivery.webhookId]);
      await unsubscribe(subscription.id);
    });

    test('429 waits as long as Retry-After says', async () => {
      const subscription = await subscribe('/busy');
      receiver.received.length = 0;
      receiver.answers.push((r) => r.writeHead(429, { 'retry-after': '120' }).end());
      await placeItem(t);
      await webhooks.drain();
      const [delivery] = await deliveriesOf(subscription.id);
      assert.equal(delivery.lastStatus, 429);
      assert.equal(Date.parse(delivery.nextAttemptAt), at(120_000));
      clock.advance(119_000);
      await webhooks.drain();
      assert.equal(receiver.received.length, 1);
      clock.advance(1_000);
      await webhooks.drain();
      assert.equal(receiver.received.length, 2);
      assert.equal((await deliveriesOf(subscription.id))[0].status, 'succeeded');
      await unsubscribe(subscription.id);
    });

    test('410 Gone disables the subscription; later events are not sent', async () => {
      const subscription = await subscribe('/gone');
      receiver.received.length = 0;
      receiver.answers.push((r) => r.writeHead(410).end());
      await placeItem(t);
      await webhooks.drain();
      const read = await t.request({
        method: 'GET',
        url: `/api/v1/webhook-subscriptions/${subscription.id}`,
      });
      assert.equal(read.body.enabled, false);
      assert.match(read.body.disabledReason, /410/);
      assert.equal((await deliveriesOf(subscription.id))[0].status, 'failed');
      await placeItem(t);
      await webhooks.drain();
      assert.equal(receiver.received.length, 1);
      await unsubscribe(subscription.id);
    });

    test('a receiver that never answers times out when the clock passes 10 s, and is retried', async () => {
      const subscription = await subscribe('/silent');
      receiver.received.length = 0;
      receiver.answers.push(() => {});
      await placeItem(t);
      const arrived = receiver.nextRequest();
      const draining = webhooks.drain();
      await arrived;
      clock.advance(10_000);
      await draining;
      const [delivery] = await deliveriesOf(subscription.id);
      assert.equal(delivery.status, 'pending');
      assert.match(delivery.lastError, /did not answer/);
      assert.equal(delivery.lastStatus, null);
      await unsubscribe(subscription.id);
    });

    test('redirects are not followed: a 3xx is a failed attempt', async () => {
      const subscription = await subscribe('/moved');
      receiver.received.length = 0;
      receiver.answers.push((r) => r.writeHead(307, { location: `${base}/elsewhere` }).end());
      await placeItem(t);
      await webhooks.drain();
      assert.deepEqual(
        receiver.received.map((r) => r.path),
        ['/moved'],
      );
      const [delivery] = await deliveriesOf(subscription.id);
      assert.equal(delivery.status, 'pending');
      assert.equal(delivery.lastStatus, 307);
      await unsubscribe(subscription.id);
    });
  });

  describe(`outgoing webhooks without the allow-list (${dialect})`, () => {
    test('a subscription to a loopback receiver fails at once and the receiver gets nothing', async () => {
      const receiver = new WebhookReceiver();
      const base = await receiver.listen();
      const t = await createTestApp(dialect, { outside: { http: new SafeHttpSender() } });
      try {
        const created = await t.request({
          method: 'POST',
          url: '/api/v1/webhook-subscriptions',
          body: { url: `${base.replace('127.0.0.1', '127.1')}/hook`, eventTypes: ['item.created'] },
        });
        await placeItem(t);
        await t.automation.webhooks?.drain();
        const deliveries = await t.request({
          method: 'GET',
          url: `/api/v1/webhook-subscriptions/${created.body.id}/deliveries`,
        });
        assert.equal(deliveries.body.data[0].status, 'failed');
        assert.match(deliveries.body.data[0].lastError, /not a public address/);
        assert.deepEqual(receiver.received, []);
      } finally {
        await t.close();
        await receiver.close();
      }
    });
  });
}
