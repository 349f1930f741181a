import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findAction } from '../../src/automation/actions/registry.ts';
import { createEngine } from '../../src/automation/engine.ts';
import { DEFAULT_CASCADE_LIMITS } from '../../src/automation/engine-context.ts';
import type { EventProcessingOptions } from '../../src/automation/event-batches.ts';
import type { EngineStore, EngineTx } from '../../src/automation/ports.ts';
import { createTemplateEngine } from '../../src/automation/templates/template-engine.ts';
import type { ManualClock } from '../../src/domain/manual-clock.ts';
import { PhoneNumbers } from '../../src/domain/phone-numbers.ts';
import { openPostgres, type Store } from '../../src/store/database.ts';
import { createEngineStore } from '../../src/store/engine-store.ts';
import { uuidv7 } from '../../src/store/ids.ts';
import { databaseUrlOf } from '../fixtures/queue-runs.ts';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

/**
 * An engine over `store` with its own batch settings, as a process would build it. Events whose id
 * is in `broken` fail every attempt (their claim throws, as a bug in processing would).
 */
function engineOver(
  store: Store,
  clock: ManualClock,
  processing: EventProcessingOptions,
  broken = new Set(),
) {
  const inner = createEngineStore(store.db, uuidv7, store.capabilities, new PhoneNumbers());
  const wrap = (tx: EngineTx): EngineTx => ({
    ...tx,
    events: new Proxy(tx.events, {
      get: (target, key) => {
        if (key === 'claim') {
          return (id: string, now: Date) =>
            broken.has(id) ? Promise.reject(new Error(`processing ${id} broke`)) : target.claim(id, now);
        }
        const value = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    }),
  });
  const wrapped: EngineStore = {
    transaction: (work) => inner.transaction((tx) => work(wrap(tx))),
    direct: () => wrap(inner.direct()),
    grouped: (work) => inner.grouped((tx) => work(wrap(tx))),
    isTransient: inner.isTransient,
  };
  return createEngine(
    {
      store: wrapped,
      clock,
      ids: uuidv7,
      phones: new PhoneNumbers(),
      limits: DEFAULT_CASCADE_LIMITS,
      templates: createTemplateEngine({ clock }),
      findAction,
      wake: () => {},
      // Jitter in the middle of its range, so the waits are known.
      random: () => 0.5,
    },
    processing,
  );
}

for (const dialect of DIALECTS) {
  describe(`processing events in batches (${dialect})`, () => {
    let t: TestApp;
    let other: Store;
    let pipelineId = '';
    before(async () => {
      t = await createTestApp(dialect);
      // PostgreSQL: a second process's connections; SQLite has one process and one connection.
      other = dialect === 'postgres' ? openPostgres(await databaseUrlOf(t.context.store)) : t.context.store;
      const pipeline = await t.request({
        method: 'POST',
        url: '/api/v1/pipelines',
        body: { name: 'Batches', entityType: 'deal', stages: [{ name: 'New' }, { name: 'Replied' }] },
      });
      pipelineId = pipeline.body.id;
      // The first message moves each item: moves write item.stage_changed events of their own.
      await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        body: { name: 'reply', stageId: pipeline.body.stages[1].id, eventType: 'chat.message' },
      });
    });
    after(async () => {
      if (other !== t?.context.store) await other?.close();
      await t?.close();
    });

    async function newItems(count: number): Promise<string[]> {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const item = await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId, title: `Item ${i}` },
        });
        ids.push(item.body.id);
      }
      // Their item.created events are not what these tests are about.
      await t.context.engine.processPending();
      return ids;
    }

    async function accept(id: string, itemId: string): Promise<void> {
      t.clock.advance(1);
      await t.context.engine.accept([
        {
          id,
          type: 'chat.message',
          source: 'test',
          occurredAt: t.clock.now(),
          subject: { itemId },
          data: {},
        },
      ]);
    }

    /** The events received on the item's journal, in the order they were processed. */
    async function receivedBy(itemId: string, prefix: string): Promise<string[]> {
      const rows = await t.context.store.db
        .selectFrom('journalEntries')
        .select('eventId')
        .where('itemId', '=', itemId)
        .where('kind', '=', 'event_received')
        .where('eventId', 'like', `${prefix}%`)
        .orderBy('id')
        .execute();
      return rows.map((row) => row.eventId ?? '');
    }

    const eventRow = (id: string) =>
      t.context.store.db
        .selectFrom('events')
        .select(['status', 'attempts', 'nextAttemptAt', 'error'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();

    test('events about one item are processed in the order accepted, each once, by concurrent batches of two processors', async () => {
      const items = await newItems(6);
      const order = new Map<string, string[]>(items.map((id) => [id, []]));
      // Interleaved, so every batch holds events of several items, and an item's events span batches.
      for (let n = 0; n < 25; n++) {
        for (const itemId of items) {
          const id = `ord-${itemId}-${String(n).padStart(2, '0')}`;
          await accept(id, itemId);
          order.get(itemId)?.push(id);
        }
      }
      const settings = { batchSize: 4, concurrency: 3 };
      const first = engineOver(t.context.store, t.clock, settings);
      const second = engineOver(other, t.clock, settings);
      const counts = await Promise.all([
        first.processPending(),
        second.processPending(),
        first.processPending(),
      ]);

      const left = await t.context.store.db
        .selectFrom('events')
        .select('id')
        .where('status', '!=', 'processed')
        .execute();
      assert.deepEqual(left, [], 'every event processed');
      // 150 messages, and the item.stage_changed of each item's move.
      assert.equal(
        counts.reduce((a, b) => a + b, 0),
        150 + items.length,
        'each counted once',
      );
      for (const itemId of items) {
        assert.deepEqual(
          await receivedBy(itemId, 'ord-'),
          order.get(itemId),
          'once each, in the order accepted',
        );
      }
    });

    test('a failing event is retried with backoff while other items go on; later events of its item wait for it', async () => {
      const [x = '', y = ''] = await newItems(2);
      await accept('bad-1', x);
      await accept('y-1', y);
      await accept('x-2', x);
      await accept('y-2', y);
      const engine = engineOver(
        t.context.store,
        t.clock,
        { batchSize: 10, retry: { maxAttempts: 3, initialDelay: 'PT10S', maxDelay: 'PT1M' } },
        new Set(['bad-1']),
      );

      // y-1, y-2, and the item.stage_changed of the move y-1 made.
      assert.equal(await engine.processPending(), 3, 'the other item went on');
      assert.deepEqual(await receivedBy(y, 'y-'), ['y-1', 'y-2']);
      const waiting = await eventRow('bad-1');
      assert.equal(waiting.status, 'pending');
      assert.equal(waiting.attempts, 1);
      assert.ok(new Date(waiting.nextAttemptAt ?? 0) > t.clock.now(), 'the next attempt is later');
      assert.match(waiting.error ?? '', /processing bad-1 broke/);
      assert.deepEqual(
        [(await eventRow('x-2')).status, await receivedBy(x, 'x-')],
        ['pending', []],
        'the later event of its item waits',
      );
      // Half of the first delay (the jitter drawn is 0.5): the loop sleeps until then.
      assert.equal(await engine.nextEventRetryInMs(), 5_000);
      assert.equal(await engine.processPending(), 0, 'nothing due before then');
      assert.equal((await eventRow('bad-1')).attempts, 1);

      t.clock.advance(5_000);
      assert.equal(await engine.processPending(), 0);
      assert.equal((await eventRow('bad-1')).attempts, 2, 'the second attempt failed');
      assert.equal(await engine.nextEventRetryInMs(), 10_000, 'the delay doubled');
      assert.equal((await eventRow('x-2')).status, 'pending');

      t.clock.advance(10_000);
      // x-2, and the item.stage_changed of its move.
      assert.equal(await engine.processPending(), 2, 'after the last attempt, the item goes on');
      const failed = await eventRow('bad-1');
      assert.deepEqual([failed.status, failed.attempts], ['failed', 3]);
      assert.equal(await engine.nextEventRetryInMs(), undefined, 'nothing waits any more');
      const journal = await t.context.store.db
        .selectFrom('journalEntries')
        .select(['kind', 'eventId'])
        .where('itemId', '=', x)
        .where('eventId', 'in', ['bad-1', 'x-2'])
        .orderBy('id')
        .execute();
      assert.deepEqual(
        journal.filter((entry) => entry.kind === 'event_failed' || entry.kind === 'event_received'),
        [
          { kind: 'event_failed', eventId: 'bad-1' },
          { kind: 'event_received', eventId: 'x-2' },
        ],
        'failed once, with its journal record, then the later event processed once',
      );
      assert.deepEqual(await receivedBy(y, 'y-'), ['y-1', 'y-2'], 'nothing processed twice');
    });
  });
}
