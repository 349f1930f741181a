import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

interface PipelineBody {
  id: string;
  stages: { id: string; name: string }[];
}

/** complete_tasks with a stageId: "complete the tasks robots created at stage X" (Bitrix24). */
for (const dialect of DIALECTS) {
  describe(`complete_tasks at a named stage (${dialect})`, () => {
    let t: TestApp;
    let deals: PipelineBody;
    let other: PipelineBody;
    const stage = (pipeline: PipelineBody, index: number): string => {
      const found = pipeline.stages[index];
      assert.ok(found);
      return found.id;
    };
    before(async () => {
      t = await createTestApp(dialect);
      const create = async (body: unknown) =>
        (await t.request({ method: 'POST', url: '/api/v1/pipelines', body })).body as PipelineBody;
      deals = await create({
        name: 'Deals',
        entityType: 'deal',
        stages: [{ name: 'Call' }, { name: 'Visit' }, { name: 'Contract' }],
      });
      other = await create({ name: 'Other', entityType: 'deal', stages: [{ name: 'Elsewhere' }] });
    });
    after(() => t.close());

    const completeAt = (stageId: string, params: Record<string, unknown>) => ({
      name: 'Close the call tasks',
      stageId,
      action: { type: 'complete_tasks', params },
    });

    test('a stageId outside the robot’s pipeline is refused with 400 naming it, and nothing is saved', async () => {
      const before = (await t.request({ method: 'GET', url: '/api/v1/robots' })).body.data.length;
      for (const [params, message] of [
        [{ stageId: stage(other, 0) }, /is not a stage of pipeline "Deals"/],
        [{ stageId: 'no-such-stage' }, /stage no-such-stage is not a stage of pipeline "Deals"/],
        [{ scope: 'item', stageId: stage(deals, 0) }, /scope must be "stage"/],
      ] as const) {
        const response = await t.request({
          method: 'POST',
          url: '/api/v1/robots',
          body: completeAt(stage(deals, 2), params),
        });
        assert.equal(response.status, 400, JSON.stringify(params));
        assert.equal(response.body.errors[0].field, '/body/action/params/stageId');
        assert.match(response.body.errors[0].message, message);
      }
      assert.equal((await t.request({ method: 'GET', url: '/api/v1/robots' })).body.data.length, before);
    });

    test('completes only the robot tasks created at the named stage', async () => {
      for (const [index, title] of [
        [0, 'Call the client'],
        [1, 'Visit the client'],
      ] as const) {
        const robot = await t.request({
          method: 'POST',
          url: '/api/v1/robots',
          body: {
            name: title,
            stageId: stage(deals, index),
            action: { type: 'create_task', params: { title } },
          },
        });
        assert.equal(robot.status, 201, JSON.stringify(robot.body));
      }
      const closer = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: completeAt(stage(deals, 2), { stageId: stage(deals, 0) }),
      });
      assert.equal(closer.status, 201, JSON.stringify(closer.body));

      const item = (
        await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId: deals.id, title: 'Deal' },
        })
      ).body;
      for (const index of [1, 2]) {
        const moved = await t.request({
          method: 'POST',
          url: `/api/v1/items/${item.id}/move`,
          body: { stageId: stage(deals, index) },
        });
        assert.equal(moved.status, 200, JSON.stringify(moved.body));
      }
      const tasks = (await t.request({ method: 'GET', url: `/api/v1/tasks?itemId=${item.id}` })).body.data;
      const statuses = Object.fromEntries(
        tasks.map((task: { title: string; status: string }) => [task.title, task.status]),
      );
      assert.deepEqual(statuses, { 'Call the client': 'completed', 'Visit the client': 'new' });
    });
  });
}
