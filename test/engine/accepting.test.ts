import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { placeItem } from '../support/fixtures.ts';
import { createTestApp, DIALECTS, eventually, type TestApp } from '../support/harness.ts';

/**
 * Accepting is a durable insert and nothing more: the answer never waits for the processing of
 * this or earlier events; the engine's runner processes them. These tests send requests with
 * `app.inject` (the harness's `request` settles afterwards, as the runner would).
 */
for (const dialect of DIALECTS) {
  describe(`accepting events (${dialect})`, () => {
    let t: TestApp;
    let itemId: string;
    let pipelineId: string;
    let newId: string;
    let repliedId: string;
    before(async () => {
      t = await createTestApp(dialect);
      const placed = await placeItem(t);
      itemId = placed.itemId;
      pipelineId = placed.pipelineId;
      [newId, repliedId] = placed.stageIds;
      const trigger = await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        body: { name: 'a reply', stageId: repliedId, eventType: 'chat.message' },
      });
      assert.equal(trigger.status, 201, JSON.stringify(trigger.body));
    });
    after(() => t.close());

    const post = (body: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: { authorization: `Bearer ${t.tokens.manager}`, ...headers },
        payload: body as object,
      });
    const chat = (id: string, item = itemId) => ({
      id,
      type: 'chat.message',
      subject: { itemId: item },
      data: { text: 'hello' },
    });
    const pending = async () =>
      Number(
        (
          await t.context.store.db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('status', '=', 'pending')
            .executeTakeFirstOrThrow()
        ).n,
      );
    /** Another item in "Stage 0" of the pipeline whose trigger moves it on a chat message. */
    const newItem = async (): Promise<string> => {
      const item = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId, stageId: newId, title: 'Deal' },
      });
      assert.equal(item.status, 201, JSON.stringify(item.body));
      return item.body.id;
    };
    const stageOf = async (id: string) => (await t.context.repos.items.getOrThrow(id)).stageId;

    test('the answer comes after the durable write, before any processing, however long the backlog', async () => {
      // A backlog of 300 events nobody has processed yet (the runner is not started here).
      await t.context.engine.accept(
        Array.from({ length: 300 }, (_, i) => ({
          ...chat(`backlog-${i}`),
          source: 'test',
          occurredAt: t.clock.now(),
          data: { text: `${i}` },
        })),
      );
      const response = await post(chat('after-the-backlog'));
      assert.equal(response.statusCode, 202);
      assert.deepEqual(response.json(), { id: 'after-the-backlog', status: 'accepted' });
      assert.equal(response.headers['preference-applied'], undefined);
      assert.equal(await pending(), 301, 'stored, and the backlog was not worked through by the request');
      assert.notEqual(await stageOf(itemId), repliedId);
      await t.automation.runner.drain();
      assert.equal(await pending(), 0);
      assert.equal(await stageOf(itemId), repliedId);
    });

    test('the last item.stage_changed of a burst is processed in the same round, not left pending', async () => {
      const items = [await newItem(), await newItem(), await newItem()];
      await t.context.engine.accept(
        items.map((id, i) => ({
          ...chat(`burst-${i}`, id),
          source: 'test',
          occurredAt: t.clock.now(),
        })),
      );
      await t.context.engine.processPending();
      assert.equal(await pending(), 0, 'the moves wrote item.stage_changed events; none is left');
      for (const id of items) assert.equal(await stageOf(id), repliedId);
      const changed = await t.context.store.db
        .selectFrom('events')
        .select(['status'])
        .where('type', '=', 'item.stage_changed')
        .where('status', '!=', 'processed')
        .execute();
      assert.deepEqual(changed, []);
    });

    test("an item's events are processed in the order they were accepted, whatever their ids", async () => {
      const id = await newItem();
      // One batch shares its arrival time; the sender's ids sort the other way round.
      const response = await post([chat('zz-first', id), chat('mm-second', id), chat('aa-third', id)]);
      assert.equal(response.statusCode, 202);
      await t.automation.runner.drain();
      const received = await t.context.store.db
        .selectFrom('journalEntries')
        .select('eventId')
        .where('itemId', '=', id)
        .where('kind', '=', 'event_received')
        .where('eventId', 'in', ['zz-first', 'mm-second', 'aa-third'])
        .orderBy('id')
        .execute();
      assert.deepEqual(
        received.map((row) => row.eventId),
        ['zz-first', 'mm-second', 'aa-third'],
      );
    });

    test('with the runner started, an accepted event is processed without any further request', async () => {
      const id = await newItem();
      await t.automation.start({ retention: false });
      const response = await post(chat('in-the-background', id));
      assert.equal(response.statusCode, 202);
      await eventually('the runner to process the event', async () => (await stageOf(id)) === repliedId);
      // And the item.stage_changed its move wrote, in the same round.
      await eventually('the runner to process what the move wrote', async () => (await pending()) === 0);
    });

    test('Prefer: wait=N answers once the events are processed, and says so', async () => {
      const id = await newItem();
      const response = await post(chat('waited-for', id), { prefer: 'respond-async, wait=20' });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.headers['preference-applied'], 'wait=20');
      assert.deepEqual(response.json(), { id: 'waited-for', status: 'accepted' });
      assert.equal(await stageOf(id), repliedId, 'the answer came after the move');
    });

    test('a batch waited for answers once every event of it is processed', async () => {
      const first = await newItem();
      const second = await newItem();
      const response = await post([chat('batch-1', first), chat('batch-2', second)], { prefer: 'wait=20' });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(await stageOf(first), repliedId);
      assert.equal(await stageOf(second), repliedId);
    });
  });
}
