import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { composeProcess } from '../../src/cli/compose.ts';
import { parseConfig } from '../../src/cli/config.ts';
import { openPostgres, type Store } from '../../src/store/database.ts';
import { databaseUrlOf } from '../fixtures/queue-runs.ts';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

const ITEMS = 5;
const EVENTS_PER_ITEM = 40;

/**
 * The runners of several processes (`serve` and `stageflow worker`s on one PostgreSQL database)
 * process the same pending events at the same time: each event once, and each item's events in
 * the order they were accepted. SQLite has one process, so one runner.
 */
for (const dialect of DIALECTS) {
  describe(`two runners on one database (${dialect})`, {
    skip: dialect === 'sqlite' && 'one process runs everything on SQLite',
  }, () => {
    let t: TestApp;
    let other: Store;
    before(async () => {
      t = await createTestApp(dialect);
      other = openPostgres(await databaseUrlOf(t.context.store));
    });
    after(async () => {
      await other?.close();
      await t?.close();
    });

    test('process each event once, in order per item', async () => {
      const pipeline = await t.request({
        method: 'POST',
        url: '/api/v1/pipelines',
        body: { name: 'Shared', entityType: 'deal', stages: [{ name: 'New' }] },
      });
      const items: string[] = [];
      for (let i = 0; i < ITEMS; i++) {
        const item = await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId: pipeline.body.id, title: `Item ${i}` },
        });
        items.push(item.body.id);
      }
      // Accepted one by one, so each item's events have an order to keep.
      const order = new Map<string, string[]>(items.map((id) => [id, []]));
      for (let n = 0; n < EVENTS_PER_ITEM; n++) {
        for (const itemId of items) {
          const id = `msg-${itemId}-${String(n).padStart(3, '0')}`;
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
          order.get(itemId)?.push(id);
        }
      }
      // A second process over the same database, built as every process is.
      const second = composeProcess({
        config: parseConfig({}),
        store: other,
        logger: pino({ level: 'silent' }),
        clock: { fixed: t.clock },
      }).automation;
      const [mine, theirs] = await Promise.all([
        t.context.engine.processPending(),
        second.engine.processPending(),
      ]);
      assert.equal(mine + theirs, ITEMS * EVENTS_PER_ITEM, 'together they processed every event');

      for (const itemId of items) {
        const received = await t.context.store.db
          .selectFrom('journalEntries')
          .select('eventId')
          .where('itemId', '=', itemId)
          .where('kind', '=', 'event_received')
          .where('eventId', 'like', 'msg-%')
          .orderBy('id')
          .execute();
        assert.deepEqual(
          received.map((row) => row.eventId),
          order.get(itemId),
          'each event once, in the order accepted',
        );
      }
    });
  });
}
