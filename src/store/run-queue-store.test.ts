import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { type FixtureItem, insertFixtureItem, insertRuns, readRun } from '../../test/fixtures/queue-runs.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../test/support/harness.ts';
import { migrateToLatest } from './migrate.ts';
import { RunQueueStore } from './run-queue-store.ts';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();
const LEASE = 30_000;

for (const dialect of DIALECTS) {
  describe(`run queue store (${dialect})`, async () => {
    const testStore: TestStore = await createTestStore(dialect);
    const { store } = testStore;
    const queue = new RunQueueStore(store);
    let item: FixtureItem;
    before(async () => {
      await migrateToLatest(store);
      item = await insertFixtureItem(store);
    });
    after(() => testStore.cleanup());
    beforeEach(async () => {
      await store.db.deleteFrom('runs').execute();
    });

    const claim = (owner: string, limit = 10, now = NOW) =>
      queue.claim({ owner, now, leaseMs: LEASE, limit });

    test('claims only scheduled runs that are due, and leases them to the claimer', async () => {
      const [due, dueNow] = await insertRuns(store, item, [{ dueAt: at(-60_000) }, { dueAt: at(0) }]);
      await insertRuns(store, item, [
        { dueAt: at(1) },
        { status: 'waiting', dueAt: null },
        { status: 'succeeded', dueAt: at(-60_000) },
        { status: 'cancelled', dueAt: at(-60_000) },
        { status: 'running', leaseOwner: 'other', leaseExpiresAt: at(10_000), attempts: 1 },
      ]);
      const claimed = await claim('worker-a');
      assert.deepEqual(claimed.map((run) => run.id).sort(), [due, dueNow].sort());
      assert.deepEqual(
        claimed.map((run) => [run.attempts, run.leaseExpiresAt]),
        [
          [1, at(LEASE)],
          [1, at(LEASE)],
        ],
      );
      const stored = await readRun(store, due!);
      assert.equal(stored.status, 'running');
      assert.equal(stored.leaseOwner, 'worker-a');
      assert.equal(stored.leaseExpiresAt, at(LEASE));
      assert.equal(stored.startedAt, NOW.toISOString());
      assert.deepEqual(await claim('worker-b'), []);
    });

    test('claims at most the batch size, earliest due first', async () => {
      const ids = await insertRuns(
        store,
        item,
        [5, 1, 4, 2, 3].map((minutes) => ({ dueAt: at(-minutes * 60_000) })),
      );
      const first = await claim('worker-a', 2);
      assert.deepEqual(first.map((run) => run.id).sort(), [ids[0], ids[2]].sort());
      assert.equal((await claim('worker-a', 2)).length, 2);
      assert.equal((await claim('worker-a', 2)).length, 1);
    });

    test('a live lease is not claimed; an expired one is claimed again with one more attempt', async () => {
      const [run] = await insertRuns(store, item, [{}]);
      await claim('worker-a');
      assert.deepEqual(await claim('worker-b', 10, new Date(NOW.getTime() + LEASE - 1)), []);
      const later = new Date(NOW.getTime() + LEASE + 1);
      const reclaimed = await claim('worker-b', 10, later);
      assert.deepEqual(
        reclaimed.map((r) => [r.id, r.attempts]),
        [[run, 2]],
      );
      const stored = await readRun(store, run!);
      assert.equal(stored.leaseOwner, 'worker-b');
      assert.equal(stored.status, 'running');
      assert.deepEqual(await claim('worker-c', 10, later), [], 'reclaimed once, not twice');
    });

    test('a claimer never takes again a run it is executing, whatever its lease says', async () => {
      const [mine, abandoned] = await insertRuns(store, item, [{}, {}]);
      await claim('worker-a');
      const later = new Date(NOW.getTime() + LEASE + 1);
      const again = await queue.claim({
        owner: 'worker-a',
        now: later,
        leaseMs: LEASE,
        limit: 10,
        executing: [mine!],
      });
      assert.deepEqual(
        again.map((r) => r.id),
        [abandoned],
        'only the run it is not executing',
      );
      assert.equal((await readRun(store, mine!)).attempts, 1);
    });

    test('an expired lease is reclaimed even when its attempts are used up, so the run gets its outcome', async () => {
      const [run] = await insertRuns(store, item, [
        { status: 'running', attempts: 5, maxAttempts: 5, leaseOwner: 'dead', leaseExpiresAt: at(-1) },
      ]);
      assert.deepEqual(
        (await claim('worker-a')).map((r) => [r.id, r.attempts]),
        [[run, 6]],
      );
    });

    test('extending leases renews only runs the owner still holds', async () => {
      const [mine, theirs] = await insertRuns(store, item, [{}, {}]);
      await claim('worker-a', 1);
      await claim('worker-b', 1);
      const [a] = (await readRun(store, mine!)).leaseOwner === 'worker-a' ? [mine!] : [theirs!];
      const held = await queue.extendLeases(
        [mine!, theirs!],
        'worker-a',
        new Date(NOW.getTime() + 10_000),
        LEASE,
      );
      assert.deepEqual(held, [a]);
      assert.equal((await readRun(store, a)).leaseExpiresAt, at(10_000 + LEASE));
    });

    test('release gives unfinished runs back: scheduled, due now, the attempt not counted, lease cleared', async () => {
      const [run, other] = await insertRuns(store, item, [{ attempts: 2 }, {}]);
      await claim('worker-a', 1);
      await claim('worker-b', 1);
      const mine = (await readRun(store, run!)).leaseOwner === 'worker-a' ? run! : other!;
      const before = (await readRun(store, mine)).attempts;
      const released = await queue.release([run!, other!], 'worker-a', new Date(NOW.getTime() + 5000));
      assert.deepEqual(released, [mine]);
      const stored = await readRun(store, mine);
      assert.equal(stored.status, 'scheduled');
      assert.equal(stored.dueAt, at(5000));
      assert.equal(stored.attempts, before - 1);
      assert.equal(stored.leaseOwner, null);
      assert.equal(stored.leaseExpiresAt, null);
      assert.equal((await readRun(store, mine === run ? other! : run!)).status, 'running');
      assert.deepEqual((await claim('worker-c', 10, new Date(NOW.getTime() + 5000))).length, 1);
    });

    test('release leaves a run that already has an outcome alone', async () => {
      const [run] = await insertRuns(store, item, [{}]);
      await claim('worker-a');
      await store.db.updateTable('runs').set({ status: 'succeeded' }).where('id', '=', run!).execute();
      assert.deepEqual(await queue.release([run!], 'worker-a', NOW), []);
      assert.equal((await readRun(store, run!)).status, 'succeeded');
    });

    test('the next wake-up is the earliest due time or foreign lease expiry, never our own lease', async () => {
      assert.equal(await queue.nextWakeAt('worker-a'), undefined);
      await insertRuns(store, item, [
        { dueAt: at(90_000) },
        { dueAt: at(60_000) },
        { status: 'waiting', dueAt: null },
        { status: 'succeeded', dueAt: at(1000) },
        { status: 'running', leaseOwner: 'worker-a', leaseExpiresAt: at(5000), attempts: 1 },
      ]);
      assert.equal((await queue.nextWakeAt('worker-a'))?.toISOString(), at(60_000));
      await insertRuns(store, item, [
        { status: 'running', leaseOwner: 'worker-b', leaseExpiresAt: at(20_000), attempts: 1 },
      ]);
      assert.equal((await queue.nextWakeAt('worker-a'))?.toISOString(), at(20_000));
      assert.equal((await queue.nextWakeAt('worker-b'))?.toISOString(), at(5000));
    });

    test('concurrent claimers never get the same run', async () => {
      const ids = await insertRuns(
        store,
        item,
        Array.from({ length: 300 }, (_, i) => ({ dueAt: at(-i * 1000) })),
      );
      const seen: string[] = [];
      const claimer = async (owner: string) => {
        for (;;) {
          const claimed = await claim(owner, 7);
          if (claimed.length === 0) return;
          seen.push(...claimed.map((run) => run.id));
        }
      };
      await Promise.all(['a', 'b', 'c', 'd', 'e', 'f'].map((name) => claimer(`worker-${name}`)));
      assert.equal(seen.length, ids.length, 'no run claimed twice');
      assert.deepEqual([...new Set(seen)].sort(), [...ids].sort());
    });

    test('a claimer skips runs another transaction has locked instead of waiting for them', {
      skip: !store.capabilities.supportsSkipLocked && 'row locks with SKIP LOCKED are PostgreSQL only',
    }, async () => {
      const [locked, free] = await insertRuns(store, item, [{ dueAt: at(-2000) }, { dueAt: at(-1000) }]);
      await store.db.transaction().execute(async (trx) => {
        await trx.selectFrom('runs').select('id').where('id', '=', locked!).forUpdate().execute();
        const claimed = await claim('worker-b');
        assert.deepEqual(
          claimed.map((run) => run.id),
          [free],
        );
      });
      assert.deepEqual(
        (await claim('worker-c')).map((run) => run.id),
        [locked],
      );
    });
  });
}
