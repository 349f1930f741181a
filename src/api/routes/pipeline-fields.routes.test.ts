import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';
import { CustomFieldsRepository } from '../../store/repositories/custom-fields-repository.ts';

for (const dialect of DIALECTS) {
  describe(`pipeline fields API (${dialect})`, () => {
    let t: TestApp;
    let pipelineId: string;
    before(async () => {
      t = await createTestApp(dialect);
      const create = async (name: string) =>
        (
          await t.request({
            method: 'POST',
            url: '/api/v1/pipelines',
            body: { name, entityType: 'deal', stages: [{ name: 'New' }] },
          })
        ).body.id as string;
      pipelineId = await create('Sales');
      const other = await create('Other');
      const contact = await t.request({
        method: 'POST',
        url: '/api/v1/contacts',
        body: { name: 'Anna', fields: { city: 'Berlin', vip: true } },
      });
      assert.equal(contact.status, 201, JSON.stringify(contact.body));
      const item = (pipeline: string, fields: Record<string, unknown>, contactId?: string) =>
        t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId: pipeline, title: 'Deal', amount: '10', currency: 'EUR', fields, contactId },
        });
      for (const answer of [
        await item(pipelineId, {
          meetingAt: '2024-06-01T10:00:00Z',
          budget: 1500,
          address: { zip: '10115' },
        }),
        await item(pipelineId, { meetingAt: '2024-06-03', budget: '2000', tags: ['vip'] }, contact.body.id),
        await item(other, { elsewhere: 1 }),
      ])
        assert.equal(answer.status, 201, JSON.stringify(answer.body));
    });
    after(() => t.close());

    test("lists the custom fields of the pipeline's items and contacts with kinds and examples, to any role", async () => {
      const answer = await t.request({
        method: 'GET',
        url: `/api/v1/pipelines/${pipelineId}/fields`,
        as: 'viewer',
      });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const byPath = Object.fromEntries(
        (answer.body.data as { path: string; kind: string; examples: unknown[] }[]).map((field) => [
          field.path,
          [field.kind, field.examples.length],
        ]),
      );
      assert.deepEqual(byPath, {
        'item.fields.address.zip': ['string', 1],
        'item.fields.budget': ['any', 2],
        'item.fields.meetingAt': ['date', 2],
        'item.fields.tags': ['list', 1],
        'contact.fields.city': ['string', 1],
        'contact.fields.vip': ['boolean', 1],
      });
      const meeting = (answer.body.data as { path: string; examples: unknown[] }[]).find(
        (field) => field.path === 'item.fields.meetingAt',
      );
      assert.deepEqual(new Set(meeting?.examples), new Set(['2024-06-01T10:00:00Z', '2024-06-03']));
    });

    test('an unknown pipeline is a 404 and no token is a 401', async () => {
      const missing = '01900000-0000-7000-8000-000000000000';
      const unknown = await t.request({ method: 'GET', url: `/api/v1/pipelines/${missing}/fields` });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.code, 'pipeline_not_found');
      const anonymous = await t.request({
        method: 'GET',
        url: `/api/v1/pipelines/${pipelineId}/fields`,
        as: null,
      });
      assert.equal(anonymous.status, 401);
    });

    test('the sample is the most recently updated items of the pipeline, each contact once', async () => {
      const first = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId, title: 'Old', amount: '1', currency: 'EUR', fields: { old: 1 } },
      });
      await t.advance('PT1M');
      const patched = await t.request({
        method: 'PATCH',
        url: `/api/v1/items/${first.body.id}`,
        body: { fields: { touched: 'yes' } },
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      const repository = new CustomFieldsRepository(t.context.store.db);
      assert.deepEqual(await repository.sample(pipelineId, 1), { items: [{ touched: 'yes' }], contacts: [] });
      const all = await repository.sample(pipelineId, 10);
      assert.equal(all?.items.length, 3);
      assert.deepEqual(all?.contacts, [{ city: 'Berlin', vip: true }]);
    });
  });
}
