import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

interface PipelineBody {
  id: string;
  stages: { id: string; name: string }[];
}

const stageOf = (pipeline: PipelineBody, name: string): string => {
  const stage = pipeline.stages.find((s) => s.name === name);
  assert.ok(stage, name);
  return stage.id;
};

for (const dialect of DIALECTS) {
  describe(`triggers API (${dialect})`, () => {
    let t: TestApp;
    let deals: PipelineBody;
    let leads: PipelineBody;
    before(async () => {
      t = await createTestApp(dialect);
      const create = async (body: unknown) =>
        (await t.request({ method: 'POST', url: '/api/v1/pipelines', body })).body as PipelineBody;
      deals = await create({
        name: 'Deals',
        entityType: 'deal',
        stages: [
          { name: 'New' },
          { name: 'Proposal sent' },
          { name: 'Negotiation' },
          { name: 'Won', semantics: 'won' },
        ],
      });
      leads = await create({
        name: 'Leads',
        entityType: 'lead',
        stages: [{ name: 'Not processed' }, { name: 'Call' }],
      });
    });
    after(() => t.close());

    const proposalSent = () => ({
      name: 'Proposal sent by email',
      stageId: stageOf(deals, 'Proposal sent'),
      eventType: 'email.sent',
      filter: { field: 'event.data.subject', op: 'contains', value: 'Proposal' },
    });
    const count = async () =>
      (await t.request({ method: 'GET', url: '/api/v1/triggers?limit=200' })).body.data.length as number;

    test('creates, reads, updates, lists and deletes a trigger; the pipeline comes from the stage', async () => {
      const created = await t.request({ method: 'POST', url: '/api/v1/triggers', body: proposalSent() });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.pipelineId, deals.id);
      assert.equal(created.body.allowBackward, false);
      assert.equal(created.body.enabled, true);
      assert.equal(created.body.condition, null);
      assert.deepEqual(created.body.filter, proposalSent().filter);
      assert.equal(created.body.version, 1);
      const id = created.body.id;

      const read = await t.request({ method: 'GET', url: `/api/v1/triggers/${id}`, as: 'viewer' });
      assert.equal(read.status, 200);
      assert.equal(read.headers['etag'], '"1"');

      const updated = await t.request({
        method: 'PATCH',
        url: `/api/v1/triggers/${id}`,
        body: {
          allowBackward: true,
          filter: null,
          condition: { field: 'item.amount', op: 'gt', value: 0 },
          version: 1,
        },
      });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.equal(updated.body.allowBackward, true);
      assert.equal(updated.body.filter, null);
      assert.deepEqual(updated.body.condition, { field: 'item.amount', op: 'gt', value: 0 });
      assert.equal(updated.body.version, 2);

      const listed = await t.request({
        method: 'GET',
        url: `/api/v1/triggers?pipelineId=${deals.id}&eventType=email.sent&enabled=true`,
      });
      assert.deepEqual(
        listed.body.data.map((trigger: { id: string }) => trigger.id),
        [id],
      );
      const none = await t.request({
        method: 'GET',
        url: `/api/v1/triggers?stageId=${stageOf(deals, 'Won')}`,
      });
      assert.deepEqual(none.body.data, []);

      assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/triggers/${id}` })).status, 204);
      assert.equal((await t.request({ method: 'GET', url: `/api/v1/triggers/${id}` })).status, 404);
    });

    test('a refused trigger answers 400 naming the field and writes nothing', async () => {
      const before = await count();
      const cases: [Record<string, unknown>, string][] = [
        [{ ...proposalSent(), eventType: 'email.recieved' }, '/body/eventType'],
        [{ ...proposalSent(), filter: { field: 'item.amount', op: 'gt', value: 1 } }, '/body/filter/field'],
        [
          { ...proposalSent(), condition: { field: 'item.amout', op: 'gt', value: 1 } },
          '/body/condition/field',
        ],
        [{ ...proposalSent(), stageId: stageOf(leads, 'Call'), pipelineId: deals.id }, '/body/stageId'],
        [{ ...proposalSent(), stageId: '01900000-0000-7000-8000-000000000000' }, '/body/stageId'],
        [{ ...proposalSent(), unknown: true }, '/body/unknown'],
        [{ ...proposalSent(), filter: 'subject contains Proposal' }, '/body/filter'],
      ];
      for (const [body, field] of cases) {
        const response = await t.request({ method: 'POST', url: '/api/v1/triggers', body });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.errors[0].field, field, JSON.stringify(response.body));
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      }
      assert.equal(await count(), before);
    });

    test('a filter reading the item is told to use the condition', async () => {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        body: { ...proposalSent(), filter: { field: 'item.amount', op: 'gt', value: 1 } },
      });
      assert.match(response.body.errors[0].message, /a filter reads the event; use condition for the item/);
    });

    test('a regex RE2 cannot run (a lookahead) in a condition is refused', async () => {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        body: { ...proposalSent(), condition: { field: 'item.title', op: 'matches', value: 'a(?!b)' } },
      });
      assert.equal(response.status, 400);
      assert.equal(response.body.errors[0].field, '/body/condition/value');
      assert.match(response.body.errors[0].message, /^lookahead and lookbehind/);
    });

    test('PATCH validates the merged trigger and changes nothing when it is refused', async () => {
      const created = (await t.request({ method: 'POST', url: '/api/v1/triggers', body: proposalSent() }))
        .body;
      const badCondition = await t.request({
        method: 'PATCH',
        url: `/api/v1/triggers/${created.id}`,
        body: { condition: { field: 'item.amout', op: 'gt', value: 1 } },
      });
      assert.equal(badCondition.status, 400);
      assert.equal(badCondition.body.errors[0].field, '/body/condition/field');

      // The stored filter reads email.sent data; the new type has no subject field.
      const badType = await t.request({
        method: 'PATCH',
        url: `/api/v1/triggers/${created.id}`,
        body: { eventType: 'call.missed' },
      });
      assert.equal(badType.status, 400);
      assert.equal(badType.body.errors[0].field, '/body/filter/field');

      const otherPipeline = await t.request({
        method: 'PATCH',
        url: `/api/v1/triggers/${created.id}`,
        body: { stageId: stageOf(leads, 'Call') },
      });
      assert.equal(otherPipeline.status, 400);
      assert.equal(otherPipeline.body.errors[0].field, '/body/stageId');

      const unchanged = await t.request({ method: 'GET', url: `/api/v1/triggers/${created.id}` });
      assert.equal(unchanged.body.version, 1);
      assert.equal(unchanged.body.eventType, 'email.sent');

      const moved = await t.request({
        method: 'PATCH',
        url: `/api/v1/triggers/${created.id}`,
        body: { stageId: stageOf(leads, 'Call'), pipelineId: leads.id },
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.equal(moved.body.pipelineId, leads.id);
    });

    test('only admins write triggers; viewers read them', async () => {
      const asManager = await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        as: 'manager',
        body: proposalSent(),
      });
      assert.equal(asManager.status, 403);
      const asViewer = await t.request({ method: 'GET', url: '/api/v1/triggers', as: 'viewer' });
      assert.equal(asViewer.status, 200);
    });
  });
}
