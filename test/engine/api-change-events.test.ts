import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { placeItem } from '../support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

/** A change made through the API and its internal event commit together or not at all. */
for (const dialect of DIALECTS) {
  describe(`events of API changes (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    test('an item change whose event cannot be written is not saved either', async () => {
      const placed = await placeItem(t);
      const db = t.context.store.db;
      // Nowhere to write events: the change's transaction must fail as a whole.
      await sql`alter table events rename to events_away`.execute(db);
      try {
        const response = await t.request({
          method: 'PATCH',
          url: `/api/v1/items/${placed.itemId}`,
          body: { title: 'Renamed', fields: { city: 'Kazan' } },
        });
        assert.equal(response.status, 500);
      } finally {
        await sql`alter table events_away rename to events`.execute(db);
      }
      const item = await t.request({ method: 'GET', url: `/api/v1/items/${placed.itemId}` });
      assert.equal(item.body.title, 'Deal');
      assert.deepEqual(item.body.fields, {});
    });

    test('a saved change has its item.field_changed event, processed', async () => {
      const placed = await placeItem(t);
      await t.request({
        method: 'PATCH',
        url: `/api/v1/items/${placed.itemId}`,
        body: { fields: { city: 'Kazan' } },
      });
      const rows = await t.context.store.db
        .selectFrom('events')
        .select(['type', 'status', 'data'])
        .where('type', '=', 'item.field_changed')
        .execute();
      const mine = rows.filter((row) => JSON.stringify(row.data).includes('item.fields.city'));
      assert.equal(mine.length, 1);
      assert.equal(mine[0]?.status, 'processed');
    });
  });
}
