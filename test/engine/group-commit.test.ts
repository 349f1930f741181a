import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { InsertQueryNode, type KyselyPlugin } from 'kysely';
import { findAction } from '../../src/automation/actions/registry.ts';
import { createEngine } from '../../src/automation/engine.ts';
import type { AcceptedEvent } from '../../src/automation/engine-api.ts';
import { DEFAULT_CASCADE_LIMITS } from '../../src/automation/engine-context.ts';
import { createGroupCommit } from '../../src/automation/group-commit.ts';
import type { EngineStore, EngineTx } from '../../src/automation/ports.ts';
import { createTemplateEngine } from '../../src/automation/templates/template-engine.ts';
import type { IncomingEvent } from '../../src/domain/events/event.ts';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { PhoneNumbers } from '../../src/domain/phone-numbers.ts';
import type { Store } from '../../src/store/database.ts';
import { createEngineStore } from '../../src/store/engine-store.ts';
import { uuidv7 } from '../../src/store/ids.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createTestStore, DIALECTS, TEST_START } from '../support/harness.ts';

/** Counts the statements that insert into `events`: one per multi-row insert. */
class EventInserts implements KyselyPlugin {
  count = 0;
  transformQuery: KyselyPlugin['transformQuery'] = (args) => {
    const node = args.node;
    if (InsertQueryNode.is(node) && node.into !== undefined && node.into.table.identifier.name === 'events') {
      this.count += 1;
    }
    return node;
  };
  transformResult: KyselyPlugin['transformResult'] = async (args) => args.result;
}

/**
 * The engine's store over a counting handle: transactions are counted, and `before` runs at the
 * start of each one (to hold it open or to fail it as the database would).
 */
function observedStore(store: Store, inserts: EventInserts) {
  const inner = createEngineStore(
    store.db.withPlugin(inserts),
    uuidv7,
    store.capabilities,
    new PhoneNumbers(),
  );
  const observed = {
    transactions: 0,
    before: async (_tx: EngineTx): Promise<void> => {},
    store: {
      transaction: (work) =>
        inner.transaction(async (tx) => {
          observed.transactions += 1;
          await observed.before(tx);
          return work(tx);
        }),
      direct: () => inner.direct(),
      grouped: (work) => inner.grouped(work),
      isTransient: inner.isTransient,
    } satisfies EngineStore,
  };
  return observed;
}

