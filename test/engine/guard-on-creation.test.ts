import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

/**
 * Review: DESIGN §2 counts creation in a stage as entering it (robots are planned), and a guard
 * is "checked for every move into its stage". createItemInTransaction never reads the guards, so
 * an item can be created straight into a guarded stage (by the API or by a create_item robot).
 */
for (const dialect of DIALECTS) {
  describe(`guards on creation (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    test('an item cannot be created in a stage whose guard refuses it', async () => {
      const pipeline = await t.request({
        method: 'POST',
        url: '/api/v1/pipelines',
        body: {
          name: 'Guarded',
          entityType: 'deal',
          stages: [{ name: 'Open' }, { name: 'Won', semantics: 'won' }],
        },
      });
      const won = pipeline.body.stages[1].id;
      const guard = await t.request({
        method: 'POST',
        url: '/api/v1/guards',
        body: {
          name: 'Paid in full',
          stageId: won,
          condition: { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount' },
          message: 'Payment is not 100 %',
        },
      });
      assert.equal(guard.status, 201, JSON.stringify(guard.body));
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId: pipeline.body.id, stageId: won, title: 'Unpaid', amount: '500.00' },
      });
      assert.equal(created.status, 409, `created in Won without payment: ${created.status}`);
    });
  });
}
