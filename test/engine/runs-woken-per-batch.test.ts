import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findAction } from '../../src/automation/actions/registry.ts';
import { createEngine } from '../../src/automation/engine.ts';
import { DEFAULT_CASCADE_LIMITS } from '../../src/automation/engine-context.ts';
import type { EngineStore, EngineTx } from '../../src/automation/ports.ts';
import { createTemplateEngine } from '../../src/automation/templates/template-engine.ts';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { PhoneNumbers } from '../../src/domain/phone-numbers.ts';
import { createEngineStore } from '../../src/store/engine-store.ts';
import { uuidv7 } from '../../src/store/ids.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createRepositories } from '../../src/store/repositories/index.ts';
import { createTestStore, DIALECTS, TEST_START } from '../support/harness.ts';

for (const dialect of DIALECTS) {
  describe(`waking the runners while a backlog is processed (${dialect})`, () => {
    test('the runs a batch planned are announced after that batch, not after the whole backlog', async () => {
      const { store, cleanup } = await createTestStore(dialect);
      try {
        await migrateToLatest(store);
        const clock = new ManualClock(TEST_START);
        const repos = createRepositories(store.db, uuidv7, new PhoneNumbers());
        const now = clock.now();
        const pipeline = await repos.pipelines.create(
          { name: 'Deals', entityType: 'deal', stages: [{ name: 'New' }, { name: 'Answered' }] },
          now,
        );
        const [first, answered] = pipeline.stages;
        assert.ok(first && answered);
        await repos.rules.createTrigger(
          { name: 'answered', pipelineId: pipeline.id, stageId: answered.id, eventType: 'chat.message' },
          now,
        );
        await repos.rules.createRobot(
          {
            name: 'note',
            pipelineId: pipeline.id,
            stageId: answered.id,
            action: { type: 'add_timeline_entry', params: { text: 'Answered' } },
          },
          now,
        );
        // What happened, in order: each event's claim and each wake-up of the runners.
        const log: string[] = [];
        const inner = createEngineStore(store.db, uuidv7, store.capabilities, new PhoneNumbers());
        const watched = (tx: EngineTx): EngineTx => ({
          ...tx,
          events: new Proxy(tx.events, {
            get: (target, key) => {
              if (key === 'claim') {
                return (id: string, at: Date) => {
                  log.push(`claim ${id}`);
                  return target.claim(id, at);
                };
              }
              const value = Reflect.get(target, key);
              return typeof value === 'function' ? value.bind(target) : value;
            },
          }),
        });
        const engineStore: EngineStore = {
          transaction: (work) => inner.transaction((tx) => work(watched(tx))),
          grouped: (work) => inner.grouped((tx) => work(watched(tx))),
          direct: () => watched(inner.direct()),
          isTransient: inner.isTransient,
        };
        const engine = createEngine(
          {
            store: engineStore,
            clock,
            ids: uuidv7,
            phones: new PhoneNumbers(),
            limits: DEFAULT_CASCADE_LIMITS,
            templates: createTemplateEngine({ clock }),
            findAction,
            wake: (what) => {
              if (what === 'runs') log.push('wake runs');
            },
            random: () => 0.5,
          },
          { batchSize: 1 },
        );
        const author = { type: 'system', id: null } as const;
        const items = [
          await engine.createItem({ pipelineId: pipeline.id, title: 'A' }, author),
          await engine.createItem({ pipelineId: pipeline.id, title: 'B' }, author),
        ];
        await engine.processPending();
        log.length = 0;
        const ids = ['answer-a', 'answer-b'];
        await engine.accept(
          items.map((item, index) => ({
            id: ids[index] as string,
            type: 'chat.message',
            source: 'test',
            occurredAt: now,
            subject: { itemId: item.id },
            data: {},
          })),
        );
        await engine.processPending();
        const firstWake = log.indexOf('wake runs');
        assert.ok(firstWake >= 0, `the runners were woken: ${log.join(', ')}`);
        assert.ok(
          firstWake < log.indexOf('claim answer-b'),
          `the run of A's move was announced before B was processed: ${log.join(', ')}`,
        );
        const planned = await store.db.selectFrom('runs').select('status').execute();
        assert.equal(planned.length, 2, 'each move planned its run');
      } finally {
        await cleanup();
      }
    });
  });
}
