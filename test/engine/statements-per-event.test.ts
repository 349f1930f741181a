import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { processEvent } from '../../src/automation/event-processor.ts';
import { executeRun } from '../../src/automation/run-executor.ts';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { PhoneNumbers } from '../../src/domain/phone-numbers.ts';
import { uuidv7 } from '../../src/store/ids.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createRepositories } from '../../src/store/repositories/index.ts';
import { RunQueueStore } from '../../src/store/run-queue-store.ts';
import { engineContextOf } from '../support/engine-context.ts';
import { createTestStore, DIALECTS, TEST_START } from '../support/harness.ts';

/**
 * Counts the statements the engine sends, by kind, one per result (a subquery passes through
 * transformQuery too, but is part of its statement). Kysely sends BEGIN/COMMIT outside its
 * plugins, so transactions are counted apart, by wrapping the engine store's transaction calls.
 */
class StatementCounter implements KyselyPlugin {
  reads = 0;
  writes = 0;
  /** BEGIN and COMMIT, two statements each, sent by Kysely outside the plugins. */
  transactions = 0;
  readonly shapes = new Map<string, number>();
  /** What each query is, until its result arrives: a subquery is transformed but never sent alone. */
  readonly #queries = new Map<string, string>();
  transformQuery: KyselyPlugin['transformQuery'] = (args) => {
    this.#queries.set(args.queryId.queryId, describeNode(args.node));
    return args.node;
  };
  transformResult: KyselyPlugin['transformResult'] = async (args) => {
    const key = this.#queries.get(args.queryId.queryId) ?? 'unknown';
    this.#queries.delete(args.queryId.queryId);
    if (key.startsWith('select') || key === 'raw') this.reads += 1;
    else this.writes += 1;
    this.shapes.set(key, (this.shapes.get(key) ?? 0) + 1);
    return args.result;
  };
  reset(): void {
    this.reads = 0;
    this.writes = 0;
    this.transactions = 0;
    this.shapes.clear();
  }
  summary() {
    const { reads, writes, transactions, total } = this;
    return { reads, writes, transactions, total };
  }
  get total(): number {
    return this.reads + this.writes + 2 * this.transactions;
  }
}

function describeNode(node: RootOperationNode): string {
  const table = (value: unknown): string => {
    const text = JSON.stringify(value);
    const match = /"identifier":\{"kind":"IdentifierNode","name":"([a-zA-Z_]+)"/.exec(text ?? '');
    return match?.[1] ?? '?';
  };
  if (node.kind === 'SelectQueryNode') return `select ${table(node.from)}`;
  if (node.kind === 'InsertQueryNode') return `insert ${table(node.into)}`;
  if (node.kind === 'UpdateQueryNode') return `update ${table(node.table)}`;
  if (node.kind === 'DeleteQueryNode') return `delete ${table(node.from)}`;
  return 'raw';
}

/**
 * The work of the S3 shape, in statements: an event whose trigger moves the item into a stage with
 * one robot that runs at once; then the execution of that planned run. Bounds, not timings: a
 * change that adds statements to the hot path fails here.
 */
// Measured: 15 and 12 on both databases with the rules cached (41 and 24 before the rule cache,
// the per-transaction reads and the batched journal); the bound leaves a margin of two.
const BOUNDS = {
  sqlite: { event: 17, run: 14 },
  postgres: { event: 17, run: 14 },
} as const;

for (const dialect of DIALECTS) {
  describe(`statements per event (${dialect})`, () => {
    test('a matching event and its robot run stay within their statement budget', async () => {
      const { store, cleanup } = await createTestStore(dialect);
      try {
        await migrateToLatest(store);
        const clock = new ManualClock(TEST_START);
        const repos = createRepositories(store.db, uuidv7, new PhoneNumbers());
        const now = clock.now();
        const pipeline = await repos.pipelines.create(
          { name: 'Sales', entityType: 'deal', stages: [{ name: 'New' }, { name: 'Proposal' }] },
          now,
        );
        const [, proposal] = pipeline.stages;
        assert.ok(proposal);
        await repos.rules.createTrigger(
          { name: 'reply', pipelineId: pipeline.id, stageId: proposal.id, eventType: 'email.received' },
          now,
        );
        const robot = await repos.rules.createRobot(
          {
            name: 'note',
            pipelineId: pipeline.id,
            stageId: proposal.id,
            action: { type: 'add_timeline_entry', params: { text: 'Proposal for {{ item.title }}' } },
            timing: { kind: 'immediately' },
          },
          now,
        );
        const counter = new StatementCounter();
        const context = engineContextOf({ ...store, db: store.db.withPlugin(counter) }, clock, (inner) => ({
          ...inner,
          transaction: (work) => {
            counter.transactions += 1;
            return inner.transaction(work);
          },
        }));
        /** One S3 event for a new item, then its robot's run: the statements of each. */
        const s3 = async (title: string) => {
          const item = await repos.items.create(
            { pipelineId: pipeline.id, stageId: pipeline.stages[0]?.id ?? '', title },
            now,
          );
          const eventId = uuidv7();
          await repos.events.insert(
            {
              id: eventId,
              type: 'email.received',
              source: 'test',
              occurredAt: now,
              subject: { itemId: item.id },
              data: { from: 'client@example.com', subject: 'Re: proposal' },
            },
            now,
          );
          const stored = await repos.events.find(eventId);
          assert.ok(stored);
          counter.reset();
          assert.equal(
            await context.store.transaction((tx) => processEvent(context, tx, stored)),
            'processed',
          );
          const event = { ...counter.summary(), shapes: Object.fromEntries(counter.shapes) };

          const moved = await repos.items.getOrThrow(item.id);
          assert.equal(moved.stageId, proposal.id);
          const run = (await context.store.direct().runs.notStartedOfEntry(item.id, moved.stageEntryId)).find(
            (planned) => planned.robotId === robot.id,
          );
          assert.ok(run);
          // Claimed as the worker would (the claim is the queue's cost, not the run's).
          const claimed = await new RunQueueStore(store).claim({
            owner: 'worker-1',
            now: clock.now(),
            leaseMs: 60_000,
            limit: 10,
          });
          assert.deepEqual(
            claimed.map((row) => row.id),
            [run.id],
          );
          counter.reset();
          await executeRun(context, run.id, new AbortController().signal, 'worker-1');
          const runCost = { ...counter.summary(), shapes: Object.fromEntries(counter.shapes) };
          assert.equal((await context.store.direct().runs.find(run.id))?.status, 'succeeded');
          const timeline = await repos.timeline.listForItem(item.id, {});
          assert.ok(timeline.data.some((entry) => entry.text === `Proposal for ${title}`));
          return { event, run: runCost };
        };
        // The first event reads the rules into the process's cache; the second is the steady state.
        const cold = await s3('First deal');
        const { event, run: runCost } = await s3('Second deal');

        if (process.env['STATEMENTS_VERBOSE'] !== undefined) {
          console.log(dialect, JSON.stringify({ cold, warm: { event, run: runCost } }, null, 1));
        }
        assert.ok(
          event.total <= BOUNDS[dialect].event,
          `processing the event took ${event.total} statements (bound ${BOUNDS[dialect].event})`,
        );
        assert.ok(
          runCost.total <= BOUNDS[dialect].run,
          `executing the run took ${runCost.total} statements (bound ${BOUNDS[dialect].run})`,
        );
      } finally {
        await cleanup();
      }
    });
  });
}
