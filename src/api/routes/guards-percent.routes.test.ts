import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

interface PipelineBody {
  id: string;
  stages: { id: string; name: string }[];
}

for (const dialect of DIALECTS) {
  describe(`guards with a percent threshold (${dialect})`, () => {
    let t: TestApp;
    let shipping: string;
    let pipelineId: string;
    before(async () => {
      t = await createTestApp(dialect);
      const pipeline = (
        await t.request({
          method: 'POST',
          url: '/api/v1/pipelines',
          body: { name: 'Sales', entityType: 'deal', stages: [{ name: 'Invoice' }, { name: 'Shipping' }] },
        })
      ).body as PipelineBody;
      pipelineId = pipeline.id;
      shipping = pipeline.stages.find((stage) => stage.name === 'Shipping')?.id ?? '';
    });
    after(() => t.close());

    const halfPaid = { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount', percent: 50 };

    test('a guard saved with "paid sum ≥ 50 % of the amount" refuses a move below it and lets one at it pass', async () => {
      const saved = await t.request({
        method: 'POST',
        url: '/api/v1/guards',
        body: {
          name: 'Half paid',
          stageId: shipping,
          condition: halfPaid,
          message: 'Less than half is paid',
        },
      });
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      assert.deepEqual(saved.body.condition, halfPaid);

      const item = (
        await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId, title: 'Deal', amount: '1000.10', currency: 'EUR' },
        })
      ).body as { id: string };
      const pay = (amount: string) =>
        t.request({ method: 'POST', url: '/api/v1/payments', body: { itemId: item.id, amount } });
      const move = () =>
        t.request({ method: 'POST', url: `/api/v1/items/${item.id}/move`, body: { stageId: shipping } });

      assert.equal((await pay('500.04')).status, 201);
      const refused = await move();
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      assert.equal(refused.body.code, 'guard_refused');
      assert.match(JSON.stringify(refused.body), /Less than half is paid/);

      assert.equal((await pay('0.01')).status, 201);
      const moved = await move();
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.equal(moved.body.stageId, shipping);
    });

    test('a percent on a text operator or out of range is refused with the field it points at', async () => {
      const save = (condition: unknown) =>
        t.request({
          method: 'POST',
          url: '/api/v1/guards',
          body: { name: 'Bad', stageId: shipping, condition, message: 'No' },
        });
      const text = await save({
        ...halfPaid,
        field: 'item.title',
        op: 'contains',
        valueField: 'item.currency',
      });
      assert.equal(text.status, 400);
      assert.deepEqual(
        text.body.errors.map((error: { field: string }) => error.field),
        ['/body/condition/percent'],
      );
      const tooMuch = await save({ ...halfPaid, percent: 20000 });
      assert.equal(tooMuch.status, 400);
      assert.deepEqual(tooMuch.body.errors, [
        { field: '/body/condition/percent', message: 'must be a number above 0 and at most 10000' },
      ]);
    });
  });
}
