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
  describe(`guards API (${dialect})`, () => {
    let t: TestApp;
    let sales: PipelineBody;
    let leads: PipelineBody;
    before(async () => {
      t = await createTestApp(dialect);
      const create = async (body: unknown) =>
        (await t.request({ method: 'POST', url: '/api/v1/pipelines', body })).body as PipelineBody;
      sales = await create({
        name: 'Sales',
        entityType: 'deal',
        stages: [{ name: 'Invoice' }, { name: 'Won', semantics: 'won' }],
      });
      leads = await create({ name: 'Leads', entityType: 'lead', stages: [{ name: 'New' }] });
    });
    after(() => t.close());

    const paidInFull = () => ({
      name: 'Paid in full',
      stageId: stageOf(sales, 'Won'),
      condition: { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount' },
      message: 'Payment is not 100 %',
    });
    const count = async () =>
      (await t.request({ method: 'GET', url: '/api/v1/guards?limit=200' })).body.data.length as number;

    test('creates, reads, updates, lists and deletes a guard', async () => {
      const created = await t.request({ method: 'POST', url: '/api/v1/guards', body: paidInFull() });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.pipelineId, sales.id);
      assert.equal(created.body.enabled, true);
      assert.deepEqual(created.body.condition, paidInFull().condition);
      const id = created.body.id;

      const read = await t.request({ method: 'GET', url: `/api/v1/guards/${id}`, as: 'viewer' });
      assert.equal(read.body.message, 'Payment is not 100 %');

      const updated = await t.request({
        method: 'PATCH',
        url: `/api/v1/guards/${id}`,
        headers: { 'if-match': '"1"' },
        body: { enabled: false, message: 'Not fully paid' },
      });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.equal(updated.body.enabled, false);
      assert.equal(updated.body.message, 'Not fully paid');

      const stale = await t.request({
        method: 'PATCH',
        url: `/api/v1/guards/${id}`,
        body: { message: 'again', version: 1 },
      });
      assert.equal(stale.status, 409);

      const listed = await t.request({
        method: 'GET',
        url: `/api/v1/guards?stageId=${stageOf(sales, 'Won')}&enabled=false`,
      });
      assert.deepEqual(
        listed.body.data.map((g: { id: string }) => g.id),
        [id],
      );

      assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/guards/${id}` })).status, 204);
      assert.equal((await t.request({ method: 'GET', url: `/api/v1/guards/${id}` })).status, 404);
    });

    test('a refused guard answers 400 naming the field and writes nothing', async () => {
      const before = await count();
      const { condition: _condition, ...withoutCondition } = paidInFull();
      const cases: [Record<string, unknown>, string][] = [
        [withoutCondition, '/body/condition'],
        [
          { ...paidInFull(), condition: { field: 'item.paidAmout', op: 'gte', valueField: 'item.amount' } },
          '/body/condition/field',
        ],
        [
          { ...paidInFull(), condition: { field: 'item.paidAmount', op: 'gte', valueField: 'item.amout' } },
          '/body/condition/valueField',
        ],
        [
          { ...paidInFull(), condition: { field: 'event.data.amount', op: 'gt', value: 0 } },
          '/body/condition/field',
        ],
        [{ ...paidInFull(), message: '' }, '/body/message'],
        [{ ...paidInFull(), message: 'x'.repeat(501) }, '/body/message'],
        [{ ...paidInFull(), stageId: stageOf(leads, 'New'), pipelineId: sales.id }, '/body/stageId'],
      ];
      for (const [body, field] of cases) {
        const response = await t.request({ method: 'POST', url: '/api/v1/guards', body });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.errors[0].field, field, JSON.stringify(response.body));
      }
      assert.equal(await count(), before);
    });

    test('PATCH validates the merged guard', async () => {
      const created = (await t.request({ method: 'POST', url: '/api/v1/guards', body: paidInFull() })).body;
      const refused = await t.request({
        method: 'PATCH',
        url: `/api/v1/guards/${created.id}`,
        body: { condition: { field: 'documents.postedKindz', op: 'contains', value: 'order' } },
      });
      assert.equal(refused.status, 400);
      assert.equal(refused.body.errors[0].field, '/body/condition/field');
      const read = await t.request({ method: 'GET', url: `/api/v1/guards/${created.id}` });
      assert.deepEqual(read.body.condition, paidInFull().condition);
    });

    test('only admins write guards', async () => {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/guards',
        as: 'manager',
        body: paidInFull(),
      });
      assert.equal(response.status, 403);
    });
  });
}
