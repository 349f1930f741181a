import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KyselyPlugin } from 'kysely';
import { pino } from 'pino';
import { composeProcess } from '../../src/cli/compose.ts';
import { parseConfig } from '../../src/cli/config.ts';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { PhoneNumbers } from '../../src/domain/phone-numbers.ts';
import { uuidv7 } from '../../src/store/ids.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createRepositories } from '../../src/store/repositories/index.ts';
import { createTestStore, DIALECTS, TEST_START } from '../support/harness.ts';

/** Counts the statements the engine sends and the rows it reads: the work of one event. */
class StatementCounter implements KyselyPlugin {
  statements = 0;
  rows = 0;
  transformQuery: KyselyPlugin['transformQuery'] = (args) => {
    this.statements += 1;
    return args.node;
  };
  transformResult: KyselyPlugin['transformResult'] = async (args) => {
    this.rows += args.result.rows.length;
    return args.result;
  };
}

for (const dialect of DIALECTS) {
  describe(`trigger matching cost (${dialect})`, () => {
    test('an event costs the same with 10 and with 10,000 triggers in other pipelines', async () => {
      const { store, cleanup } = await createTestStore(dialect);
      try {
        await migrateToLatest(store);
        const clock = new ManualClock(TEST_START);
        const repos = createRepositories(store.db, uuidv7, new PhoneNumbers());
        const now = clock.now();
        const mine = await repos.pipelines.create(
          { name: 'Mine', entityType: 'deal', stages: [{ name: 'A' }, { name: 'B' }] },
          now,
        );
        const other = await repos.pipelines.create(
          { name: 'Other', entityType: 'deal', stages: [{ name: 'X' }, { name: 'Y' }] },
          now,
        );
        const [, target] = mine.stages;
        const [, elsewhere] = other.stages;
        assert.ok(target && elsewhere);
        await repos.rules.createTrigger(
          { name: 'mine', pipelineId: mine.id, stageId: target.id, eventType: 'chat.message' },
          now,
        );
        const addTriggers = async (count: number) => {
          for (let start = 0; start < count; start += 500) {
            const rows = Array.from({ length: Math.min(500, count - start) }, (_, i) => ({
              id: uuidv7(),
              name: `other ${start + i}`,
              pipelineId: other.id,
              stageId: elsewhere.id,
              eventType: 'chat.message',
              filter: null,
              condition: null,
              allowBackward: false,
              enabled: true,
              createdAt: now.toISOString(),
              updatedAt: now.toISOString(),
              version: 1,
            }));
            await store.db.insertInto('triggers').values(rows).execute();
          }
        };
        const counter = new StatementCounter();
        const automation = composeProcess({
          config: parseConfig({}),
          store: { ...store, db: store.db.withPlugin(counter) },
          clock: { fixed: clock },
          logger: pino({ level: 'silent' }),
        }).automation;
        const { engine } = automation;
        const costOfOneEvent = async () => {
          const item = await engine.createItem(
            { pipelineId: mine.id, title: 'Cost' },
            { type: 'system', id: null },
          );
          // Its item.created is not the event being measured.
          await engine.processPending();
          // Wake-ups broadcast (NOTIFY) in the background: let them finish outside the count.
          await automation.wakeup.idle();
          counter.statements = 0;
          counter.rows = 0;
          await engine.accept([
            {
              id: uuidv7(),
              type: 'chat.message',
              source: 'test',
              occurredAt: clock.now(),
              subject: { itemId: item.id },
              data: {},
            },
          ]);
          await engine.processPending();
          await automation.wakeup.idle();
          const moved = await repos.items.getOrThrow(item.id);
          assert.equal(moved.stageId, target.id);
          return { statements: counter.statements, rows: counter.rows };
        };
        await addTriggers(10);
        const withTen = await costOfOneEvent();
        await addTriggers(9_990);
        const withTenThousand = await costOfOneEvent();
        // Neither more statements nor more rows read: the other pipeline's triggers are never seen.
        assert.deepEqual(withTenThousand, withTen);
      } finally {
        await cleanup();
      }
    });
  });
}
