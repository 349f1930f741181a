import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

for (const dialect of DIALECTS) {
  describe(`trigger backfill API (${dialect})`, () => {
    let t: TestApp;
    const stages: Record<string, string> = {};
    const items: Record<string, string> = {};
    let pipelineId: string;
    let triggerId: string;

    const post = async (url: string, body?: unknown, as: 'admin' | 'manager' = 'admin') =>
      t.request({ method: 'POST', url, body, as });
    const created = async (url: string, body: unknown) => {
      const response = await post(url, body);
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body.id as string;
    };
    const stageOfItem = async (name: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/items/${items[name]}` })).body.stageId as string;

    before(async () => {
      t = await createTestApp(dialect);
      const pipeline = await post('/api/v1/pipelines', {
        name: 'Deals',
        entityType: 'deal',
        stages: [
          { name: 'New' },
          { name: 'Qualified' },
          { name: 'Proposal' },
          { name: 'Won', semantics: 'won' },
        ],
      });
      pipelineId = pipeline.body.id;
      for (const stage of pipeline.body.stages) stages[stage.name] = stage.id;
      const item = (title: string, stage: string, amount: string, approved: boolean) =>
        created('/api/v1/items', {
          pipelineId,
          stageId: stages[stage],
          title,
          amount,
          fields: { approved },
        });
      items['ready'] = await item('Ready', 'New', '500.00', true);
      items['unapproved'] = await item('Unapproved', 'New', '600.00', false);
      items['tiny'] = await item('Tiny', 'New', '5.00', true);
      items['ahead'] = await item('Ahead', 'Proposal', '700.00', true);
      items['won'] = await item('Closed', 'Won', '800.00', true);
      items['there'] = await item('Already there', 'Qualified', '900.00', true);
      await created('/api/v1/guards', {
        name: 'Approved only',
        stageId: stages['Qualified'],
        condition: { field: 'item.fields.approved', op: 'eq', value: true },
        message: 'The deal is not approved',
      });
      triggerId = await created('/api/v1/triggers', {
        name: 'Qualify on reply',
        stageId: stages['Qualified'],
        eventType: 'email.received',
        filter: { field: 'event.data.subject', op: 'contains', value: 'Yes' },
        condition: { field: 'item.amount', op: 'gte', value: 100 },
      });
    });
    after(() => t.close());

    test('the preview judges every item the trigger could move, guards included', async () => {
      const response = await post(`/api/v1/triggers/${triggerId}/backfill/preview`);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const body = response.body;
      assert.equal(body.kind, 'trigger');
      const byItem = new Map(body.candidates.map((c: { itemId: string }) => [c.itemId, c]));
      assert.equal(byItem.has(items['there']), false, 'items already in its stage are not candidates');
      const code = (name: string) => (byItem.get(items[name]) as { reasonCode: string }).reasonCode;
      assert.equal(code('ready'), 'ok');
      assert.equal(code('unapproved'), 'guard');
      assert.equal(code('tiny'), 'condition');
      assert.equal(code('ahead'), 'backward');
      assert.equal(code('won'), 'final_stage');
      assert.equal(body.eligibleCount, 1);
      const refused = byItem.get(items['unapproved']) as { guard: unknown; stageName: string };
      assert.deepEqual(refused.guard, {
        guardId: refused.guard && (refused.guard as { guardId: string }).guardId,
        name: 'Approved only',
        message: 'The deal is not approved',
      });
      assert.equal(refused.stageName, 'New');
      for (const candidate of body.candidates) {
        assert.match(candidate.reason, /the filter over the event is not checked/);
      }
    });

    test('confirming moves only the items the guards let through, journaled as a backfill', async () => {
      const response = await post(`/api/v1/triggers/${triggerId}/backfill`, {
        itemIds: [items['ready'], items['unapproved'], items['tiny']],
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.deepEqual(
        response.body.applied.map((a: { itemId: string }) => a.itemId),
        [items['ready']],
      );
      assert.deepEqual(
        response.body.skipped.map((s: { itemId: string; reasonCode: string }) => [s.itemId, s.reasonCode]),
        [
          [items['unapproved'], 'guard'],
          [items['tiny'], 'condition'],
        ],
      );
      assert.equal(await stageOfItem('ready'), stages['Qualified']);
      assert.equal(await stageOfItem('unapproved'), stages['New']);
      assert.equal(await stageOfItem('tiny'), stages['New']);

      const journal = await t.request({
        method: 'GET',
        url: `/api/v1/items/${items['ready']}/journal?kind=moved`,
      });
      const moved = journal.body.data.at(-1);
      assert.equal(moved.data.backfill, true);
      assert.deepEqual(moved.data.by, { userId: null, name: 'test admin' });
      assert.equal(moved.triggerId, triggerId);
      assert.match(moved.message, /by a backfill confirmed by test admin/);

      const again = await post(`/api/v1/triggers/${triggerId}/backfill`, { itemIds: [items['ready']] });
      assert.deepEqual(again.body.applied, []);
      assert.equal(again.body.skipped[0].reasonCode, 'same_stage');
    });

    test("the trigger's journal lists its entries newest first, page by page", async () => {
      const first = await t.request({
        method: 'GET',
        url: `/api/v1/triggers/${triggerId}/journal?limit=1`,
        as: 'viewer',
      });
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.equal(first.body.data.length, 1);
      assert.equal(first.body.data[0].triggerName, 'Qualify on reply');
      const second = await t.request({
        method: 'GET',
        url: `/api/v1/triggers/${triggerId}/journal?limit=1&cursor=${first.body.nextCursor}`,
        as: 'viewer',
      });
      assert.ok(second.body.data[0].id < first.body.data[0].id, 'newest first');
      assert.equal(second.body.data[0].kind, 'trigger_matched');
      assert.equal(second.body.data[0].data.backfill, true);
    });

    test('a manager may not apply a trigger to items', async () => {
      const response = await post(`/api/v1/triggers/${triggerId}/backfill/preview`, undefined, 'manager');
      assert.equal(response.status, 403);
    });
  });
}
