import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestStore, DIALECTS } from '../../../test/support/harness.ts';
import { migrateTo, migrateToLatest } from '../migrate.ts';

for (const dialect of DIALECTS) {
  describe(`migration 0027: approval mail queue (${dialect})`, () => {
    test('mail still to send when it runs is due at once; mail already sent waits for nothing', async () => {
      const { store, cleanup } = await createTestStore(dialect);
      try {
        await migrateTo(store, '0026-work-authors');
        const at = '2026-03-01T09:00:00.000Z';
        await sql`insert into pipelines (id, name, entity_type, settings, created_at, updated_at, version)
          values ('p', 'Deals', 'deal', '{}', ${at}, ${at}, 1)`.execute(store.db);
        await sql`insert into stages (id, pipeline_id, name, sort, semantics, created_at, updated_at)
          values ('s', 'p', 'New', 1, 'open', ${at}, ${at})`.execute(store.db);
        await sql`insert into items (id, pipeline_id, stage_id, title, amount_minor, currency, fields,
            stage_entered_at, created_at, updated_at, version)
          values ('i', 'p', 's', 'Deal', 0, 'EUR', '{}', ${at}, ${at}, ${at}, 1)`.execute(store.db);
        for (const [id, mailStep] of [
          ['to-mail', 0],
          ['mailed', null],
        ] as const) {
          await sql`insert into approvals (id, item_id, title, approver_ids, step, status, decisions,
              on_deadline, mail_step, mail_attempts, link_key, created_at, updated_at, version)
            values (${id}, 'i', 'OK?', '["u"]', 0, 'pending', '[]', 'escalate', ${mailStep}, 2, 'k',
              ${at}, ${at}, 1)`.execute(store.db);
        }
        await migrateToLatest(store);
        const rows = await store.db
          .selectFrom('approvals')
          .select(['id', 'mailDueAt', 'mailLeaseUntil', 'mailAttempts'])
          .orderBy('id')
          .execute();
        const iso = (value: string | Date | null) => (value === null ? null : new Date(value).toISOString());
        assert.deepEqual(
          rows.map((row) => ({ ...row, mailDueAt: iso(row.mailDueAt) })),
          [
            { id: 'mailed', mailDueAt: null, mailLeaseUntil: null, mailAttempts: 2 },
            { id: 'to-mail', mailDueAt: at, mailLeaseUntil: null, mailAttempts: 2 },
          ],
        );
      } finally {
        await cleanup();
      }
    });
  });
}
