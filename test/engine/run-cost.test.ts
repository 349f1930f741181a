import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { pino } from 'pino';
import { composeProcess } from '../../src/cli/compose.ts';
import { parseConfig } from '../../src/cli/config.ts';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { PhoneNumbers } from '../../src/domain/phone-numbers.ts';
import { uuidv7 } from '../../src/store/ids.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createRepositories } from '../../src/store/repositories/index.ts';
import { RunQueueStore } from '../../src/store/run-queue-store.ts';
import { createTestStore, DIALECTS, TEST_START } from '../support/harness.ts';

/** Counts the statements executing a run sends; `STATEMENTS=1` prints them. */
class StatementCounter implements KyselyPlugin {
  statements: string[] = [];
  counting = false;
  transformQuery: KyselyPlugin['transformQuery'] = (args) => {
    if (this.counting) this.statements.push(describeStatement(args.node));
    return args.node;
  };
  transformResult: KyselyPlugin['transformResult'] = async (args) => args.result;
}

/** A statement as "kind table", enough to see which rows a run reads and writes. */
function describeStatement(node: RootOperationNode): string {
  const named = (table: unknown): string => {
    const t = table as { table?: { identifier?: { name?: string } } } | undefined;
    return t?.table?.identifier?.name ?? '?';
  };
  switch (node.kind) {
    case 'SelectQueryNode':
      return `select ${node.from?.froms.map(named).join(',')}`;
    case 'InsertQueryNode':
      return `insert ${named(node.into)}`;
    case 'UpdateQueryNode':
      return `update ${named(node.table)}`;
    case 'DeleteQueryNode':
      return `delete ${node.from.froms.map(named).join(',')}`;
    default:
      return node.kind;
  }
}

/**
 * Statements per run: the measured count plus a margin of 2, so a regression shows here. Before
 * the run path stopped reading the same rows again they were 22 and 24 on SQLite (24 and 26 on
 * PostgreSQL, with two NOTIFYs); now 13 and 15 (15 and 17).
 */
const BOUNDS: Record<string, Record<string, number>> = {
  sqlite: { add_timeline_entry: 15, update_fields: 17 },
  // Two more: the NOTIFYs that wake the other processes once the run committed.
  postgres: { add_timeline_entry: 17, update_fields: 19 },
};

for (const dialect of DIALECTS) {
  describe(`the cost of executing a run (${dialect})`, () => {
    for (const [name, action] of [
      ['add_timeline_entry', { type: 'add_timeline_entry', params: { text: 'Note for {{ item.title }}' } }],
      ['update_fields', { type: 'update_fields', params: { set: { 'fields.note': 'set by a robot' } } }],
    ] as const) {
      test(`one ${name} run stays within its statement bound`, async () => {
        const { store, cleanup } = await createTestStore(dialect);
        try {
          await migrateToLatest(store);
          const clock = new ManualClock(TEST_START);
          const repos = createRepositories(store.db, uuidv7, new PhoneNumbers());
          const now = clock.now();
          const pipeline = await repos.pipelines.create(
            { name: 'Runs', entityType: 'deal', stages: [{ name: 'A' }, { name: 'B' }] },
            now,
          );
          const [, stage] = pipeline.stages;
          assert.ok(stage);
          // The run is caused by an event, as most are: a trigger moves the item into the robot's stage.
          await repos.rules.createTrigger(
            { name: 'move', pipelineId: pipeline.id, stageId: stage.id, eventType: 'chat.message' },
            now,
          );
          await repos.rules.createRobot(
            {
              name: name,
              pipelineId: pipeline.id,
              stageId: stage.id,
              timing: { kind: 'after', duration: 'PT1H' },
              condition: { all: [{ field: 'item.title', op: 'eq', value: 'Cost' }] },
              action,
            },
            now,
          );
          const counter = new StatementCounter();
          const automation = composeProcess({
            config: parseConfig({}),
            store: { ...store, db: store.db.withPlugin(counter) },
            clock: { fixed: clock },
            logger: pino({ level: 'silent' }),
          }).automation;
          const { engine } = automation;
          const item = await engine.createItem(
            { pipelineId: pipeline.id, title: 'Cost' },
            { type: 'system', id: null },
          );
          await engine.processPending();
          await engine.accept([
            {
              id: uuidv7(),
              type: 'chat.message',
              source: 'test',
              occurredAt: clock.now(),
              subject: { itemId: item.id },
              data: { text: 'hello' },
            },
          ]);
          await engine.processPending();
          await automation.wakeup.idle();
          clock.advance(3_600_000);
          const [claimed] = await new RunQueueStore(store).claim({
            owner: 'W',
            now: clock.now(),
            leaseMs: 30_000,
            limit: 1,
          });
          assert.ok(claimed);
          counter.counting = true;
          await engine.executeRun(claimed.id, new AbortController().signal, 'W');
          counter.counting = false;
          await automation.wakeup.idle();
          const run = await store.db
            .selectFrom('runs')
            .select('status')
            .where('id', '=', claimed.id)
            .executeTakeFirstOrThrow();
          assert.equal(run.status, 'succeeded');
          if (process.env['STATEMENTS'] === '1') {
            console.log(`${dialect} ${name}: ${counter.statements.length} statements`, counter.statements);
          }
          const bound = BOUNDS[dialect]?.[name] ?? 0;
          assert.ok(
            counter.statements.length <= bound,
            `${counter.statements.length} statements > ${bound}: ${counter.statements.join('; ')}`,
          );
        } finally {
          await cleanup();
        }
      });
    }
  });
}
