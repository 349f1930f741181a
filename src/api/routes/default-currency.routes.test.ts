import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

/** Items made without a currency take STAGEFLOW_DEFAULT_CURRENCY, wherever they are made. */
for (const dialect of DIALECTS) {
  describe(`default currency of new items (${dialect})`, () => {
    let t: TestApp;
    let leadsId: string;
    let dealsId: string;
    let dealStageId: string;
    const itemsOf = async (pipelineId: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/items?pipelineId=${pipelineId}&limit=100` })).body
        .data as { title: string; amount: string; currency: string }[];

    before(async () => {
      t = await createTestApp(dialect, { env: { STAGEFLOW_DEFAULT_CURRENCY: 'RUB' }, phoneRegion: 'RU' });
      const leads = await t.request({
        method: 'POST',
        url: '/api/v1/pipelines',
        body: {
          name: 'Leads',
          entityType: 'lead',
          stages: [{ name: 'New' }, { name: 'Qualified' }],
          settings: { inbound: { createLeadsFromCalls: true } },
        },
      });
      assert.equal(leads.status, 201, JSON.stringify(leads.body));
      leadsId = leads.body.id;
      const deals = await t.request({
        method: 'POST',
        url: '/api/v1/pipelines',
        body: { name: 'Deals', entityType: 'deal', stages: [{ name: 'New' }] },
      });
      dealsId = deals.body.id;
      dealStageId = deals.body.stages[0].id;
      const robot = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'Deal from lead',
          stageId: leads.body.stages[1].id,
          action: {
            type: 'create_item',
            params: { pipelineId: dealsId, title: 'Deal: {{ item.title }}', copyAmount: false },
          },
        },
      });
      assert.equal(robot.status, 201, JSON.stringify(robot.body));
    });
    after(() => t.close());

    test('an item created through the API without a currency is in the configured one', async () => {
      const plain = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId: dealsId, stageId: dealStageId, title: 'No currency given' },
      });
      assert.equal(plain.status, 201, JSON.stringify(plain.body));
      assert.equal(plain.body.currency, 'RUB');
      const euro = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: {
          pipelineId: dealsId,
          stageId: dealStageId,
          title: 'In euro',
          amount: '10.00',
          currency: 'EUR',
        },
      });
      assert.equal(euro.body.currency, 'EUR');
    });

    test('a lead from an unknown caller, and an item a robot makes without copying the amount, are too', async () => {
      const call = await t.request({
        method: 'POST',
        url: '/api/v1/events',
        body: {
          id: 'pbx-rub-1',
          type: 'call.missed',
          subject: { phone: '+79125550177' },
          data: { phone: '+79125550177' },
        },
      });
      assert.equal(call.status, 202, JSON.stringify(call.body));
      await t.automation.runner.drain();
      const [lead] = await itemsOf(leadsId);
      assert.ok(lead, 'the call made a lead');
      assert.deepEqual([lead.amount, lead.currency], ['0.00', 'RUB']);

      const created = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId: leadsId, title: 'Qualified lead', amount: '500.00', currency: 'EUR' },
      });
      const moved = await t.request({
        method: 'POST',
        url: `/api/v1/items/${created.body.id}/move`,
        body: {
          stageId: (await t.request({ method: 'GET', url: `/api/v1/pipelines/${leadsId}` })).body.stages[1]
            .id,
        },
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      const deal = (await itemsOf(dealsId)).find((item) => item.title === 'Deal: Qualified lead');
      assert.deepEqual([deal?.amount, deal?.currency], ['0.00', 'RUB']);
    });

    test('a document made without an item and without a currency is in the configured one', async () => {
      const document = await t.request({
        method: 'POST',
        url: '/api/v1/documents',
        body: { kind: 'invoice', amount: '100.00' },
      });
      assert.equal(document.status, 201, JSON.stringify(document.body));
      assert.equal(document.body.currency, 'RUB');
    });
  });
}
