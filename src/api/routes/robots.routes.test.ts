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
  describe(`robots API (${dialect})`, () => {
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
        stages: [{ name: 'New' }, { name: 'Proposal sent' }, { name: 'Needs follow-up' }],
      });
      leads = await create({ name: 'Leads', entityType: 'lead', stages: [{ name: 'Not processed' }] });
    });
    after(() => t.close());

    const followUp = () => ({
      name: 'Nobody answered in 3 days',
      stageId: stageOf(deals, 'Proposal sent'),
      action: {
        type: 'notify',
        params: { to: ['responsible'], title: 'No answer on {{ item.title }}', body: '' },
      },
      timing: { kind: 'after', duration: 'P3D' },
    });
    const timelineRobot = (text: string) => ({
      name: 'History',
      stageId: stageOf(deals, 'New'),
      action: { type: 'add_timeline_entry', params: { text } },
    });
    const count = async () =>
      (await t.request({ method: 'GET', url: '/api/v1/robots?limit=200' })).body.data.length as number;

    test('creates, reads, updates, lists and deletes a robot, with the documented defaults', async () => {
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: timelineRobot('Hello {{ item.title }}'),
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const robot = created.body;
      assert.equal(robot.pipelineId, deals.id);
      assert.deepEqual(robot.timing, { kind: 'immediately' });
      assert.deepEqual(robot.retry, { maxAttempts: 5, initialDelay: 'PT30S', maxDelay: 'PT1H' });
      assert.equal(robot.repeat, 'every-entry');
      assert.equal(robot.afterPrevious, false);
      assert.equal(robot.condition, null);
      assert.equal(robot.enabled, true);

      const second = (
        await t.request({ method: 'POST', url: '/api/v1/robots', body: timelineRobot('Second') })
      ).body;
      assert.ok(second.sort > robot.sort, 'a new robot goes after the last one of its stage');

      const read = await t.request({ method: 'GET', url: `/api/v1/robots/${robot.id}`, as: 'viewer' });
      assert.deepEqual(read.body.action, {
        type: 'add_timeline_entry',
        params: { text: 'Hello {{ item.title }}' },
      });

      const updated = await t.request({
        method: 'PATCH',
        url: `/api/v1/robots/${robot.id}`,
        body: {
          retry: { maxAttempts: 2 },
          repeat: 'once-per-item',
          timing: { kind: 'after', duration: 'PT2H', workingTime: true },
        },
      });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.deepEqual(updated.body.retry, { maxAttempts: 2, initialDelay: 'PT30S', maxDelay: 'PT1H' });
      assert.equal(updated.body.repeat, 'once-per-item');
      assert.equal(updated.body.version, 2);

      const listed = await t.request({
        method: 'GET',
        url: `/api/v1/robots?stageId=${stageOf(deals, 'New')}&actionType=add_timeline_entry`,
      });
      assert.deepEqual(
        listed.body.data.map((r: { id: string }) => r.id),
        [robot.id, second.id],
      );
      assert.equal(
        (await t.request({ method: 'GET', url: '/api/v1/robots?actionType=notify' })).body.data.length,
        0,
      );

      assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/robots/${robot.id}` })).status, 204);
      assert.equal((await t.request({ method: 'GET', url: `/api/v1/robots/${robot.id}` })).status, 404);
      await t.request({ method: 'DELETE', url: `/api/v1/robots/${second.id}` });
    });

    test('a robot with a delay, condition and notify action is accepted', async () => {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: { ...followUp(), condition: { field: 'item.amount', op: 'gt', value: 100000 } },
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      assert.deepEqual(response.body.timing, { kind: 'after', duration: 'P3D' });
    });

    test('a refused robot answers 400 naming the field and writes nothing', async () => {
      const before = await count();
      const cases: [Record<string, unknown>, string][] = [
        [{ ...followUp(), timing: { kind: 'after', duration: 'P3X' } }, '/body/timing/duration'],
        [{ ...followUp(), action: { type: 'send_fax', params: {} } }, '/body/action/type'],
        [
          { ...followUp(), action: { type: 'notify', params: { title: 'x', body: '' } } },
          '/body/action/params/to',
        ],
        [timelineRobot('Deal {{ item.titel }}'), '/body/action/params/text'],
        [{ ...followUp(), condition: { field: 'item.amout', op: 'gt', value: 1 } }, '/body/condition/field'],
        [{ ...followUp(), retry: { initialDelay: 'P1D', maxDelay: 'PT1H' } }, '/body/retry/initialDelay'],
        [{ ...followUp(), retry: { initialDelay: 'soon' } }, '/body/retry/initialDelay'],
        [{ ...followUp(), retry: { maxAttempts: 21 } }, '/body/retry/maxAttempts'],
        [{ ...followUp(), stageId: stageOf(leads, 'Not processed'), pipelineId: deals.id }, '/body/stageId'],
        [{ ...followUp(), repeat: 'always' }, '/body/repeat'],
      ];
      for (const [body, field] of cases) {
        const response = await t.request({ method: 'POST', url: '/api/v1/robots', body });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.errors[0].field, field, JSON.stringify(response.body));
      }
      assert.equal(await count(), before);
    });

    test('an unknown action type is answered with the known types', async () => {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: { ...followUp(), action: { type: 'send_fax', params: {} } },
      });
      assert.match(response.body.errors[0].message, /known types: .*notify.*add_timeline_entry/);
    });

    test('PATCH validates the merged robot and changes nothing when it is refused', async () => {
      const created = (await t.request({ method: 'POST', url: '/api/v1/robots', body: followUp() })).body;
      const badTemplate = await t.request({
        method: 'PATCH',
        url: `/api/v1/robots/${created.id}`,
        body: { action: { type: 'add_timeline_entry', params: { text: '{{ item.titel }}' } } },
      });
      assert.equal(badTemplate.status, 400);
      assert.equal(badTemplate.body.errors[0].field, '/body/action/params/text');
      const badRetry = await t.request({
        method: 'PATCH',
        url: `/api/v1/robots/${created.id}`,
        body: { retry: { initialDelay: 'PT2H' } },
      });
      assert.equal(badRetry.status, 400);
      assert.equal(badRetry.body.errors[0].field, '/body/retry/initialDelay');
      const read = await t.request({ method: 'GET', url: `/api/v1/robots/${created.id}` });
      assert.equal(read.body.version, 1);
      assert.equal(read.body.action.type, 'notify');
    });

    test('only admins write robots', async () => {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        as: 'manager',
        body: followUp(),
      });
      assert.equal(response.status, 403);
    });
  });
}
