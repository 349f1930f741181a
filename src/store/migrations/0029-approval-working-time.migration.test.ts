import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { createTestStore, DIALECTS } from '../../../test/support/harness.ts';
import { migrateTo, migrateToLatest } from '../migrate.ts';
import { ApprovalsRepository } from '../repositories/approvals-repository.ts';

for (const dialect of DIALECTS) {
  describe(`migration 0029: approval deadlines in working time (${dialect})`, () => {
    test('an approval asked before it keeps counting wall-clock minutes, its due time unchanged', async () => {
      const { store, cleanup } = await createTestStore(dialect);
      try {
        await migrateTo(store, '0028-run-work');
        const at = '2026-03-06T15:00:00.000Z';
        const due = '2026-03-06T23:00:00.000Z';
        await sql`insert into pipelines (id, name, entity_type, settings, created_at, updated_at, version)
          values ('p', 'Deals', 'deal', '{}', ${at}, ${at}, 1)`.execute(store.db);
        await sql`insert into stages (id, pipeline_id, name, sort, semantics, created_at, updated_at)
          values ('s', 'p', 'New', 1, 'open', ${at}, ${at})`.execute(store.db);
        await sql`insert into items (id, pipeline_id, stage_id, title, amount_minor, currency, fields,
            stage_entered_at, created_at, updated_at, version)
          values ('i', 'p', 's', 'Deal', 0, 'EUR', '{}', ${at}, ${at}, ${at}, 1)`.execute(store.db);
        await sql`insert into approvals (id, item_id, title, approver_ids, step, status, decisions,
            deadline_minutes, on_deadline, due_at, mail_attempts, link_key, created_at, updated_at, version)
          values ('a', 'i', 'OK?', '["u"]', 0, 'pending', '[]', 480, 'escalate', ${due}, 0, 'k',
            ${at}, ${at}, 1)`.execute(store.db);
        await migrateToLatest(store);
        const approval = await new ApprovalsRepository(store.db, () => 'x').getOrThrow('a');
        assert.equal(approval.deadlineMinutes, 480);
        assert.equal(approval.deadlineInWorkingTime, false);
        assert.equal(approval.dueAt, due);
      } finally {
        await cleanup();
      }
    });
  });
}
