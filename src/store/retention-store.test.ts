import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type FixtureItem, insertFixtureItem, insertRuns } from '../../test/fixtures/queue-runs.ts';
import { createTestStore, DIALECTS } from '../../test/support/harness.ts';
import { toJson } from './columns.ts';
import { migrateToLatest } from './migrate.ts';
import { RetentionStore } from './retention-store.ts';

const CUTOFF = new Date('2026-03-01T00:00:00.000Z');
const OLD = '2025-11-01T00:00:00.000Z';
const RECENT = '2026-03-05T00:00:00.000Z';

for (const dialect of DIALECTS) {
  describe(`journal retention store (${dialect})`, async () => {
    const testStore = await createTestStore(dialect);
    const { store } = testStore;
    let item: FixtureItem;
    before(async () => {
      await migrateToLatest(store);
      item = await insertFixtureItem(store);
    });
    after(() => testStore.cleanup());
    beforeEach(async () => {
      await store.db.deleteFrom('journalEntries').execute();
      await store.db.deleteFrom('runs').execute();
      await store.db.deleteFrom('events').execute();
      await store.db.deleteFrom('robots').execute();
    });

    async function journal(createdAt: string, runId: string | null = null): Promise<string> {
      const id = randomUUID();
      await store.db
        .insertInto('journalEntries')
        .values({
          id,
          kind: 'run_planned',
          itemId: item.itemId,
          eventId: null,
          runId,
          triggerId: null,
          robotId: null,
          guardId: null,
          message: 'planned',
          data: toJson({}),
          rootEventId: null,
          causeId: null,
          depth: 0,
          createdAt,
        })
        .execute();
      return id;
    }

    async function event(status: string, receivedAt: string): Promise<string> {
      const id = randomUUID();
      await store.db
        .insertInto('events')
        .values({
          id,
          type: 'email.sent',
          source: 'test',
          occurredAt: receivedAt,
          receivedAt,
          subject: toJson({ itemId: item.itemId }),
          data: toJson({}),
          status,
          processedAt: status === 'processed' ? receivedAt : null,
          itemIds: toJson([]),
          error: null,
          rootEventId: id,
          depth: 0,
          causeRunId: null,
        })
        .execute();
      return id;
    }

    const remaining = async (table: 'journalEntries' | 'runs' | 'events') =>
      (await store.db.selectFrom(table).select('id').execute()).map((row) => row.id).sort();

    test('deletes journal entries older than the cutoff and keeps the newer ones', async () => {
      await journal(OLD);
      await journal(OLD);
      const recent = await journal(RECENT);
      const report = await new RetentionStore(store.db).prune(CUTOFF);
      assert.equal(report.journalEntries, 2);
      assert.deepEqual(await remaining('journalEntries'), [recent]);
    });

    test('deletes finished runs finished before the cutoff, never a waiting, scheduled or running one', async () => {
      const finished = await insertRuns(store, item, [
        { status: 'succeeded', finishedAt: OLD },
        { status: 'failed', finishedAt: OLD },
        { status: 'cancelled', finishedAt: OLD },
        { status: 'skipped', finishedAt: OLD },
      ]);
      const kept = await insertRuns(store, item, [
        { status: 'succeeded', finishedAt: RECENT },
        { status: 'waiting', dueAt: null },
        { status: 'scheduled', dueAt: OLD },
        { status: 'running', dueAt: OLD, leaseOwner: 'w', leaseExpiresAt: OLD, attempts: 1 },
      ]);
      const report = await new RetentionStore(store.db).prune(CUTOFF);
      assert.equal(report.runs, finished.length);
      assert.deepEqual(await remaining('runs'), [...kept].sort());
    });

    test('keeps the journal of a run that is still pending, however old', async () => {
      const [pending] = await insertRuns(store, item, [
        { status: 'scheduled', dueAt: '2027-01-01T00:00:00.000Z' },
      ]);
      const [done] = await insertRuns(store, item, [{ status: 'succeeded', finishedAt: RECENT }]);
      const why = await journal(OLD, pending!);
      await journal(OLD, done!);
      await new RetentionStore(store.db).prune(CUTOFF);
      assert.deepEqual(await remaining('journalEntries'), [why]);
    });

    test('keeps the runs that make a once-per-item robot remember it already ran', async () => {
      const robotId = randomUUID();
      await store.db
        .insertInto('robots')
        .values({
          id: robotId,
          name: 'Welcome once',
          pipelineId: item.pipelineId,
          stageId: item.stageId,
          actionType: 'notify',
          params: toJson({}),
          timing: toJson({ kind: 'immediately' }),
          condition: null,
          afterPrevious: false,
          repeat: 'once-per-item',
          retry: toJson({ maxAttempts: 1, initialDelay: 'PT30S', maxDelay: 'PT1H' }),
          sort: 1,
          enabled: true,
          createdAt: OLD,
          updatedAt: OLD,
          version: 1,
        })
        .execute();
      const [remembered] = await insertRuns(store, item, [{ robotId, status: 'succeeded', finishedAt: OLD }]);
      await insertRuns(store, item, [{ robotId, status: 'cancelled', finishedAt: OLD }]);
      await new RetentionStore(store.db).prune(CUTOFF);
      assert.deepEqual(await remaining('runs'), [remembered]);
    });

    test('deletes processed events received before the cutoff, but not pending ones nor the cause of a pending run', async () => {
      await event('processed', OLD);
      const recent = await event('processed', RECENT);
      const pending = await event('pending', OLD);
      const failed = await event('failed', OLD);
      const cause = await event('processed', OLD);
      await insertRuns(store, item, [
        { status: 'scheduled', dueAt: '2027-01-01T00:00:00.000Z', causeEventId: cause },
      ]);
      const report = await new RetentionStore(store.db).prune(CUTOFF);
      assert.equal(report.events, 1);
      assert.deepEqual(await remaining('events'), [recent, pending, failed, cause].sort());
    });

    test('works through more rows than one batch', async () => {
      for (let i = 0; i < 7; i++) await journal(OLD);
      await insertRuns(
        store,
        item,
        Array.from({ length: 5 }, () => ({ status: 'succeeded', finishedAt: OLD })),
      );
      const report = await new RetentionStore(store.db, 3).prune(CUTOFF);
      assert.deepEqual(report, { journalEntries: 7, runs: 5, events: 0 });
      assert.deepEqual(await remaining('journalEntries'), []);
    });
  });
}