for (const dialect of DIALECTS) {
  describe(`group commit of accepted events (${dialect})`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let inserts: EventInserts;
    let observed: ReturnType<typeof observedStore>;
    let wakes: number;
    let accept: (events: readonly IncomingEvent[]) => Promise<AcceptedEvent[]>;
    const clock = new ManualClock(TEST_START);

    before(async () => {
      ({ store, cleanup } = await createTestStore(dialect));
      await migrateToLatest(store);
      inserts = new EventInserts();
      observed = observedStore(store, inserts);
      const engine = createEngine({
        store: observed.store,
        clock,
        ids: uuidv7,
        phones: new PhoneNumbers(),
        limits: DEFAULT_CASCADE_LIMITS,
        templates: createTemplateEngine({ clock }),
        findAction,
        wake: (what) => {
          if (what === 'events') wakes += 1;
        },
        random: Math.random,
      });
      accept = engine.accept;
    });
    after(() => cleanup());

    /** Counts from here on. */
    const reset = () => {
      inserts.count = 0;
      observed.transactions = 0;
      observed.before = async () => {};
      wakes = 0;
    };
    const event = (id: string): IncomingEvent => ({
      id,
      type: 'chat.message',
      source: 'test',
      occurredAt: clock.now(),
      subject: { itemId: 'none' },
      data: { text: id },
    });
    const stored = async (ids: readonly string[]) =>
      (
        await store.db
          .selectFrom('events')
          .select('id')
          .where('id', 'in', [...ids])
          .execute()
      ).map((row) => row.id);
    const acceptedOrder = async (prefix: string) =>
      (
        await store.db
          .selectFrom('events')
          .select('id')
          .where('id', 'like', `${prefix}%`)
          .orderBy('seq' as never)
          .execute()
      ).map((row) => row.id);

    test('50 accepts started in the same turn are answered each and share one commit', async () => {
      reset();
      const calls = Array.from({ length: 50 }, (_, i) =>
        accept(i % 5 === 0 ? [event(`same-${i}-a`), event(`same-${i}-b`)] : [event(`same-${i}`)]),
      );
      const answers = await Promise.all(calls);
      answers.forEach((answer, i) => {
        const ids = i % 5 === 0 ? [`same-${i}-a`, `same-${i}-b`] : [`same-${i}`];
        assert.deepEqual(
          answer,
          ids.map((id) => ({ id, status: 'accepted' })),
        );
      });
      assert.ok(observed.transactions <= 2, `${observed.transactions} transactions for 50 calls`);
      assert.ok(inserts.count <= 2, `${inserts.count} inserts into events for 50 calls`);
      assert.ok(wakes >= 1 && wakes <= 2, `${wakes} wake-ups`);
      assert.equal((await acceptedOrder('same-')).length, 60);
    });

    test('calls arriving while a commit is in flight wait for it, then commit together', async () => {
      reset();
      const held = Promise.withResolvers<void>();
      const started = Promise.withResolvers<void>();
      observed.before = async () => {
        // Only the first transaction is held open.
        observed.before = async () => {};
        started.resolve();
        await held.promise;
      };
      let firstAnswered = false;
      const first = accept([event('flight-0')]).then((answer) => {
        firstAnswered = true;
        return answer;
      });
      await started.promise;
      const later = Array.from({ length: 20 }, (_, i) => accept([event(`flight-${i + 1}`)]));
      // Several turns of the event loop pass while the first commit is held open.
      for (let turn = 0; turn < 5; turn += 1) await new Promise((resolve) => setImmediate(resolve));
      assert.equal(firstAnswered, false, 'answered before its commit');
      assert.equal(observed.transactions, 1, 'at most one accept transaction in flight');
      held.resolve();
      assert.deepEqual(await first, [{ id: 'flight-0', status: 'accepted' }]);
      for (const [i, answer] of (await Promise.all(later)).entries()) {
        assert.deepEqual(answer, [{ id: `flight-${i + 1}`, status: 'accepted' }]);
      }
      assert.equal(observed.transactions, 2, 'the 20 calls that waited share the second commit');
      assert.equal(inserts.count, 2);
      assert.equal(wakes, 2, 'one wake-up per committed group');
      assert.deepEqual(
        await acceptedOrder('flight-'),
        Array.from({ length: 21 }, (_, i) => `flight-${i}`),
        'stored in call order',
      );
    });

    test('the same id twice in one group: the first in call order is accepted, the rest duplicates', async () => {
      reset();
      const [a, b, c, d] = await Promise.all([
        accept([event('dup-x'), event('dup-y')]),
        accept([event('dup-x')]),
        accept([event('dup-y'), event('dup-z')]),
        accept([event('dup-w'), event('dup-w')]),
      ]);
      assert.deepEqual(a, [
        { id: 'dup-x', status: 'accepted' },
        { id: 'dup-y', status: 'accepted' },
      ]);
      assert.deepEqual(b, [{ id: 'dup-x', status: 'duplicate' }]);
      assert.deepEqual(c, [
        { id: 'dup-y', status: 'duplicate' },
        { id: 'dup-z', status: 'accepted' },
      ]);
      assert.deepEqual(d, [
        { id: 'dup-w', status: 'accepted' },
        { id: 'dup-w', status: 'duplicate' },
      ]);
      assert.equal(observed.transactions, 1);
      assert.deepEqual(await acceptedOrder('dup-'), ['dup-x', 'dup-y', 'dup-z', 'dup-w']);
    });

    test('an id stored by an earlier group is a duplicate; a group of duplicates wakes nobody', async () => {
      reset();
      assert.deepEqual(await accept([event('across-1')]), [{ id: 'across-1', status: 'accepted' }]);
      assert.equal(wakes, 1);
      const [again, mixed] = await Promise.all([
        accept([event('across-1')]),
        accept([event('across-1'), event('across-2')]),
      ]);
      assert.deepEqual(again, [{ id: 'across-1', status: 'duplicate' }]);
      assert.deepEqual(mixed, [
        { id: 'across-1', status: 'duplicate' },
        { id: 'across-2', status: 'accepted' },
      ]);
      assert.equal(wakes, 2);
      assert.deepEqual(await accept([event('across-2')]), [{ id: 'across-2', status: 'duplicate' }]);
      assert.equal(wakes, 2, 'nothing new was stored');
    });

    test('a request the database refuses fails alone; its neighbours are stored, its batch is not', async () => {
      reset();
      // No type: the database refuses the row (NOT NULL), a non-transient error.
      const refused = { ...event('bad-2'), type: null as unknown as string };
      const calls = [
        accept([event('bad-0')]),
        accept([event('bad-1a'), event('bad-1b')]),
        accept([event('bad-2-neighbour'), refused]),
        accept([event('bad-3'), event('bad-0')]),
      ];
      const settled = await Promise.allSettled(calls);
      assert.equal(settled[2]?.status, 'rejected', 'the refused request fails');
      assert.deepEqual(settled[0], { status: 'fulfilled', value: [{ id: 'bad-0', status: 'accepted' }] });
      assert.deepEqual(settled[1], {
        status: 'fulfilled',
        value: [
          { id: 'bad-1a', status: 'accepted' },
          { id: 'bad-1b', status: 'accepted' },
        ],
      });
      assert.deepEqual(settled[3], {
        status: 'fulfilled',
        value: [
          { id: 'bad-3', status: 'accepted' },
          { id: 'bad-0', status: 'duplicate' },
        ],
      });
      assert.deepEqual(
        (await stored(['bad-0', 'bad-1a', 'bad-1b', 'bad-2-neighbour', 'bad-2', 'bad-3'])).sort(),
        ['bad-0', 'bad-1a', 'bad-1b', 'bad-3'],
        'the refused request stored nothing of its batch',
      );
    });

    test("the database's passing trouble fails the whole group, and the next group is stored", async () => {
      reset();
      observed.before = async () => {
        observed.before = async () => {};
        throw Object.assign(new Error('could not serialize access'), { code: '40001' });
      };
      const settled = await Promise.allSettled([accept([event('busy-1')]), accept([event('busy-2')])]);
      for (const outcome of settled) {
        assert.equal(outcome.status, 'rejected');
        assert.equal((outcome as PromiseRejectedResult).reason.code, '40001');
      }
      assert.equal(observed.transactions, 1, 'not tried again caller by caller');
      assert.deepEqual(await stored(['busy-1', 'busy-2']), []);
      assert.deepEqual(await accept([event('busy-1')]), [{ id: 'busy-1', status: 'accepted' }]);
    });

    test('a batch past the parameter limits is inserted in several statements, in one commit', async () => {
      reset();
      const ids = Array.from({ length: 2500 }, (_, i) => `many-${String(i).padStart(4, '0')}`);
      const answer = await accept([...ids.map(event), event('many-0000')]);
      assert.equal(answer.filter((result) => result.status === 'accepted').length, 2500);
      assert.deepEqual(answer.at(-1), { id: 'many-0000', status: 'duplicate' });
      assert.equal(observed.transactions, 1);
      assert.ok(inserts.count > 1, 'chunked to stay under the parameter limits');
      assert.deepEqual(await acceptedOrder('many-'), ids);
    });

    test('a group holds at most its bound of events; a larger batch commits alone and whole', async () => {
      reset();
      const bounded = createGroupCommit({ store: observed.store, clock, committed: () => {}, maxEvents: 10 });
      const answers = await Promise.all([
        ...Array.from({ length: 25 }, (_, i) => bounded([event(`bound-${i}`)])),
        bounded(Array.from({ length: 12 }, (_, i) => event(`bound-big-${i}`))),
      ]);
      assert.ok(answers.flat().every((answer) => answer.status === 'accepted'));
      assert.equal(observed.transactions, 4, '10 + 10 + 5 events, then the batch of 12');
      assert.equal((await acceptedOrder('bound-')).length, 37);
    });
  });
}
