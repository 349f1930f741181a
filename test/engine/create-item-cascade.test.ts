import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_CASCADE_LIMITS } from '../../src/automation/engine-context.ts';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

/**
 * Review: a robot whose create_item makes an item that enters the same stage again is a cascade
 * (each generation is one level deeper). DESIGN §2 "Safety of cascades": a chain deeper than the
 * limit is stopped and journaled. createItemInTransaction never checks the depth, so it never stops.
 */
for (const dialect of DIALECTS) {
  describe(`create_item cascade (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    test('a self-replicating create_item robot is stopped at the depth limit', async () => {
      const pipeline = await t.request({
        method: 'POST',
        url: '/api/v1/pipelines',
        body: { name: 'Clones', entityType: 'lead', stages: [{ name: 'New' }] },
      });
      assert.equal(pipeline.status, 201);
      const stageId = pipeline.body.stages[0].id;
      const robot = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'clone me',
          stageId,
          // One generation per clock step, so the test itself cannot spin.
          timing: { kind: 'after', duration: 'PT1M' },
          action: {
            type: 'create_item',
            params: { pipelineId: pipeline.body.id, stageId, title: 'clone of {{ item.title }}' },
          },
        },
      });
      assert.equal(robot.status, 201, JSON.stringify(robot.body));
      await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId: pipeline.body.id, title: 'seed' },
      });
      const generations = DEFAULT_CASCADE_LIMITS.maxDepth + 10;
      for (let i = 0; i < generations; i++) await t.advance('PT1M');
      const items = await t.request({
        method: 'GET',
        url: `/api/v1/items?pipelineId=${pipeline.body.id}&limit=200`,
      });
      const runs = await t.request({ method: 'GET', url: `/api/v1/runs?robotId=${robot.body.id}&limit=200` });
      const maxDepth = Math.max(...runs.body.data.map((r: { depth: number }) => r.depth));
      assert.ok(
        items.body.data.length <= DEFAULT_CASCADE_LIMITS.maxDepth + 1,
        `${items.body.data.length} items after ${generations} generations; deepest run at depth ${maxDepth} ` +
          `(limit ${DEFAULT_CASCADE_LIMITS.maxDepth}); still scheduled: ${
            runs.body.data.filter((r: { status: string }) => r.status === 'scheduled').length
          }`,
      );
    });
  });
}
