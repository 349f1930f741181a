import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';
import type { RunStatus } from '../../domain/run.ts';

const MISSING = '01900000-0000-7000-8000-000000000000';

interface Placement {
  readonly itemId: string;
  readonly pipelineId: string;
  readonly stageId: string;
}

for (const dialect of DIALECTS) {
  describe(`runs page API (${dialect})`, () => {
    let t: TestApp;
    const runs: Record<string, string> = {};
    let deal: Placement;
    let lead: Placement;
    let remind: string;
    let notify: string;

    /** Runs are written straight to the store, in the order the test names them. */
    async function insertRun(
      name: string,
      at: Placement,
      robotId: string,
      status: RunStatus,
      dueAt: string | null,
    ) {
      const id = t.context.ids();
      runs[name] = id;
      const now = t.clock.now().toISOString();
      const failed = status === 'failed';
      await t.context.store.db
        .insertInto('runs')
        .values({
          id,
          robotId,
          itemId: at.itemId,
          pipelineId: at.pipelineId,
          stageId: at.stageId,
          stageEntryId: `entry-${at.itemId}`,
          actionType: 'notify',
          status,
          plannedAt: now,
          dueAt,
          startedAt: failed ? now : null,
          finishedAt: failed ? now : null,
          attempts: failed ? 1 : 0,
          maxAttempts: 1,
          leaseOwner: null,
          leaseExpiresAt: null,
          reason: null,
          error: failed
            ? JSON.stringify({
                code: 'smtp_refused',
                message: 'refused',
                causes: [],
                attempt: 1,
                retryable: false,
              })
            : null,
          result: null,
          previousRunId: null,
          rootEventId: null,
          causeEventId: null,
          depth: 0,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
    }

    const list = async (query: string) => {
      const response = await t.request({ method: 'GET', url: `/api/v1/runs${query}`, as: 'viewer' });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body as { data: { id: string; [key: string]: unknown }[]; nextCursor: string | null };
    };
    const names = (page: { data: { id: string }[] }) =>
      page.data.map((run) => Object.keys(runs).find((name) => runs[name] === run.id));

    before(async () => {
      t = await createTestApp(dialect);
      const post = async (url: string, body: unknown) =>
        (await t.request({ method: 'POST', url, body })).body;
      const deals = await post('/api/v1/pipelines', {
        name: 'Deals',
        entityType: 'deal',
        stages: [{ name: 'New' }, { name: 'Proposal sent' }],
      });
      const leads = await post('/api/v1/pipelines', {
        name: 'Leads',
        entityType: 'lead',
        stages: [{ name: 'Fresh' }],
      });
      const robot = async (name: string, stageId: string) =>
        (
          await post('/api/v1/robots', {
            name,
            stageId,
            action: { type: 'add_timeline_entry', params: { text: 'x' } },
            enabled: false,
          })
        ).id as string;
      remind = await robot('Remind the manager', deals.stages[1].id);
      notify = await robot('Greet the lead', leads.stages[0].id);
      const item = async (
        pipeline: { id: string; stages: { id: string }[] },
        title: string,
        index: number,
      ) => {
        const stageId = pipeline.stages[index]?.id ?? '';
        const body = await post('/api/v1/items', { pipelineId: pipeline.id, stageId, title });
        return { itemId: body.id, pipelineId: pipeline.id, stageId };
      };
      deal = await item(deals, 'Big deal', 1);
      lead = await item(leads, 'New lead', 0);
      await insertRun('done', deal, remind, 'succeeded', '2026-03-01T10:00:00.000Z');
      await insertRun('oldFailure', deal, remind, 'failed', '2026-03-01T12:00:00.000Z');
      await insertRun('soon', deal, remind, 'scheduled', '2026-03-04T10:00:00.000Z');
      await insertRun('waiting', deal, remind, 'waiting', null);
      await insertRun('newFailure', lead, notify, 'failed', '2026-03-02T08:00:00.000Z');
      await insertRun('leadLater', lead, notify, 'scheduled', '2026-03-06T10:00:00.000Z');
    });
    after(() => t.close());

    test('each run carries the names of its robot, item and stage', async () => {
      const page = await list(`?itemId=${deal.itemId}`);
      const soon = page.data.find((run) => run.id === runs['soon']);
      assert.equal(soon?.['robotName'], 'Remind the manager');
      assert.equal(soon?.['itemTitle'], 'Big deal');
      assert.equal(soon?.['stageName'], 'Proposal sent');
      assert.equal(soon?.['actionType'], 'notify');
      const one = await t.request({ method: 'GET', url: `/api/v1/runs/${runs['newFailure']}` });
      assert.equal(one.body.robotName, 'Greet the lead');
      assert.equal(one.body.stageName, 'Fresh');
    });

    test('runs are filtered by pipeline, by several statuses and by due time (from, to)', async () => {
      assert.deepEqual(names(await list(`?pipelineId=${lead.pipelineId}`)), ['newFailure', 'leadLater']);
      assert.deepEqual(names(await list('?status=failed,waiting')), ['oldFailure', 'waiting', 'newFailure']);
      assert.deepEqual(names(await list('?status=scheduled')), ['soon', 'leadLater']);
      assert.deepEqual(names(await list('?from=2026-03-01T11:00:00Z&to=2026-03-04T10:00:00Z')), [
        'oldFailure',
        'soon',
        'newFailure',
      ]);
      assert.deepEqual(names(await list(`?robotId=${notify}&status=scheduled`)), ['leadLater']);
    });

    test('failed-first lists failed runs first, then the latest due, page by page without gaps', async () => {
      const expected = ['newFailure', 'oldFailure', 'leadLater', 'soon', 'waiting', 'done'];
      // A waiting run has no due time: it sorts by when it was planned (the test's start).
      assert.deepEqual(names(await list('?order=failed-first')), expected);
      const seen: (string | undefined)[] = [];
      let cursor: string | null = null;
      do {
        const page = await list(`?order=failed-first&limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
        seen.push(...names(page));
        cursor = page.nextCursor;
      } while (cursor !== null);
      assert.deepEqual(seen, expected);
      assert.deepEqual(
        names(await list(`?order=failed-first&pipelineId=${deal.pipelineId}&status=failed,succeeded`)),
        ['oldFailure', 'done'],
      );
    });

    test('bad filters and a cursor of the other order answer 400', async () => {
      const status = await t.request({ method: 'GET', url: '/api/v1/runs?status=failed,done' });
      assert.equal(status.status, 400);
      assert.equal(status.body.errors[0].field, '/querystring/status');
      const order = await t.request({ method: 'GET', url: '/api/v1/runs?order=newest' });
      assert.equal(order.status, 400);
      const plain = await list('?limit=1');
      const mixed = await t.request({
        method: 'GET',
        url: `/api/v1/runs?order=failed-first&cursor=${plain.nextCursor}`,
      });
      assert.equal(mixed.status, 400);
      assert.equal(mixed.body.code, 'invalid_cursor');
    });

    test('a bulk retry schedules the failed runs and refuses the others one by one', async () => {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/runs/retry',
        as: 'manager',
        body: { ids: [runs['oldFailure'], runs['soon'], MISSING, runs['newFailure']] },
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.deepEqual(
        response.body.retried.map((run: { id: string }) => run.id),
        [runs['oldFailure'], runs['newFailure']],
      );
      // The run may have been taken by the runner at once (due now); it is no longer failed.
      for (const run of response.body.retried) assert.notEqual(run.status, 'failed');
      assert.equal(response.body.retried[0].robotName, 'Remind the manager');
      assert.deepEqual(
        response.body.refused.map((r: { id: string; code: string }) => [r.id, r.code]),
        [
          [runs['soon'], 'run_not_failed'],
          [MISSING, 'run_not_found'],
        ],
      );
      assert.match(response.body.refused[0].message, /only a failed run can be retried/);
      const journal = await t.request({
        method: 'GET',
        url: `/api/v1/items/${deal.itemId}/journal?kind=run_planned`,
      });
      assert.ok(
        journal.body.data.some(
          (entry: { runId: string; message: string }) =>
            entry.runId === runs['oldFailure'] && entry.message === 'retried by test manager',
        ),
      );
    });

    test('a bulk retry needs a manager and 1 to 500 distinct ids', async () => {
      const viewer = await t.request({
        method: 'POST',
        url: '/api/v1/runs/retry',
        as: 'viewer',
        body: { ids: [runs['done']] },
      });
      assert.equal(viewer.status, 403);
      const empty = await t.request({ method: 'POST', url: '/api/v1/runs/retry', body: { ids: [] } });
      assert.equal(empty.status, 400);
      const many = Array.from(
        { length: 501 },
        (_, i) => `01900000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      );
      assert.equal(
        (await t.request({ method: 'POST', url: '/api/v1/runs/retry', body: { ids: many } })).status,
        400,
      );
    });
  });
}
