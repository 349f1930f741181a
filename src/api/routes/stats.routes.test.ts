import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';
import type { RunStatus } from '../../domain/run.ts';

interface PipelineBody {
  id: string;
  stages: { id: string; name: string }[];
}

for (const dialect of DIALECTS) {
  describe(`dashboard stats API (${dialect})`, () => {
    let t: TestApp;
    let deals: PipelineBody;
    let other: PipelineBody;
    const stage = (pipeline: PipelineBody, name: string) =>
      pipeline.stages.find((s) => s.name === name)?.id ?? '';
    const post = async (url: string, body: unknown) => {
      const response = await t.request({ method: 'POST', url, body });
      assert.ok(response.status < 300, `${url}: ${JSON.stringify(response.body)}`);
      return response.body;
    };
    const get = async (url: string) => {
      const response = await t.request({ method: 'GET', url, as: 'viewer' });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body;
    };

    before(async () => {
      t = await createTestApp(dialect);
      deals = await post('/api/v1/pipelines', {
        name: 'Deals',
        entityType: 'deal',
        stages: [
          { name: 'New' },
          { name: 'Proposal' },
          { name: 'Invoice' },
          { name: 'Won', semantics: 'won' },
          { name: 'Lost', semantics: 'lost' },
        ],
      });
      other = await post('/api/v1/pipelines', {
        name: 'Leads',
        entityType: 'lead',
        stages: [{ name: 'Fresh' }],
      });
    });
    after(() => t.close());

    test('the funnel counts items now in each stage and items that reached it, with the conversion', async () => {
      const create = (title: string, stageName = 'New') =>
        post('/api/v1/items', { pipelineId: deals.id, stageId: stage(deals, stageName), title });
      const move = (id: string, stageName: string) =>
        post(`/api/v1/items/${id}/move`, { stageId: stage(deals, stageName) });
      await create('Stays new');
      await create('Also new');
      const proposed = await create('Proposed');
      await move(proposed.id, 'Proposal');
      // Skipped Proposal on the way to Invoice: it still passed Proposal.
      const invoiced = await create('Invoiced');
      await move(invoiced.id, 'Invoice');
      const won = await create('Won');
      await move(won.id, 'Proposal');
      await move(won.id, 'Won');
      // Reached Proposal, then lost: counts for New and Proposal, and for Lost.
      const lost = await create('Lost');
      await move(lost.id, 'Proposal');
      await move(lost.id, 'Lost');
      // Went forward and came back: it reached Invoice all the same.
      const back = await create('Back');
      await move(back.id, 'Invoice');
      await move(back.id, 'New');
      await post('/api/v1/items', { pipelineId: other.id, title: 'Elsewhere' });

      const funnel = await get(`/api/v1/stats/funnel?pipelineId=${deals.id}`);
      assert.equal(funnel.pipelineId, deals.id);
      assert.deepEqual(
        funnel.stages.map((s: { name: string; semantics: string; current: number; reached: number }) => [
          s.name,
          s.semantics,
          s.current,
          s.reached,
        ]),
        [
          ['New', 'open', 3, 7],
          ['Proposal', 'open', 1, 5],
          ['Invoice', 'open', 1, 3],
          ['Won', 'won', 1, 1],
          ['Lost', 'lost', 1, 1],
        ],
      );
      assert.deepEqual(
        funnel.stages.map((s: { conversion: number | null }) => s.conversion),
        [null, 5 / 7, 3 / 5, 1 / 3, null],
      );
      assert.equal(funnel.stages[0].stageId, stage(deals, 'New'));
    });

    test('the funnel of an unknown pipeline is 404; a pipeline is required', async () => {
      const missing = await t.request({
        method: 'GET',
        url: '/api/v1/stats/funnel?pipelineId=01900000-0000-7000-8000-000000000000',
      });
      assert.equal(missing.status, 404);
      assert.equal((await t.request({ method: 'GET', url: '/api/v1/stats/funnel' })).status, 400);
    });

    test('runs per day count finished runs on the day they finished and scheduled ones on their due day, in the zone asked for', async () => {
      const item = await post('/api/v1/items', { pipelineId: other.id, title: 'Runs' });
      const robot = await post('/api/v1/robots', {
        name: 'Greet',
        stageId: stage(other, 'Fresh'),
        action: { type: 'add_timeline_entry', params: { text: 'x' } },
        enabled: false,
      });
      const insert = async (status: RunStatus, at: string, pipelineId = other.id) => {
        const scheduled = status === 'scheduled';
        await t.context.store.db
          .insertInto('runs')
          .values({
            id: t.context.ids(),
            robotId: robot.id,
            itemId: item.id,
            pipelineId,
            stageId: stage(other, 'Fresh'),
            stageEntryId: 'entry',
            actionType: 'add_timeline_entry',
            status,
            plannedAt: '2026-02-20T00:00:00.000Z',
            dueAt: scheduled ? at : '2026-02-20T00:00:00.000Z',
            startedAt: scheduled ? null : at,
            finishedAt: scheduled ? null : at,
            attempts: scheduled ? 0 : 1,
            maxAttempts: 1,
            leaseOwner: null,
            leaseExpiresAt: null,
            reason: null,
            error: null,
            result: null,
            previousRunId: null,
            rootEventId: null,
            causeEventId: null,
            depth: 0,
            createdAt: at,
            updatedAt: at,
          })
          .execute();
      };
      // The test clock stands at 2026-03-02T09:00Z: 12:00 in Moscow (UTC+3).
      await insert('succeeded', '2026-03-01T22:30:00.000Z'); // 2 March in Moscow, 1 March in UTC
      await insert('succeeded', '2026-03-02T08:00:00.000Z');
      await insert('failed', '2026-02-28T10:00:00.000Z');
      await insert('cancelled', '2026-03-01T10:00:00.000Z');
      await insert('skipped', '2026-03-01T11:00:00.000Z');
      await insert('scheduled', '2026-03-02T20:59:00.000Z'); // due today in Moscow, by 23:59
      await insert('scheduled', '2026-03-05T10:00:00.000Z'); // after today: not on the chart
      await insert('failed', '2026-02-10T10:00:00.000Z'); // before the days asked for
      await insert('running', '2026-03-02T08:30:00.000Z'); // neither finished nor waiting to be due

      const zero = { succeeded: 0, failed: 0, cancelled: 0, skipped: 0, scheduled: 0 };
      const moscow = await get(
        `/api/v1/stats/runs-per-day?days=3&timeZone=Europe/Moscow&pipelineId=${other.id}`,
      );
      assert.deepEqual(moscow.days, [
        { day: '2026-02-28', ...zero, failed: 1 },
        { day: '2026-03-01', ...zero, cancelled: 1, skipped: 1 },
        { day: '2026-03-02', ...zero, succeeded: 2, scheduled: 1 },
      ]);
      const utc = await get(`/api/v1/stats/runs-per-day?days=2&pipelineId=${other.id}`);
      assert.deepEqual(utc.days, [
        { day: '2026-03-01', ...zero, succeeded: 1, cancelled: 1, skipped: 1 },
        { day: '2026-03-02', ...zero, succeeded: 1, scheduled: 1 },
      ]);
      const fortnight = await get('/api/v1/stats/runs-per-day?timeZone=Europe/Moscow');
      assert.equal(fortnight.days.length, 14, 'every day is present, oldest first');
      assert.equal(fortnight.days[0].day, '2026-02-17');
      assert.equal(fortnight.days[13].day, '2026-03-02');
      const none = await get(
        `/api/v1/stats/runs-per-day?days=3&timeZone=Europe/Moscow&pipelineId=${deals.id}`,
      );
      assert.deepEqual(
        none.days.map((d: { day: string }) => d.day),
        ['2026-02-28', '2026-03-01', '2026-03-02'],
      );
      assert.ok(none.days.every((d: Record<string, unknown>) => d['succeeded'] === 0 && d['failed'] === 0));
    });

    test('an unknown time zone answers 400 naming it', async () => {
      const response = await t.request({
        method: 'GET',
        url: '/api/v1/stats/runs-per-day?timeZone=Mars/Olympus',
      });
      assert.equal(response.status, 400);
      assert.equal(response.body.code, 'invalid_time_zone');
      assert.equal(response.body.errors[0].field, '/querystring/timeZone');
      assert.match(response.body.detail, /Mars\/Olympus/);
      const tooMany = await t.request({ method: 'GET', url: '/api/v1/stats/runs-per-day?days=400' });
      assert.equal(tooMany.status, 400);
    });
  });
}
