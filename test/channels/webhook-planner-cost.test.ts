import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { webhookPayload } from '../../src/channels/webhooks/webhook-events.ts';
import { toJson } from '../../src/store/columns.ts';
import type { Store } from '../../src/store/database.ts';
import { uuidv7 } from '../../src/store/ids.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { WebhooksRepository } from '../../src/store/repositories/webhooks-repository.ts';
import type { Database } from '../../src/store/schema.ts';
import { createTestStore, DIALECTS, TEST_START } from '../support/harness.ts';
import { StatementCounter } from '../support/statement-counter.ts';

const BURST = 3_000;

/** Writes `count` processed events in bulk, as a burst the engine accepted. */
async function burst(db: Kysely<Database>, count: number, type = 'item.created'): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 500) {
    const rows = Array.from({ length: Math.min(500, count - start) }, () => {
      const id = uuidv7();
      ids.push(id);
      return {
        id,
        type,
        source: 'test',
        occurredAt: TEST_START.toISOString(),
        receivedAt: TEST_START.toISOString(),
        subject: toJson({ itemId: id }),
        data: toJson({}),
        status: 'processed',
        processedAt: TEST_START.toISOString(),
        itemIds: toJson([]),
        error: null,
        rootEventId: id,
        depth: 0,
        causeRunId: null,
        causeJournalId: null,
      };
    });
    await db.insertInto('events').values(rows).execute();
  }
  return ids;
}

for (const dialect of DIALECTS) {
  describe(`webhook planner cost (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let counter: StatementCounter;
    let planner: WebhooksRepository;
    let plain: WebhooksRepository;
    const pass = () =>
      planner.planDeliveries({
        eventTypes: ['item.created'],
        limit: 200,
        now: TEST_START,
        payloadOf: webhookPayload,
      });
    /** Plans until a pass finds nothing; answers the events read. */
    const planAll = async () => {
      let read = 0;
      for (let planned = await pass(); planned > 0; planned = await pass()) read += planned;
      return read;
    };
    const deliveriesPerEvent = async () => {
      const rows = await store.db
        .selectFrom('webhookDeliveries')
        .select(['eventId', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('eventId')
        .execute();
      return new Map(rows.map((row) => [row.eventId, Number(row.n)]));
    };

    before(async () => {
      ({ store, cleanup } = await createTestStore(dialect));
      await migrateToLatest(store);
      counter = new StatementCounter();
      planner = new WebhooksRepository(store.db.withPlugin(counter), uuidv7, store.capabilities);
      plain = new WebhooksRepository(store.db, uuidv7, store.capabilities);
    });
    after(() => cleanup());

    test('with no subscription a pass after a burst is one statement reading no event', async () => {
      await pass(); // the first pass ever creates the cursor
      await burst(store.db, BURST);
      counter.reset();
      assert.equal(await pass(), 0);
      assert.equal(counter.statements, 1);
      assert.equal(counter.rows, 0);
    });

    test('a new subscription gets only the events after it, each once', async () => {
      const subscription = await plain.createSubscription(
        { url: 'https://example.com/hook', eventTypes: ['item.created'], secret: 'whsec_x' },
        TEST_START,
      );
      const later = await burst(store.db, BURST);
      assert.equal(await planAll(), BURST);
      const delivered = await deliveriesPerEvent();
      assert.deepEqual([...delivered.keys()].sort(), [...later].sort());
      assert.ok([...delivered.values()].every((n) => n === 1));
      assert.ok(subscription.id);
    });

    test('after a burst, a pass reads a bounded number of rows whatever the burst size', async () => {
      await planAll();
      const few = await burst(store.db, 10);
      counter.reset();
      assert.equal(await pass(), 10);
      // The cursor, the subscription and the ten new events; nothing of the burst before.
      assert.ok(counter.rows <= 12, `rows read: ${counter.rows}`);
      assert.ok(counter.statements <= 8, `statements: ${counter.statements}`);
      counter.reset();
      assert.equal(await pass(), 0);
      assert.ok(counter.rows <= 2, `rows read by an idle pass: ${counter.rows}`);
      const delivered = await deliveriesPerEvent();
      for (const id of few) assert.equal(delivered.get(id), 1);
      assert.equal(delivered.size, BURST + few.length);
    });

    test('events of other types move the cursor and plan nothing', async () => {
      await burst(store.db, 300, 'chat.message');
      const before = (await deliveriesPerEvent()).size;
      await planAll();
      assert.equal((await deliveriesPerEvent()).size, before);
      counter.reset();
      await pass();
      assert.ok(counter.rows <= 2, `rows read after the cursor passed them: ${counter.rows}`);
    });

    test('an event whose transaction commits after later events is planned once (no seq order)', async (t) => {
      if (store.capabilities.commitsInSeqOrder) return t.skip('commits are serialised here');
      const late = await store.db.transaction().execute(async (trx) => {
        const [id] = await burst(trx, 1);
        // Later events take higher seq values and commit, and the planner passes them ...
        await burst(store.db, 5);
        await planAll();
        return id;
      });
      // ... before the first one commits.
      assert.ok(late);
      await planAll();
      const delivered = await deliveriesPerEvent();
      assert.equal(delivered.get(late), 1);
      const marks = await sql<{
        n: number | string;
      }>`select count(*) as n from webhook_planned_events`.execute(store.db);
      assert.ok(Number(marks.rows[0]?.n) <= 1_000 + 200, 'marks behind the window are deleted');
    });
  });
}
