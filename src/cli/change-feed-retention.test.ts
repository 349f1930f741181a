import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTestApp, DIALECTS, eventually } from '../../test/support/harness.ts';

for (const dialect of DIALECTS) {
  describe(`change feed retention (${dialect})`, () => {
    test('a started process prunes feed rows older than a day, also with no stream open', async () => {
      const t = await createTestApp(dialect);
      try {
        const db = t.context.store.db;
        const old = new Date(Date.now() - 2 * 86_400_000).toISOString();
        await db
          .insertInto('changeFeed')
          .values({ kind: 'item', op: 'updated', entityId: 'old', createdAt: old })
          .execute();
        await db.insertInto('changeFeed').values({ kind: 'item', op: 'updated', entityId: 'new' }).execute();
        await t.automation.start();
        const left = async () =>
          (await db.selectFrom('changeFeed').select('entityId').execute()).map((row) => row.entityId);
        await eventually('the old row to go', async () => !(await left()).includes('old'));
        assert.deepEqual(await left(), ['new']);
      } finally {
        await t.close();
      }
    });
  });
}
