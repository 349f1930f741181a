import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findAction } from '../../src/automation/actions/registry.ts';
import { createEngine } from '../../src/automation/engine.ts';
import { DEFAULT_CASCADE_LIMITS } from '../../src/automation/engine-context.ts';
import type { EngineStore } from '../../src/automation/ports.ts';
import { createTemplateEngine } from '../../src/automation/templates/template-engine.ts';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { PhoneNumbers } from '../../src/domain/phone-numbers.ts';
import type { Store } from '../../src/store/database.ts';
import { createEngineStore } from '../../src/store/engine-store.ts';
import { uuidv7 } from '../../src/store/ids.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { buildTestApp, createTestStore, DIALECTS, eventually, TEST_START } from '../support/harness.ts';

class Crash extends Error {}

/**
 * An engine whose process "dies" at the end of processing: the per-item work has committed, but
 * neither markProcessed nor markFailed reaches the database (they throw, as a dead process would
 * never write them). The event is left exactly as a SIGKILL leaves it: claimed, `processing`.
 */
function crashingEngine(store: Store, clock: ManualClock, crashAt: 'resolve' | 'markProcessed') {
  const inner = createEngineStore(store.db, uuidv7, store.capabilities, new PhoneNumbers());
  const wrap = <T extends object>(tx: T): T => {
    const events = (tx as { events: Record<string, unknown> }).events;
    const items = (tx as { items: Record<string, unknown> }).items;
    const dead = () => Promise.reject(new Crash('process died'));
    return {
      ...tx,
      events: new Proxy(events, {
        get: (target, key) =>
          key === 'markFailed' || (crashAt === 'markProcessed' && key === 'markProcessed')
            ? dead
            : ((Reflect.get(target, key) as (...a: unknown[]) => unknown).bind?.(target) ??
              Reflect.get(target, key)),
      }),
      items: new Proxy(items, {
        get: (target, key) =>
          crashAt === 'resolve' && key === 'resolveSubject'
            ? dead
            : ((Reflect.get(target, key) as (...a: unknown[]) => unknown).bind?.(target) ??
              Reflect.get(target, key)),
      }),
    };
  };
  const wrapped: EngineStore = {
    transaction: (work) => inner.transaction((tx) => work(wrap(tx))),
    grouped: (work) => inner.grouped((tx) => work(wrap(tx))),
    direct: () => wrap(inner.direct()),
    isTransient: inner.isTransient,
  };
  return createEngine({
    store: wrapped,
    clock,
    ids: uuidv7,
    phones: new PhoneNumbers(),
    limits: DEFAULT_CASCADE_LIMITS,
    templates: createTemplateEngine({ clock }),
    findAction,
    wake: () => {},
    random: Math.random,
  });
}

for (const dialect of DIALECTS) {
  describe(`an event whose processor died (${dialect})`, () => {
    test('an event accepted and claimed just before a crash is processed when the server starts again', async () => {
      const { store, cleanup } = await createTestStore(dialect);
      await migrateToLatest(store);
      const clock = new ManualClock(TEST_START);
      try {
        const first = await buildTestApp(store, async () => {}, { clock });
        const created = await first.request({
          method: 'POST',
          url: '/api/v1/pipelines',
          body: { name: 'Crash', entityType: 'deal', stages: [{ name: 'New' }, { name: 'Replied' }] },
        });
        const [, replied] = created.body.stages;
        await first.request({
          method: 'POST',
          url: '/api/v1/triggers',
          body: { name: 'reply', stageId: replied.id, eventType: 'chat.message' },
        });
        const item = await first.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId: created.body.id, title: 'Deal' },
        });
        // The API accepts the event (durable), starts processing it, and the process dies.
        const dying = crashingEngine(store, clock, 'resolve');
        const answer = await dying.accept([
          {
            id: 'evt-crash-1',
            type: 'chat.message',
            source: 'test',
            occurredAt: clock.now(),
            subject: { itemId: item.body.id },
            data: { text: 'hello' },
          },
        ]);
        assert.equal(answer[0]?.status, 'accepted');
        await dying.processPending();
        await first.close();

        // Restart a few seconds later (a supervisor restarts the process at once).
        clock.advance(5_000);
        const second = await buildTestApp(store, async () => {}, { clock });
        const statusOf = async () =>
          (
            await store.db
              .selectFrom('events')
              .select(['status'])
              .where('id', '=', 'evt-crash-1')
              .executeTakeFirstOrThrow()
          ).status;
        assert.equal(await statusOf(), 'pending', 'the crash left the event unprocessed');
        let row: { status: string };
        let stage: string;
        try {
          await second.automation.start({ retention: false });
          // The runner takes it up in the background, without any new request.
          await eventually('the event to be processed', async () => (await statusOf()) !== 'pending');
          row = { status: await statusOf() };
          stage = (await second.request({ method: 'GET', url: `/api/v1/items/${item.body.id}` })).body
            .stageId;
        } finally {
          // A started runner left running would keep the test process alive.
          await second.close();
        }
        assert.deepEqual(
          [row.status, stage === replied.id],
          ['processed', true],
          'the accepted event was processed at start',
        );
      } finally {
        await cleanup();
      }
    });

    test('re-processing an event whose processor died after its work committed records a payment once', async () => {
      const { store, cleanup } = await createTestStore(dialect);
      await migrateToLatest(store);
      const clock = new ManualClock(TEST_START);
      try {
        const first = await buildTestApp(store, async () => {}, { clock });
        const created = await first.request({
          method: 'POST',
          url: '/api/v1/pipelines',
          body: { name: 'Pay', entityType: 'deal', stages: [{ name: 'New' }] },
        });
        const item = await first.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId: created.body.id, title: 'Deal', amount: '100.00', currency: 'USD' },
        });
        await first.close();
        const dying = crashingEngine(store, clock, 'markProcessed');
        await dying.accept([
          {
            id: 'evt-pay-1',
            type: 'payment.received',
            source: 'accounting',
            occurredAt: clock.now(),
            subject: { itemId: item.body.id },
            data: { amount: '40.00', currency: 'USD' },
          },
        ]);
        await dying.processPending();
        // Back after more than a minute: the stale claim is taken over.
        clock.advance(120_000);
        const second = await buildTestApp(store, async () => {}, { clock });
        let after: { paidAmount: string };
        try {
          await second.automation.start({ retention: false });
          await eventually('the event to be processed again', async () => {
            const row = await store.db
              .selectFrom('events')
              .select('status')
              .where('id', '=', 'evt-pay-1')
              .executeTakeFirstOrThrow();
            return row.status !== 'pending';
          });
          after = (await second.request({ method: 'GET', url: `/api/v1/items/${item.body.id}` })).body;
        } finally {
          await second.close();
        }
        assert.equal(after.paidAmount, '40.00', 'one payment of 40.00 was received');
      } finally {
        await cleanup();
      }
    });
  });
}
