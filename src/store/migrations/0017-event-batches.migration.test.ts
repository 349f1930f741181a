import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createTestStore, DIALECTS } from '../../../test/support/harness.ts';
import { migrateTo, migrateToLatest } from '../migrate.ts';

for (const dialect of DIALECTS) {
  describe(`migration 0017: event order keys (${dialect})`, () => {
    test('events waiting when it runs get their order key; the processed history keeps none', async () => {
      const { store, cleanup } = await createTestStore(dialect);
      try {
        await migrateTo(store, '0016-rule-record');
        const at = '2026-03-01T09:00:00.000Z';
        const row = (id: string, subject: object, status: string) => ({
          id,
          type: 'chat.message',
          source: 'test',
          occurredAt: at,
          receivedAt: at,
          subject: JSON.stringify(subject),
          data: '{}',
          status,
          processedAt: status === 'processed' ? at : null,
          itemIds: '[]',
          error: null,
          rootEventId: id,
          depth: 0,
          causeRunId: null,
          causeJournalId: null,
        });
        await store.db
          .insertInto('events')
          .values([
            row('about-item', { itemId: 'item-1' }, 'pending'),
            row('about-email', { phone: '+79125554433', email: 'a@example.com' }, 'pending'),
            row('done', { itemId: 'item-1' }, 'processed'),
          ])
          .execute();
        await migrateToLatest(store);
        const rows = await store.db
          .selectFrom('events')
          .select(['id', 'orderKey', 'attempts', 'nextAttemptAt'])
          .orderBy('id')
          .execute();
        assert.deepEqual(rows, [
          {
            id: 'about-email',
            orderKey: '{"email":"a@example.com","phone":"+79125554433"}',
            attempts: 0,
            nextAttemptAt: null,
          },
          { id: 'about-item', orderKey: 'item-1', attempts: 0, nextAttemptAt: null },
          { id: 'done', orderKey: null, attempts: 0, nextAttemptAt: null },
        ]);
      } finally {
        await cleanup();
      }
    });
  });
}
