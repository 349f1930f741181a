import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/harness.ts';
import { MIGRATION_NAMES, migrateToLatest } from './migrate.ts';

for (const dialect of DIALECTS) {
  describe(`migrations (${dialect})`, () => {
    let t: TestStore;
    before(async () => {
      t = await createTestStore(dialect);
    });
    after(() => t.cleanup());

    test('apply once, and a second run applies nothing', async () => {
      const first = await migrateToLatest(t.store);
      assert.ok(first.applied.includes('0001-core'));
      const second = await migrateToLatest(t.store);
      assert.deepEqual(second.applied, []);
    });

    test('concurrent starts apply each migration exactly once', async () => {
      const fresh = await createTestStore(dialect);
      try {
        const reports = await Promise.all([migrateToLatest(fresh.store), migrateToLatest(fresh.store)]);
        assert.deepEqual(reports.flatMap((r) => r.applied).sort(), [...MIGRATION_NAMES].sort());
      } finally {
        await fresh.cleanup();
      }
    });

    test('the embedded database runs in WAL mode', { skip: dialect !== 'sqlite' }, async () => {
      const { rows } = await sql<{ journalMode: string }>`pragma journal_mode`.execute(t.store.db);
      assert.equal(rows[0]?.journalMode, 'wal');
    });
  });
}
