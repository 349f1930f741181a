import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';
import type { Item } from '../../domain/item.ts';
import type { JournalKind } from '../../domain/journal.ts';
import type { RunError, RunStatus } from '../../domain/run.ts';

const MISSING = '01900000-0000-7000-8000-000000000000';
const ROBOT_A = '01900000-0000-7000-8000-00000000000a';
const ROBOT_B = '01900000-0000-7000-8000-00000000000b';

const FAILURE: RunError = {
  code: 'webhook_timeout',
  message: 'The endpoint did not answer in 10 s',
  stack: 'Error: timeout\n    at somewhere',
  causes: [{ message: 'socket hang up', code: 'ECONNRESET' }],
  attempt: 3,
  retryable: true,
};

for (const dialect of DIALECTS) {
  describe(`runs and journal API (${dialect})`, () => {
    let t: TestApp;
    let deal: Item;
    let other: Item;
    const runs: Record<string, string> = {};

    /** Runs and journal rows are written straight to the store: the listings must not depend on the engine. */
    async function insertRun(
      name: string,
      item: Item,
      robotId: string,
      status: RunStatus,
      dueAt: string | null,
    ) {
      const id = t.context.ids();
      runs[name] = id;
      const at = t.clock.now().toISOString();
      await t.context.store.db
        .insertInto('runs')
        .values({
          id,
          robotId,
          itemId: item.id,
          pipelineId: item.pipelineId,
          stageId: item.stageId,
          stageEntryId: item.stageEntryId,
          actionType: 'notify',
          status,
          plannedAt: at,
          dueAt,
          startedAt: status === 'failed' ? at : null,
          finishedAt: status === 'failed' ? at : null,
          attempts: status === 'failed' ? 3 : 0,
          maxAttempts: 3,
          leaseOwner: null,
          leaseExpiresAt: null,
          reason: null,
          error: status === 'failed' ? JSON.stringify(FAILURE) : null,
          result: null,
          previousRunId: null,
          rootEventId: 'evt-1',
          causeEventId: 'evt-1',
          depth: 1,
          createdAt: at,
          updatedAt: at,
        })
        .execute();
      return id;
    }

    async function journal(kind: JournalKind, item: Item, message: string, runId: string | null = null) {
      const id = t.context.ids();
      await t.context.store.db
        .insertInto('journalEntries')
        .values({
          id,
          kind,
          itemId: item.id,
          eventId: 'evt-1',
          runId,
          triggerId: null,
          robotId: null,
          guardId: null,
          stageId: item.stageId,
          message,
          data: JSON.stringify({ note: message }),
          rootEventId: 'evt-1',
          causeId: null,
          depth: 0,
          createdAt: t.clock.now().toISOString(),
        })
        .execute();
      return id;
    }

    before(async () => {
      t = await createTestApp(dialect);
      const now = t.clock.now();
      const pipeline = await t.context.repos.pipelines.create(
        { name: 'Deals', entityType: 'deal', stages: [{ name: 'New' }, { name: 'Proposal sent' }] },
        now,
      );
      const stageId = pipeline.stages[0]?.id ?? '';
      deal = await t.context.repos.items.create({ pipelineId: pipeline.id, stageId, title: 'Big deal' }, now);
      other = await t.context.repos.items.create(
        { pipelineId: pipeline.id, stageId, title: 'Other deal' },
        now,
      );
      await insertRun('early', deal, ROBOT_A, 'succeeded', '2026-03-02T09:00:00.000Z');
      await insertRun('failed', deal, ROBOT_A, 'failed', '2026-03-03T09:00:00.000Z');
      await insertRun('later', deal, ROBOT_B, 'scheduled', '2026-03-05T09:00:00.000Z');
      await insertRun('waiting', deal, ROBOT_B, 'waiting', null);
      await insertRun('elsewhere', other, ROBOT_A, 'scheduled', '2026-03-03T12:00:00.000Z');
      await journal('event_received', deal, 'email.sent received');
      await journal('trigger_matched', deal, 'Proposal sent by email matched');
      await journal('moved', deal, 'moved to Proposal sent');
      await journal('run_failed', deal, 'notify failed', runs['failed'] ?? null);
      await journal('moved', other, 'moved elsewhere');
    });
    after(() => t.close());

    const ids = (body: { data: { id: string }[] }) => body.data.map((row) => row.id);

    test('lists runs filtered by item, robot, status and due time', async () => {
      const byItem = await t.request({ method: 'GET', url: `/api/v1/runs?itemId=${deal.id}`, as: 'viewer' });
      assert.equal(byItem.status, 200);
      assert.deepEqual(ids(byItem.body), [runs['early'], runs['failed'], runs['later'], runs['waiting']]);

      const byRobot = await t.request({ method: 'GET', url: `/api/v1/runs?robotId=${ROBOT_B}` });
      assert.deepEqual(ids(byRobot.body), [runs['later'], runs['waiting']]);

      const byStatus = await t.request({ method: 'GET', url: '/api/v1/runs?status=scheduled' });
      assert.deepEqual(ids(byStatus.body), [runs['later'], runs['elsewhere']]);

      const byDue = await t.request({
        method: 'GET',
        url: '/api/v1/runs?dueFrom=2026-03-03T00:00:00Z&dueTo=2026-03-04T00:00:00%2B00:00',
      });
      assert.deepEqual(ids(byDue.body), [runs['failed'], runs['elsewhere']]);
    });

    test('runs come page by page, and a run carries its error as an object', async () => {
      const first = await t.request({ method: 'GET', url: `/api/v1/runs?itemId=${deal.id}&limit=3` });
      assert.equal(first.body.data.length, 3);
      const rest = await t.request({
        method: 'GET',
        url: `/api/v1/runs?itemId=${deal.id}&limit=3&cursor=${first.body.nextCursor}`,
      });
      assert.deepEqual(ids(rest.body), [runs['waiting']]);
      assert.equal(rest.body.nextCursor, null);

      const failed = first.body.data.find((run: { id: string }) => run.id === runs['failed']);
      assert.deepEqual(failed.error, {
        code: 'webhook_timeout',
        message: 'The endpoint did not answer in 10 s',
        causes: [{ message: 'socket hang up', code: 'ECONNRESET' }],
        attempt: 3,
        retryable: true,
      });
      assert.equal(failed.status, 'failed');
      assert.equal(failed.depth, 1);
    });

    test('bad run filters answer 400 naming the parameter', async () => {
      const badStatus = await t.request({ method: 'GET', url: '/api/v1/runs?status=done' });
      assert.equal(badStatus.status, 400);
      assert.equal(badStatus.body.errors[0].field, '/querystring/status');
      const badDate = await t.request({ method: 'GET', url: '/api/v1/runs?dueFrom=yesterday' });
      assert.equal(badDate.status, 400);
      assert.equal(badDate.body.errors[0].field, '/querystring/dueFrom');
    });

    test("an item's journal lists its entries in order, filtered by kind, page by page", async () => {
      const all = await t.request({ method: 'GET', url: `/api/v1/items/${deal.id}/journal`, as: 'viewer' });
      assert.equal(all.status, 200);
      assert.deepEqual(
        all.body.data.map((entry: { kind: string }) => entry.kind),
        ['event_received', 'trigger_matched', 'moved', 'run_failed'],
      );
      assert.deepEqual(all.body.data[0].data, { note: 'email.sent received' });

      const moves = await t.request({ method: 'GET', url: `/api/v1/items/${deal.id}/journal?kind=moved` });
      assert.deepEqual(
        moves.body.data.map((entry: { message: string }) => entry.message),
        ['moved to Proposal sent'],
      );

      const page = await t.request({ method: 'GET', url: `/api/v1/items/${deal.id}/journal?limit=2` });
      const next = await t.request({
        method: 'GET',
        url: `/api/v1/items/${deal.id}/journal?limit=2&cursor=${page.body.nextCursor}`,
      });
      assert.deepEqual(
        [...page.body.data, ...next.body.data].map((entry: { kind: string }) => entry.kind),
        ['event_received', 'trigger_matched', 'moved', 'run_failed'],
      );
    });

    test('the journal of an unknown item is 404', async () => {
      const response = await t.request({ method: 'GET', url: `/api/v1/items/${MISSING}/journal` });
      assert.equal(response.status, 404);
    });

    test('a failed run is retried once more, due now, keeping its error, and the retry is journaled', async () => {
      const id = runs['failed'] ?? '';
      const response = await t.request({ method: 'POST', url: `/api/v1/runs/${id}/retry`, as: 'manager' });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.equal(response.body.status, 'scheduled');
      assert.equal(response.body.dueAt, t.clock.now().toISOString());
      assert.equal(response.body.attempts, 3);
      assert.equal(response.body.maxAttempts, 4);
      assert.equal(response.body.finishedAt, null);
      assert.equal(response.body.error.code, 'webhook_timeout');

      const planned = await t.request({
        method: 'GET',
        url: `/api/v1/items/${deal.id}/journal?kind=run_planned`,
      });
      assert.equal(planned.body.data.length, 1);
      const entry = planned.body.data[0];
      assert.equal(entry.message, 'retried by test manager');
      assert.equal(entry.runId, id);
      assert.equal(entry.robotId, ROBOT_A);
      assert.equal(entry.rootEventId, 'evt-1');
      const failure = (
        await t.request({ method: 'GET', url: `/api/v1/items/${deal.id}/journal?kind=run_failed` })
      ).body.data[0];
      assert.equal(entry.causeId, failure.id);

      const again = await t.request({ method: 'POST', url: `/api/v1/runs/${id}/retry`, as: 'manager' });
      assert.equal(again.status, 409);
      assert.equal(again.body.code, 'run_not_failed');
    });

    test('only a failed run can be retried; an unknown run is 404; viewers cannot retry', async () => {
      const succeeded = await t.request({ method: 'POST', url: `/api/v1/runs/${runs['early']}/retry` });
      assert.equal(succeeded.status, 409);
      assert.equal(succeeded.body.code, 'run_not_failed');
      assert.equal(succeeded.body.runStatus, 'succeeded');
      const read = await t.request({ method: 'GET', url: `/api/v1/runs/${runs['early']}` });
      assert.equal(read.body.status, 'succeeded');
      assert.equal((await t.request({ method: 'POST', url: `/api/v1/runs/${MISSING}/retry` })).status, 404);
      const asViewer = await t.request({
        method: 'POST',
        url: `/api/v1/runs/${runs['early']}/retry`,
        as: 'viewer',
      });
      assert.equal(asViewer.status, 403);
    });
  });
}
