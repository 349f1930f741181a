import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

/**
 * Review: an `afterPrevious` robot with `at` timing. Once the previous run finished, the follower
 * is planned by its own timing; but replanFieldRuns skips every run with a previousRunId, so a
 * released follower is never planned again when its date field changes, and one that was released
 * while the field was empty waits forever.
 */
for (const dialect of DIALECTS) {
  describe(`afterPrevious + at timing (${dialect})`, () => {
    let t: TestApp;
    let p: { id: string; stages: { id: string; name: string }[] };
    before(async () => {
      t = await createTestApp(dialect);
      p = (
        await t.request({
          method: 'POST',
          url: '/api/v1/pipelines',
          body: { name: 'Chain', entityType: 'deal', stages: [{ name: 'Booked' }, { name: 'Reminded' }] },
        })
      ).body;
      const [booked, reminded] = p.stages;
      const first = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'note first',
          stageId: booked?.id,
          action: { type: 'add_timeline_entry', params: { text: 'booked' } },
        },
      });
      assert.equal(first.status, 201, JSON.stringify(first.body));
      const second = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'remind a day before, after the note',
          stageId: booked?.id,
          afterPrevious: true,
          timing: { kind: 'at', field: 'item.fields.meetingAt', offset: '-P1D' },
          action: { type: 'move_to_stage', params: { stageId: reminded?.id } },
        },
      });
      assert.equal(second.status, 201, JSON.stringify(second.body));
    });
    after(() => t.close());

    const runsOf = async (itemId: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/runs?itemId=${itemId}` })).body.data as {
        status: string;
        dueAt: string | null;
      }[];

    test('a released follower waiting for its empty date field is planned when the field is set', async () => {
      const item = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId: p.id, title: 'no date yet' },
      });
      const [, follower] = await runsOf(item.body.id);
      assert.equal(follower?.status, 'waiting', 'waits: the note ran, the date is empty');
      await t.request({
        method: 'PATCH',
        url: `/api/v1/items/${item.body.id}`,
        body: { fields: { meetingAt: '2026-03-10T12:00:00Z' } },
      });
      const [, after] = await runsOf(item.body.id);
      assert.deepEqual(
        [after?.status, after?.dueAt],
        ['scheduled', '2026-03-09T12:00:00.000Z'],
        'planned once the date is set',
      );
    });

    test('a released follower is planned again when its date field changes', async () => {
      const item = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId: p.id, title: 'dated', fields: { meetingAt: '2026-03-10T12:00:00Z' } },
      });
      const [, follower] = await runsOf(item.body.id);
      assert.equal(follower?.dueAt, '2026-03-09T12:00:00.000Z');
      await t.request({
        method: 'PATCH',
        url: `/api/v1/items/${item.body.id}`,
        body: { fields: { meetingAt: '2026-03-20T12:00:00Z' } },
      });
      const [, after] = await runsOf(item.body.id);
      assert.equal(after?.dueAt, '2026-03-19T12:00:00.000Z', 're-planned for the new date');
    });
  });
}
