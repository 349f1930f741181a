import assert from 'node:assert/strict';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { type OpenedStream, openEventStream } from '../../../test/support/event-stream.ts';
import { placeItem } from '../../../test/support/fixtures.ts';
import { createTestApp, DIALECTS, eventually, type TestApp } from '../../../test/support/harness.ts';
import { ChangeFeedRepository } from '../../store/repositories/change-feed-repository.ts';
import { RunQueueStore } from '../../store/run-queue-store.ts';
import { buildApp } from '../app.ts';

for (const dialect of DIALECTS) {
  describe(`GET /api/v1/stream (${dialect})`, () => {
    let t: TestApp;
    let base: string;
    const streams: OpenedStream[] = [];
    const as = (role: 'admin' | 'manager' | 'viewer') => ({ authorization: `Bearer ${t.tokens[role]}` });
    const open = async (headers: Record<string, string> = {}, query = '') => {
      const stream = await openEventStream(base, { ...as('viewer'), ...headers }, query);
      streams.push(stream);
      return stream;
    };
    const ready = async (stream: OpenedStream) =>
      Number((await stream.waitFor('ready', (event) => event.event === 'ready')).id);
    const feedIdsAfter = async (id: number) =>
      (
        await t.context.store.db
          .selectFrom('changeFeed')
          .select('id')
          .where('id', '>', id)
          .orderBy('id')
          .execute()
      ).map((row) => String(row.id));

    before(async () => {
      t = await createTestApp(dialect);
      base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    });
    after(async () => {
      for (const stream of streams) stream.close();
      await t.close();
    });

    test('answers 401 without a token', async () => {
      const response = await fetch(`${base}/api/v1/stream`);
      assert.equal(response.status, 401);
      assert.match(response.headers.get('content-type') ?? '', /problem\+json/);
    });

    test('starts with the reconnect delay and ready at the current end, as an event stream that is not cached', async () => {
      const stream = await open();
      assert.equal(stream.status, 200);
      assert.match(stream.headers.get('content-type') ?? '', /^text\/event-stream/);
      assert.equal(stream.headers.get('cache-control'), 'no-store');
      assert.equal(stream.headers.get('x-accel-buffering'), 'no');
      const id = await ready(stream);
      assert.deepEqual(stream.events[0], { retry: '2000' });
      assert.deepEqual(stream.events[1], { id: String(id), event: 'ready', data: {} });
      const [last] = await feedIdsAfter(id - 1);
      assert.equal(id === 0 ? undefined : last, id === 0 ? undefined : String(id));
      stream.close();
    });

    test('a move through the API arrives as an item moved, with its pipeline', async () => {
      const placed = await placeItem(t);
      const stream = await open();
      await ready(stream);
      const moved = await t.request({
        method: 'POST',
        url: `/api/v1/items/${placed.itemId}/move`,
        body: { stageId: placed.stageIds[1] },
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      const change = await stream.waitFor(
        'the move',
        (e) => e.data?.kind === 'item' && e.data.op === 'moved',
      );
      assert.equal(change.event, 'change');
      assert.deepEqual(Object.keys(change.data).sort(), [
        'at',
        'id',
        'itemId',
        'kind',
        'op',
        'pipelineId',
        'userId',
      ]);
      assert.equal(change.data.id, placed.itemId);
      assert.equal(change.data.itemId, placed.itemId);
      assert.equal(change.data.pipelineId, placed.pipelineId);
      assert.ok(!Number.isNaN(Date.parse(change.data.at)));
      stream.close();
    });

    test("a robot's run arrives when planned and when its status changes, with what it wrote", async () => {
      const placed = await placeItem(t);
      const robot = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'History',
          stageId: placed.stageIds[1],
          action: { type: 'add_timeline_entry', params: { text: 'Moved on' } },
        },
      });
      assert.equal(robot.status, 201, JSON.stringify(robot.body));
      const stream = await open();
      await ready(stream);
      await t.request({
        method: 'POST',
        url: `/api/v1/items/${placed.itemId}/move`,
        body: { stageId: placed.stageIds[1] },
      });
      const planned = await stream.waitFor(
        'the planned run',
        (e) => e.data?.kind === 'run' && e.data.op === 'created',
      );
      assert.equal(planned.data.itemId, placed.itemId);
      assert.equal(planned.data.pipelineId, placed.pipelineId);
      await stream.waitFor(
        'the run finished',
        (e) => e.data?.kind === 'run' && e.data.op === 'updated' && e.data.id === planned.data.id,
      );
      await stream.waitFor(
        'the timeline entry',
        (e) => e.data?.kind === 'timeline' && e.data.itemId === placed.itemId,
      );
      stream.close();
    });

    test('a notification arrives with its recipient', async () => {
      const user = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        body: { name: 'Anna', email: 'anna@example.com', role: 'manager' },
      });
      assert.equal(user.status, 201, JSON.stringify(user.body));
      const stream = await open();
      await ready(stream);
      const sent = await t.request({
        method: 'POST',
        url: '/api/v1/notifications',
        body: { userId: user.body.id, title: 'Look', body: '' },
      });
      assert.equal(sent.status, 201);
      const change = await stream.waitFor('the notification', (e) => e.data?.kind === 'notification');
      assert.deepEqual(
        [change.data.op, change.data.id, change.data.userId],
        ['created', sent.body.id, user.body.id],
      );
      stream.close();
    });

    test('a change committed by another connection, which tells nobody, reaches the stream', async () => {
      const placed = await placeItem(t);
      const stream = await open();
      await ready(stream);
      await writeElsewhere(t, `update items set title = 'Renamed elsewhere' where id = '${placed.itemId}'`);
      const change = await stream.waitFor(
        'the change',
        (e) => e.data?.kind === 'item' && e.data.id === placed.itemId,
      );
      assert.equal(change.data.op, 'updated');
      stream.close();
    });

    test('resuming with Last-Event-ID (header or query) replays exactly the missed changes, in order', async () => {
      const first = await open();
      const seen = await ready(first);
      first.close();
      const placed = await placeItem(t);
      await t.request({
        method: 'POST',
        url: `/api/v1/items/${placed.itemId}/move`,
        body: { stageId: placed.stageIds[1] },
      });
      const missed = await feedIdsAfter(seen);
      assert.ok(missed.length >= 3, 'the pipeline, the item and the move wrote rows');
      for (const resumed of [
        await open({ 'last-event-id': String(seen) }),
        await open({}, `?lastEventId=${seen}`),
      ]) {
        await eventually('the replay', () => resumed.changes().length >= missed.length);
        assert.deepEqual(
          resumed.changes().map((event) => event.id),
          missed,
        );
        assert.equal(
          resumed.events.filter((event) => event.event === 'ready' || event.event === 'reset').length,
          0,
        );
        resumed.close();
      }
    });

    test('lease heartbeats write no feed rows; the claim (a status change) does', async () => {
      const placed = await placeItem(t);
      await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'Later',
          stageId: placed.stageIds[1],
          action: { type: 'add_timeline_entry', params: { text: 'Later' } },
          timing: { kind: 'after', duration: 'P3D' },
        },
      });
      await t.request({
        method: 'POST',
        url: `/api/v1/items/${placed.itemId}/move`,
        body: { stageId: placed.stageIds[1] },
      });
      const runRows = async () =>
        (
          await t.context.store.db
            .selectFrom('changeFeed')
            .select('id')
            .where('kind', '=', 'run')
            .where('itemId', '=', placed.itemId)
            .execute()
        ).length;
      assert.equal(await runRows(), 1, 'planned');
      const queue = new RunQueueStore(t.context.store);
      const later = new Date(t.clock.now().getTime() + 4 * 86_400_000);
      const claimed = await queue.claim({ owner: 'heartbeat-test', now: later, leaseMs: 30_000, limit: 10 });
      assert.equal(claimed.length, 1);
      assert.equal(await runRows(), 2, 'claimed: running');
      for (let beat = 1; beat <= 3; beat += 1) {
        const at = new Date(later.getTime() + beat * 10_000);
        assert.equal(
          (await queue.extendLeases([claimed[0]?.id ?? ''], 'heartbeat-test', at, 30_000)).length,
          1,
        );
      }
      assert.equal(await runRows(), 2, 'heartbeats wrote nothing');
      await queue.release([claimed[0]?.id ?? ''], 'heartbeat-test', later);
      assert.equal(await runRows(), 3, 'released: scheduled again');
    });

    test('an id that is not a number, beyond the feed or pruned away yields reset, then the stream goes on', async () => {
      await placeItem(t);
      const feed = new ChangeFeedRepository(t.context.store.db);
      const end = await feed.lastId();
      const check = async (lastEventId: string) => {
        const stream = await open({ 'last-event-id': lastEventId });
        await stream.waitFor(`reset for ${lastEventId}`, (event) => event.event === 'reset');
        const { id, ...reset } = stream.events[1] ?? {};
        assert.deepEqual(reset, { event: 'reset', data: {} });
        assert.match(id ?? '', /^\d+$/, 'the end, to resume from after reconnecting');
        return stream;
      };
      (await check('abc')).close();
      (await check(String(end + 1000))).close();
      // Everything written so far is older than a cutoff in the future.
      assert.ok((await feed.prune(new Date(Date.now() + 60_000))) > 0);
      assert.equal(await feed.prunedThrough(), end);
      const stream = await check('1');
      const placed = await placeItem(t);
      await stream.waitFor('a change after the reset', (e) => e.data?.itemId === placed.itemId);
      stream.close();
      // A client that had seen everything before the prune has missed nothing.
      const current = await open({ 'last-event-id': String(end) });
      await current.waitFor('the replay', (e) => e.data?.itemId === placed.itemId);
      assert.equal(current.events.filter((event) => event.event === 'reset').length, 0);
      current.close();
      // Another server pruned further meanwhile: a prune that ends lower does not lower the mark.
      const db = t.context.store.db;
      const further = (await feed.lastId()) + 1000;
      await db
        .updateTable('settings')
        .set({ value: String(further) })
        .where('key', '=', 'change_feed_pruned_through')
        .execute();
      await db
        .insertInto('changeFeed')
        .values({ kind: 'item', op: 'updated', entityId: 'old', createdAt: '2001-01-01T00:00:00.000Z' })
        .execute();
      assert.ok((await feed.prune(new Date('2002-01-01T00:00:00.000Z'))) > 0);
      assert.equal(await feed.prunedThrough(), further);
    });
  });

  describe(`GET /api/v1/stream, limits and shutdown (${dialect})`, () => {
    test('a stream does not count against STAGEFLOW_MAX_IN_FLIGHT; STAGEFLOW_MAX_STREAMS bounds streams with 503', async () => {
      const t = await createTestApp(dialect);
      const app = await buildApp({ ...t.context, maxInFlight: 1, maxStreams: 1 });
      try {
        const base = await app.listen({ port: 0, host: '127.0.0.1' });
        const auth = { authorization: `Bearer ${t.tokens.viewer}` };
        const stream = await openEventStream(base, auth);
        await stream.waitFor('ready', (event) => event.event === 'ready');
        const list = await fetch(`${base}/api/v1/pipelines`, { headers: auth });
        assert.equal(list.status, 200);
        const refused = await fetch(`${base}/api/v1/stream`, { headers: auth });
        assert.equal(refused.status, 503);
        assert.ok(Number(refused.headers.get('retry-after')) > 0);
        assert.equal(((await refused.json()) as { code: string }).code, 'too_many_streams');
        stream.close();
      } finally {
        await app.close();
        await t.close();
      }
    });

    test('closing the server ends the open streams', async () => {
      const t = await createTestApp(dialect);
      try {
        const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
        const auth = { authorization: `Bearer ${t.tokens.viewer}` };
        const streams = [await openEventStream(base, auth), await openEventStream(base, auth)];
        for (const stream of streams) await stream.waitFor('ready', (event) => event.event === 'ready');
        await t.app.close();
        await Promise.all(streams.map((stream) => stream.ended));
      } finally {
        await t.close();
      }
    });
  });
}

/** Runs `statement` over a connection of its own, as another process would, announcing nothing. */
async function writeElsewhere(t: TestApp, statement: string): Promise<void> {
  if (t.context.store.capabilities.dialect === 'sqlite') {
    const { rows } = await sql<{
      file: string;
    }>`select file from pragma_database_list where name = 'main'`.execute(t.context.store.db);
    const other = new DatabaseSync(rows[0]?.file ?? '');
    try {
      other.exec('pragma busy_timeout = 10000');
      other.exec(statement);
    } finally {
      other.close();
    }
    return;
  }
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(t.context.store.db);
  const url = new URL(process.env['DATABASE_URL'] ?? '');
  url.pathname = `/${rows[0]?.name}`;
  const other = new pg.Client({ connectionString: url.toString() });
  await other.connect();
  try {
    await other.query(statement);
  } finally {
    await other.end();
  }
}
