import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

interface Entry {
  kind: string;
  data: Record<string, unknown>;
  triggerName: string | null;
  robotName: string | null;
  guardName: string | null;
  stageName: string | null;
  fromStageName: string | null;
  authorName: string | null;
  causeId: string | null;
  id: string;
}

/**
 * The item card words the journal as sentences with their causes: every entry carries the codes
 * and compared values that say why, and the names of the rules, stages and people it refers to.
 */
for (const dialect of DIALECTS) {
  describe(`journal explained (${dialect})`, () => {
    let t: TestApp;
    let itemId: string;
    const stages: Record<string, string> = {};
    const ids: Record<string, string> = {};
    const must = async (url: string, body: unknown) => {
      const response = await t.request({ method: 'POST', url, body });
      assert.ok(response.status < 300, `${url}: ${JSON.stringify(response.body)}`);
      return response.body;
    };
    const journal = async (kind?: string) =>
      (
        await t.request({
          method: 'GET',
          url: `/api/v1/items/${itemId}/journal?limit=200${kind === undefined ? '' : `&kind=${kind}`}`,
          as: 'viewer',
        })
      ).body.data as Entry[];

    before(async () => {
      t = await createTestApp(dialect);
      const pipeline = await must('/api/v1/pipelines', {
        name: 'Sales',
        entityType: 'deal',
        stages: [{ name: 'New' }, { name: 'Qualified' }, { name: 'Invoice' }, { name: 'Paid' }],
      });
      for (const stage of pipeline.stages) stages[stage.name] = stage.id;
      ids['bigChat'] = (
        await must('/api/v1/triggers', {
          name: 'Big deal chatted',
          stageId: stages['Qualified'],
          eventType: 'chat.message',
          condition: { all: [{ field: 'item.amount', op: 'gt', value: 1000 }] },
        })
      ).id;
      ids['back'] = (
        await must('/api/v1/triggers', {
          name: 'Back to new',
          stageId: stages['New'],
          eventType: 'chat.message',
        })
      ).id;
      ids['paid'] = (
        await must('/api/v1/triggers', {
          name: 'Fully paid',
          stageId: stages['Paid'],
          eventType: 'payment.received',
          condition: { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount' },
        })
      ).id;
      ids['vip'] = (
        await must('/api/v1/robots', {
          name: 'Greet a VIP',
          stageId: stages['Qualified'],
          condition: { field: 'item.fields.vip', op: 'eq', value: true },
          action: { type: 'add_timeline_entry', params: { text: 'VIP' } },
        })
      ).id;
      ids['guard'] = (
        await must('/api/v1/guards', {
          name: 'Invoice needs an amount',
          stageId: stages['Invoice'],
          condition: { field: 'item.amount', op: 'gte', value: 5000 },
          message: 'Set an amount of at least 5000 first',
        })
      ).id;
      itemId = (await must('/api/v1/items', { pipelineId: pipeline.id, title: 'Windows', amount: '500.00' }))
        .id;
      await must('/api/v1/events', {
        id: 'chat-1',
        type: 'chat.message',
        subject: { itemId },
        data: { text: 'hello' },
      });
      await t.request({ method: 'PATCH', url: `/api/v1/items/${itemId}`, body: { amount: '2000.00' } });
      await must('/api/v1/events', {
        id: 'chat-2',
        type: 'chat.message',
        subject: { itemId },
        data: { text: 'again' },
      });
      const refused = await t.request({
        method: 'POST',
        url: `/api/v1/items/${itemId}/move`,
        body: { stageId: stages['Invoice'] },
      });
      assert.equal(refused.status, 409);
      // In Qualified now: the trigger back to New moves forward only.
      await must('/api/v1/events', { id: 'chat-3', type: 'chat.message', subject: { itemId }, data: {} });
      await must('/api/v1/events', {
        id: 'pay-1',
        type: 'payment.received',
        subject: { itemId },
        data: { amount: '100.00', paymentId: 'BP-123' },
      });
      await must('/api/v1/events', {
        id: 'pay-2',
        type: 'payment.received',
        subject: { itemId },
        data: { amount: '1900.00', paymentId: 'BP-124' },
      });
    });
    after(() => t.close());

    test('a trigger that did not match says why, with the values it compared', async () => {
      const missed = (await journal('trigger_not_matched')).filter(
        (e) => e.data['eventType'] === 'chat.message',
      );
      const condition = missed.find((e) => e.data['reason'] === 'condition');
      assert.ok(condition, JSON.stringify(missed));
      assert.equal(condition.triggerName, 'Big deal chatted');
      assert.equal(condition.stageName, 'Qualified');
      assert.deepEqual(condition.data['compared'], {
        field: 'item.amount',
        op: 'gt',
        expected: 1000,
        actual: 500,
      });
      assert.match(String(condition.data['explanation']), /item.amount \(500\) is not greater than 1000/);
      const same = missed.find((e) => e.triggerName === 'Back to new' && e.data['reason'] === 'same_stage');
      assert.ok(same, 'in New already, the trigger to New does not move it');
      const backward = missed.find((e) => e.data['reason'] === 'backward');
      assert.equal(backward?.triggerName, 'Back to new');
      assert.equal(backward?.data['compared'], undefined);
    });

    test('a move names its stages and its cause: the trigger, or the person who asked', async () => {
      const moves = await journal('moved');
      const created = moves[0];
      assert.equal(created?.data['created'], true);
      assert.equal(created?.data['fromStageId'], null);
      assert.equal(created?.stageName, 'New');
      assert.equal((created?.data['cause'] as { kind?: string } | undefined)?.kind, 'manual');
      assert.equal(created?.authorName, 'test admin');
      const byTrigger = moves[1];
      assert.deepEqual(byTrigger?.data['cause'], { kind: 'trigger', triggerId: ids['bigChat'] });
      assert.equal(byTrigger?.triggerName, 'Big deal chatted');
      assert.equal(byTrigger?.fromStageName, 'New');
      assert.equal(byTrigger?.stageName, 'Qualified');
      const cause = (await journal()).find((e) => e.id === byTrigger?.causeId);
      assert.equal(cause?.kind, 'event_received', 'the move links to the event that caused it');
    });

    test('a refused move carries the guard, its message and the values compared', async () => {
      const [refusal] = await journal('move_refused');
      assert.equal(refusal?.guardName, 'Invoice needs an amount');
      assert.equal(refusal?.data['guardMessage'], 'Set an amount of at least 5000 first');
      assert.equal(refusal?.fromStageName, 'Qualified');
      assert.equal(refusal?.stageName, 'Invoice');
      assert.deepEqual(refusal?.data['compared'], {
        field: 'item.amount',
        op: 'gte',
        expected: 5000,
        actual: 2000,
      });
      assert.deepEqual(refusal?.data['cause'], {
        kind: 'manual',
        authorType: 'api',
        authorId: (refusal?.data['cause'] as { authorId?: string } | undefined)?.authorId,
      });
      assert.equal(refusal?.authorName, 'test admin');
    });

    test('a skipped run says its condition did not hold, with the values', async () => {
      const [skipped] = await journal('run_skipped');
      assert.equal(skipped?.robotName, 'Greet a VIP');
      assert.equal(skipped?.data['reason'], 'condition');
      assert.deepEqual(skipped?.data['compared'], {
        field: 'item.fields.vip',
        op: 'eq',
        expected: true,
        actual: null,
      });
      const [planned] = await journal('run_planned');
      assert.equal(planned?.robotName, 'Greet a VIP');
      assert.equal(typeof planned?.data['dueAt'], 'string');
    });

    test('a move by a trigger links to the event and shows the comparison that held', async () => {
      const paidTrigger = (await journal()).filter((e) => e.triggerName === 'Fully paid');
      const [first, second] = paidTrigger.filter((e) => e.kind.startsWith('trigger_'));
      assert.equal(first?.kind, 'trigger_not_matched');
      assert.deepEqual(first?.data['compared'], {
        field: 'item.paidAmount',
        op: 'gte',
        valueField: 'item.amount',
        expected: 2000,
        actual: 100,
      });
      assert.equal(second?.kind, 'trigger_matched');
      assert.equal(second?.data['reason'], 'matched');
      assert.deepEqual(second?.data['compared'], {
        field: 'item.paidAmount',
        op: 'gte',
        valueField: 'item.amount',
        expected: 2000,
        actual: 2000,
      });
      const moved = paidTrigger.find((e) => e.kind === 'moved');
      assert.equal(moved?.stageName, 'Paid');
      const cause = (await journal()).find((e) => e.id === moved?.causeId);
      assert.deepEqual(cause?.data['summary'], { paymentId: 'BP-124', amount: '1900.00' });
    });

    test('a received event carries a short summary of its data', async () => {
      const payment = (await journal('event_received')).find((e) => e.data['type'] === 'payment.received');
      assert.deepEqual(payment?.data['summary'], { paymentId: 'BP-123', amount: '100.00' });
    });
  });
}
