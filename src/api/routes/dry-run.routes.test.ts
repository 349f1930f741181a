import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WebhookReceiver } from '../../../test/channels/webhook-receiver.ts';
import { createTestApp, DIALECTS, TEST_START, type TestApp } from '../../../test/support/harness.ts';
import { rowCounts } from '../../../test/support/row-counts.ts';
import { parseAllowList } from '../../channels/http/address-policy.ts';
import { SafeHttpSender } from '../../channels/http/safe-http-sender.ts';

const allow = parseAllowList('127.0.0.1');
if ('problem' in allow) throw new Error(allow.problem);

const HOUR = 3_600_000;
const at = (ms: number) => new Date(TEST_START.getTime() + ms).toISOString();

for (const dialect of DIALECTS) {
  describe(`dry run API (${dialect})`, () => {
    let t: TestApp;
    let receiver: WebhookReceiver;
    let hookUrl: string;
    let stages: Record<string, string>;
    let itemId: string;

    const dryRun = (body: unknown, as: 'admin' | 'manager' | 'viewer' = 'admin') =>
      t.request({ method: 'POST', url: '/api/v1/dry-run', body, as });
    const item = async () => (await t.request({ method: 'GET', url: `/api/v1/items/${itemId}` })).body;
    /** Runs the dry run and checks that no table gained or lost a row and the item kept its version. */
    const changesNothing = async (body: unknown) => {
      const [countsBefore, itemBefore] = [await rowCounts(t), await item()];
      const response = await dryRun(body);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.deepEqual(await rowCounts(t), countsBefore);
      const itemAfter = await item();
      assert.equal(itemAfter.version, itemBefore.version);
      assert.equal(itemAfter.stageId, itemBefore.stageId);
      assert.deepEqual(itemAfter.fields, itemBefore.fields);
      return response.body;
    };
    const emailTrigger = (stage: string, extra: Record<string, unknown> = {}) => ({
      name: 'Order mail',
      stageId: stages[stage],
      eventType: 'email.received',
      filter: { field: 'event.data.subject', op: 'contains', value: 'order' },
      condition: { field: 'item.amount', op: 'gte', value: 500 },
      ...extra,
    });
    const orderMail = { type: 'email.received', data: { from: 'buyer@example.test', subject: 'My order' } };

    before(async () => {
      t = await createTestApp(dialect, { outside: { http: new SafeHttpSender({ allow }) } });
      receiver = new WebhookReceiver();
      hookUrl = `${await receiver.listen()}/hook`;
      const boss = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        body: { name: 'Boss', email: 'boss@example.test', role: 'manager' },
      });
      const anna = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        body: { name: 'Anna', email: 'anna@example.test', role: 'manager', supervisorId: boss.body.id },
      });
      const pipeline = await t.request({
        method: 'POST',
        url: '/api/v1/pipelines',
        body: {
          name: 'Sales',
          entityType: 'deal',
          stages: ['New', 'Qualified', 'Contract'].map((name) => ({ name })),
        },
      });
      stages = Object.fromEntries(
        pipeline.body.stages.map((s: { id: string; name: string }) => [s.name, s.id]),
      );
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: {
          pipelineId: pipeline.body.id,
          stageId: stages['New'],
          title: 'Deal',
          amount: '1000.00',
          currency: 'USD',
          responsibleId: anna.body.id,
        },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      itemId = created.body.id;
      const robots = [
        {
          name: 'Tell Anna',
          action: {
            type: 'notify',
            params: { to: ['responsible'], title: '{{ item.title }} qualified', body: '' },
          },
        },
        {
          name: 'Call task',
          action: { type: 'create_task', params: { title: 'Call about {{ item.title }}' } },
        },
        {
          name: 'Mail the buyer',
          action: {
            type: 'send_email',
            params: {
              to: { address: 'buyer@example.test' },
              subject: 'Your order {{ item.title }}',
              text: 'Hello',
            },
          },
          timing: { kind: 'after', duration: 'P1D' },
        },
      ];
      for (const robot of robots) {
        const saved = await t.request({
          method: 'POST',
          url: '/api/v1/robots',
          body: { ...robot, stageId: stages['Qualified'] },
        });
        assert.equal(saved.status, 201, JSON.stringify(saved.body));
      }
      const guard = await t.request({
        method: 'POST',
        url: '/api/v1/guards',
        body: {
          name: 'Big deals only',
          stageId: stages['Contract'],
          condition: { field: 'item.amount', op: 'gt', value: 100000 },
          message: 'Only deals over 100 000 get a contract',
        },
      });
      assert.equal(guard.status, 201, JSON.stringify(guard.body));
      // The item entered "New" at TEST_START; the dry runs happen an hour later.
      t.clock.advance(HOUR);
    });
    after(async () => {
      await receiver.close();
      await t.close();
    });

    test('a trigger that matches moves the item and plans the stage robots, and nothing of it is kept', async () => {
      const result = await changesNothing({ itemId, trigger: emailTrigger('Qualified'), event: orderMail });
      assert.equal(result.kind, 'trigger');
      assert.equal(result.now, at(HOUR));
      assert.equal(result.trigger.matched, true);
      assert.equal(result.trigger.verdict, 'matched');
      assert.equal(result.trigger.filter.compared.actual, 'My order');
      assert.equal(result.move.outcome, 'moved');
      assert.equal(result.move.toStageName, 'Qualified');
      assert.deepEqual(
        result.runs.map((run: { robotName: string; status: string; dueAt: string }) => [
          run.robotName,
          run.status,
          run.dueAt,
        ]),
        [
          ['Tell Anna', 'scheduled', at(HOUR)],
          ['Call task', 'scheduled', at(HOUR)],
          ['Mail the buyer', 'scheduled', at(HOUR + 24 * HOUR)],
        ],
      );
      assert.deepEqual(result.runs[0].action.rendered.title, { text: 'Deal qualified' });
      assert.ok(result.runs[1].action.changes.taskId, JSON.stringify(result.runs[1].action));
      assert.equal(result.runs[2].action.error, null);
      assert.deepEqual(
        result.outsideCalls.map((call: { kind: string; summary: string }) => [call.kind, call.summary]),
        [['email', 'Email to buyer@example.test: Your order Deal']],
      );
      const outbox = await t.request({ method: 'GET', url: '/api/v1/outbox' });
      assert.equal(outbox.body.data.length, 0, 'no mail left');
    });

    test('a trigger that does not match names the comparison that failed, with both values', async () => {
      const filtered = await changesNothing({
        itemId,
        trigger: emailTrigger('Qualified'),
        event: { type: 'email.received', data: { subject: 'Hello there' } },
      });
      assert.equal(filtered.trigger.matched, false);
      assert.equal(filtered.trigger.verdict, 'filter');
      assert.deepEqual(filtered.trigger.filter.compared, {
        field: 'event.data.subject',
        op: 'contains',
        expected: 'order',
        actual: 'Hello there',
      });
      assert.equal(filtered.move, null);
      assert.deepEqual(filtered.runs, []);

      const small = await changesNothing({
        itemId,
        trigger: emailTrigger('Qualified', {
          condition: { all: [{ field: 'item.amount', op: 'gte', value: 5000 }] },
        }),
        event: orderMail,
      });
      assert.equal(small.trigger.verdict, 'condition');
      assert.equal(small.trigger.condition.kind, 'all');
      assert.deepEqual(small.trigger.condition.children[0].compared, {
        field: 'item.amount',
        op: 'gte',
        expected: 5000,
        actual: 1000,
      });
    });

    test('a guard that refuses the move shows its message and its trace', async () => {
      const result = await changesNothing({ itemId, trigger: emailTrigger('Contract'), event: orderMail });
      assert.equal(result.trigger.matched, true);
      assert.equal(result.move.outcome, 'refused');
      assert.equal(result.move.message, 'Only deals over 100 000 get a contract');
      assert.equal(result.move.guards.length, 1);
      assert.equal(result.move.guards[0].passed, false);
      assert.equal(result.move.guards[0].trace.compared.actual, 1000);
      assert.deepEqual(result.runs, []);
    });

    test('a saved trigger is tried with its event type and empty data by default', async () => {
      const saved = await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        body: emailTrigger('Qualified', { filter: null }),
      });
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      const result = await changesNothing({ itemId, triggerId: saved.body.id });
      assert.equal(result.trigger.matched, true);
      assert.equal(result.runs.length, 3);
      await t.request({ method: 'DELETE', url: `/api/v1/triggers/${saved.body.id}` });
    });

    test('a robot answers its rendered text and its due time as if the item entered its stage now', async () => {
      const result = await changesNothing({
        itemId,
        robot: {
          name: 'Fill the source',
          stageId: stages['Qualified'],
          action: {
            type: 'update_fields',
            params: { set: { 'fields.source': 'mail about {{ item.title }}' } },
          },
          timing: { kind: 'after', duration: 'PT2H' },
        },
      });
      assert.equal(result.kind, 'robot');
      const [run] = result.runs;
      assert.equal(run.robotVersion, null);
      assert.equal(run.status, 'scheduled');
      assert.equal(run.dueAt, at(3 * HOUR));
      assert.match(run.note, /as if the item entered "Qualified" now/);
      assert.equal(run.action.error, null);
      assert.deepEqual(run.action.changes.fields, ['item.fields.source']);
      assert.deepEqual(result.outsideCalls, []);
    });

    test("a robot of the item's stage is timed from the item's entry into it", async () => {
      const saved = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'Remind in two days',
          stageId: stages['New'],
          action: {
            type: 'notify',
            params: { to: ['supervisor'], title: 'Still new: {{ item.title }}', body: '' },
          },
          timing: { kind: 'after', duration: 'P2D' },
          condition: { field: 'item.amount', op: 'gt', value: 10 },
        },
      });
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      const result = await changesNothing({ itemId, robotId: saved.body.id });
      const [run] = result.runs;
      assert.equal(run.robotVersion, 1);
      assert.equal(run.dueAt, at(48 * HOUR));
      assert.match(run.note, /from the item's entry into "New"/);
      assert.equal(run.condition.matched, true);
      assert.deepEqual(run.action.rendered.title, { text: 'Still new: Deal' });
      await t.request({ method: 'DELETE', url: `/api/v1/robots/${saved.body.id}` });
    });

    test('an after-previous robot waits for the robot planned before it, as the planner chains it', async () => {
      const result = await changesNothing({
        itemId,
        robot: {
          name: 'After the mail',
          stageId: stages['Qualified'],
          afterPrevious: true,
          action: { type: 'add_timeline_entry', params: { text: 'Mailed {{ item.title }}' } },
        },
      });
      const [run] = result.runs;
      assert.equal(run.status, 'waiting');
      assert.equal(run.dueAt, null);
      assert.match(run.note, /after the previous robot "Mail the buyer"/);
    });

    test('a webhook robot shows the request it would send, and none reaches the receiver', async () => {
      const result = await changesNothing({
        itemId,
        robot: {
          name: 'Tell the ERP',
          stageId: stages['Qualified'],
          action: {
            type: 'send_webhook',
            params: {
              url: hookUrl,
              body: { title: '{{ item.title }}' },
              headers: { Authorization: 'Bearer s3cret' },
            },
          },
        },
      });
      assert.deepEqual(result.runs[0].action.rendered.url, { text: hookUrl });
      assert.equal(result.outsideCalls.length, 1);
      const [call] = result.outsideCalls;
      assert.equal(call.kind, 'http');
      assert.equal(call.summary, `POST ${hookUrl}`);
      assert.deepEqual(JSON.parse(call.detail.body), { title: 'Deal' });
      assert.notEqual(call.detail.headers.Authorization, 'Bearer s3cret', 'credentials are masked');
      assert.equal(receiver.received.length, 0);
    });

    test('a payment.received trigger reads the paid sum the payment would make', async () => {
      const result = await changesNothing({
        itemId,
        trigger: {
          name: 'Paid in full',
          stageId: stages['Qualified'],
          eventType: 'payment.received',
          condition: { field: 'item.paidAmount', op: 'gte', value: 1000 },
        },
        event: {
          type: 'payment.received',
          data: { amount: '1000.00', currency: 'USD', paymentId: 'p-1', source: 'erp' },
        },
      });
      assert.equal(result.trigger.matched, true, JSON.stringify(result.trigger));
      assert.equal(result.trigger.condition.compared.actual, 1000);
      assert.equal(result.move.outcome, 'moved');
    });

    test('an error the action would meet is in the answer, not a failed request', async () => {
      const result = await changesNothing({
        itemId,
        robot: {
          name: 'Runaway',
          stageId: stages['Qualified'],
          action: {
            type: 'notify',
            params: { to: ['responsible'], title: '{% for i in (1..20000) %}x{% endfor %}', body: '' },
          },
        },
      });
      const [run] = result.runs;
      assert.match(run.action.rendered.title.error.message, /loop/);
      assert.match(run.action.error, /loop/);
      assert.equal(run.action.changes, null);
    });

    test('a bad draft answers 400 naming the field under /body/robot, and nothing is tried', async () => {
      const response = await dryRun({
        itemId,
        robot: {
          name: 'Typo',
          stageId: stages['Qualified'],
          action: { type: 'notify', params: { to: ['responsible'], title: '{{ item.titel }}', body: '' } },
        },
      });
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.equal(response.body.errors[0].field, '/body/robot/action/params/title');
      const trigger = await dryRun({
        itemId,
        trigger: { ...emailTrigger('Qualified'), eventType: 'email.nope' },
      });
      assert.equal(trigger.status, 400);
      assert.equal(trigger.body.errors[0].field, '/body/trigger/eventType');
      const both = await dryRun({ itemId, robotId: 'a', triggerId: 'b' });
      assert.equal(both.status, 400);
    });

    test('only admins may dry-run; an unknown item or rule is 404', async () => {
      const body = { itemId, trigger: emailTrigger('Qualified'), event: orderMail };
      assert.equal((await dryRun(body, 'viewer')).status, 403);
      assert.equal((await dryRun(body, 'manager')).status, 403);
      const unknownItem = await dryRun({ ...body, itemId: 'no-such-item' });
      assert.equal(unknownItem.status, 404);
      assert.equal(unknownItem.body.code, 'item_not_found');
      assert.equal((await dryRun({ itemId, robotId: 'no-such-robot' })).status, 404);
    });

    test("a robot timed before the item's next meeting is due an hour before it, or waits without one", async () => {
      const robot = {
        name: 'Remind before the meeting',
        stageId: stages['Qualified'],
        action: { type: 'add_timeline_entry', params: { text: 'Meeting soon' } },
        timing: { kind: 'at', field: 'activity.start', activityType: 'meeting', offset: '-PT1H' },
      };
      const before = (await changesNothing({ itemId, robot })).runs[0];
      assert.equal(before.status, 'waiting');
      assert.match(before.note, /waits until the item has a planned meeting ahead/);
      const meeting = await t.request({
        method: 'POST',
        url: '/api/v1/activities',
        body: { itemId, type: 'meeting', subject: 'Demo', dueAt: at(5 * HOUR) },
      });
      assert.equal(meeting.status, 201, JSON.stringify(meeting.body));
      const [run] = (await changesNothing({ itemId, robot })).runs;
      assert.equal(run.status, 'scheduled');
      assert.equal(run.dueAt, at(4 * HOUR));
      assert.match(run.note, /activity\.start of "Demo"/);
      await t.request({ method: 'DELETE', url: `/api/v1/activities/${meeting.body.id}` });
    });
  });
}
