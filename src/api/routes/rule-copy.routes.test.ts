import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { WebhookReceiver } from '../../../test/channels/webhook-receiver.ts';
import { createPipeline, placeItem } from '../../../test/support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';
import { parseAllowList } from '../../channels/http/address-policy.ts';
import { SafeHttpSender } from '../../channels/http/safe-http-sender.ts';
import { generateWebhookSecret } from '../../channels/webhooks/signing.ts';
import { SECRET_MASK } from '../../domain/secrets.ts';

const allow = parseAllowList('127.0.0.1');
if ('problem' in allow) throw new Error(allow.problem);

for (const dialect of DIALECTS) {
  describe(`copying a rule to another stage (${dialect})`, () => {
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

    const post = (url: string, body: unknown, as?: 'manager') =>
      t.request({ method: 'POST', url, body, ...(as !== undefined && { as }) });
    const created = async (url: string, body: unknown) => {
      const response = await post(url, body);
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body;
    };
    const revisionsOf = async (ruleId: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/revisions?ruleId=${ruleId}` })).body.data;
    const counts = async () => {
      const all = await Promise.all(
        ['robots', 'triggers', 'guards', 'revisions'].map(
          async (path) =>
            (await t.request({ method: 'GET', url: `/api/v1/${path}?limit=200` })).body.data.length,
        ),
      );
      return all;
    };

    test('a send_webhook robot copied to another stage keeps its secret, goes after that stage’s robots and signs with it', async () => {
      const placed = await placeItem(t);
      const [first, second] = placed.stageIds;
      const webhook = await created('/api/v1/robots', {
        name: 'Tell the warehouse',
        stageId: first,
        action: {
          type: 'send_webhook',
          params: { url: `${base}/warehouse`, body: { deal: '{{ item.title }}' }, secret },
        },
      });
      const already = await created('/api/v1/robots', {
        name: 'Note it',
        stageId: second,
        action: { type: 'add_timeline_entry', params: { text: 'Entered' } },
      });

      const copy = await post(`/api/v1/robots/${webhook.id}/copy`, { stageId: second });
      assert.equal(copy.status, 201, JSON.stringify(copy.body));
      assert.notEqual(copy.body.id, webhook.id);
      assert.equal(copy.body.name, 'Tell the warehouse');
      assert.equal(copy.body.stageId, second);
      assert.equal(copy.body.action.params.secret, SECRET_MASK, 'the answer masks the secret');
      const stored = await t.context.repos.rules.getRobotOrThrow(copy.body.id);
      assert.equal(stored.action.params['secret'], secret);
      assert.ok(stored.sort > already.sort, 'the copy runs after the robots already in the stage');
      const history = await revisionsOf(copy.body.id);
      assert.deepEqual(
        history.map((revision: { change: string }) => revision.change),
        ['created'],
      );

      receiver.received.length = 0;
      const moved = await post(`/api/v1/items/${placed.itemId}/move`, { stageId: second });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      const request = receiver.received[0];
      assert.ok(request, 'the copy called the webhook');
      const headers = {
        'webhook-id': String(request.headers['webhook-id']),
        'webhook-timestamp': String(request.headers['webhook-timestamp']),
        'webhook-signature': String(request.headers['webhook-signature']),
      };
      assert.deepEqual(new Webhook(secret).verify(request.body, headers), { deal: 'Deal' });
    });

    test('a trigger and a guard are copied with their settings, under the given name', async () => {
      const { stageIds } = await createPipeline(t, ['New', 'Won']);
      const [first, second] = stageIds;
      const trigger = await created('/api/v1/triggers', {
        name: 'Paid',
        stageId: first,
        eventType: 'payment.received',
        condition: { field: 'item.amount', op: 'gt', value: 100 },
        allowBackward: true,
        enabled: false,
      });
      const guard = await created('/api/v1/guards', {
        name: 'Has an amount',
        stageId: first,
        condition: { field: 'item.amount', op: 'notEmpty' },
        message: 'Set the amount first',
      });

      const triggerCopy = await post(`/api/v1/triggers/${trigger.id}/copy`, {
        stageId: second,
        name: 'Paid (copy)',
      });
      assert.equal(triggerCopy.status, 201, JSON.stringify(triggerCopy.body));
      const { id: _t, createdAt: _tc, updatedAt: _tu, version: _tv, ...triggerRest } = triggerCopy.body;
      assert.deepEqual(triggerRest, {
        ...Object.fromEntries(
          Object.entries(trigger).filter(
            ([key]) => !['id', 'createdAt', 'updatedAt', 'version'].includes(key),
          ),
        ),
        name: 'Paid (copy)',
        stageId: second,
      });

      const guardCopy = await post(`/api/v1/guards/${guard.id}/copy`, { stageId: second });
      assert.equal(guardCopy.status, 201, JSON.stringify(guardCopy.body));
      assert.equal(guardCopy.body.name, 'Has an amount');
      assert.equal(guardCopy.body.stageId, second);
      assert.deepEqual(guardCopy.body.condition, guard.condition);
      assert.equal(guardCopy.body.message, 'Set the amount first');
      for (const id of [triggerCopy.body.id, guardCopy.body.id]) {
        assert.deepEqual(
          (await revisionsOf(id)).map((revision: { change: string }) => revision.change),
          ['created'],
        );
      }
    });

    test('a stage of another pipeline is refused naming /body/stageId, and nothing is written', async () => {
      const { stageIds } = await createPipeline(t, ['New']);
      const other = await createPipeline(t, ['Elsewhere']);
      const robot = await created('/api/v1/robots', {
        name: 'Note it',
        stageId: stageIds[0],
        action: { type: 'add_timeline_entry', params: { text: 'Entered' } },
      });
      const trigger = await created('/api/v1/triggers', {
        name: 'Mail',
        stageId: stageIds[0],
        eventType: 'email.received',
      });
      const guard = await created('/api/v1/guards', {
        name: 'Amount',
        stageId: stageIds[0],
        condition: { field: 'item.amount', op: 'notEmpty' },
        message: 'Set it',
      });
      const before = await counts();
      for (const [path, id] of [
        ['robots', robot.id],
        ['triggers', trigger.id],
        ['guards', guard.id],
      ]) {
        const refused = await post(`/api/v1/${path}/${id}/copy`, { stageId: other.stageIds[0] });
        assert.equal(refused.status, 400, JSON.stringify(refused.body));
        assert.equal(refused.body.errors[0].field, '/body/stageId');
        const missing = await post(`/api/v1/${path}/${id}/copy`, { stageId: 'no-such-stage' });
        assert.equal(missing.status, 400, JSON.stringify(missing.body));
        assert.equal(missing.body.errors[0].field, '/body/stageId');
      }
      assert.deepEqual(await counts(), before);
    });

    test('a manager may not copy a rule; an unknown rule is 404', async () => {
      const { stageIds } = await createPipeline(t, ['New', 'Next']);
      const guard = await created('/api/v1/guards', {
        name: 'Amount',
        stageId: stageIds[0],
        condition: { field: 'item.amount', op: 'notEmpty' },
        message: 'Set it',
      });
      const before = await counts();
      const refused = await post(`/api/v1/guards/${guard.id}/copy`, { stageId: stageIds[1] }, 'manager');
      assert.equal(refused.status, 403, JSON.stringify(refused.body));
      assert.deepEqual(await counts(), before);
      const unknown = await post('/api/v1/robots/no-such-robot/copy', { stageId: stageIds[1] });
      assert.equal(unknown.status, 404, JSON.stringify(unknown.body));
    });
  });
}
