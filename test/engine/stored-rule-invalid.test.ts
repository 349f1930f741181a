import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

/**
 * Robots are validated when saved; a row changed past the API must fail its run with an error
 * that names the robot, not reach the action with params of the wrong type.
 */
for (const dialect of DIALECTS) {
  describe(`a stored robot that does not parse (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    test('its run fails once, naming the robot, when its params no longer match the action', async () => {
      const pipeline = await t.request({
        method: 'POST',
        url: '/api/v1/pipelines',
        body: { name: 'Corrupt', entityType: 'deal', stages: [{ name: 'Open' }, { name: 'Noted' }] },
      });
      const noted = pipeline.body.stages[1].id;
      const robot = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'Note it',
          stageId: noted,
          action: { type: 'add_timeline_entry', params: { text: 'hi' } },
        },
      });
      assert.equal(robot.status, 201, JSON.stringify(robot.body));
      await t.context.store.db
        .updateTable('robots')
        .set({ params: JSON.stringify({ text: 5 }) })
        .where('id', '=', robot.body.id)
        .execute();

      const item = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId: pipeline.body.id, stageId: noted, title: 'Noted' },
      });
      assert.equal(item.status, 201, JSON.stringify(item.body));
      const runs = await t.request({ method: 'GET', url: `/api/v1/runs?robotId=${robot.body.id}` });
      const [run] = runs.body.data;
      assert.equal(run.status, 'failed', JSON.stringify(run));
      assert.equal(run.attempts, 1, 'reading the robot again would change nothing: not retried');
      assert.equal(run.error.code, 'stored_rule_invalid');
      assert.match(run.error.message, new RegExp(`robot "Note it" \\(${robot.body.id}\\).*params`));
      const timeline = await t.request({ method: 'GET', url: `/api/v1/items/${item.body.id}/timeline` });
      assert.ok(
        timeline.body.data.every((entry: { text: string }) => entry.text !== '5'),
        'the action never ran with the stored params',
      );
    });
  });
}
