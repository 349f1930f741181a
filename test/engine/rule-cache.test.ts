import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { EngineContext } from '../../src/automation/engine-context.ts';
import { processEvent } from '../../src/automation/event-processor.ts';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { PhoneNumbers } from '../../src/domain/phone-numbers.ts';
import { openPostgres, openSqlite } from '../../src/store/database.ts';
import { uuidv7 } from '../../src/store/ids.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createRepositories, type Repositories } from '../../src/store/repositories/index.ts';
import { databaseUrlOf } from '../fixtures/queue-runs.ts';
import { engineContextOf } from '../support/engine-context.ts';
import { createTestStore, DIALECTS, TEST_START } from '../support/harness.ts';

/** Two processes' handles on one database: each has its own pool and its own rule cache. */
async function twoProcesses(dialect: 'sqlite' | 'postgres') {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'stageflow-rule-cache-'));
    const first = openSqlite(join(dir, 'stageflow.db'));
    await migrateToLatest(first);
    const second = openSqlite(join(dir, 'stageflow.db'));
    return {
      first,
      second,
      cleanup: async () => {
        await second.close();
        await first.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const { store: first, cleanup } = await createTestStore(dialect);
  await migrateToLatest(first);
  const second = openPostgres(await databaseUrlOf(first));
  return {
    first,
    second,
    cleanup: async () => {
      await second.close();
      await cleanup();
    },
  };
}

for (const dialect of DIALECTS) {
  describe(`rules cached per process (${dialect})`, () => {
    test("another process's change to a trigger, a guard or a robot is used by the next event", async () => {
      const { first, second, cleanup } = await twoProcesses(dialect);
      try {
        const clock = new ManualClock(TEST_START);
        const now = clock.now();
        // This process edits the rules, as `serve` does for a person while a worker processes events.
        const editor = createRepositories(second.db, uuidv7, new PhoneNumbers());
        const pipeline = await editor.pipelines.create(
          {
            name: 'Sales',
            entityType: 'deal',
            stages: [{ name: 'New' }, { name: 'Proposal' }, { name: 'Contract' }],
          },
          now,
        );
        const [start, proposal, contract] = pipeline.stages;
        assert.ok(start && proposal && contract);
        const trigger = await editor.rules.createTrigger(
          { name: 'reply', pipelineId: pipeline.id, stageId: proposal.id, eventType: 'email.received' },
          now,
        );
        const engine = engineContextOf(first, clock);
        const stageAfterEvent = (repos: Repositories) => eventMovesTo(engine, repos, pipeline.id, start.id);

        assert.equal(await stageAfterEvent(editor), proposal.id);

        await editor.rules.updateTrigger(trigger.id, { stageId: contract.id }, undefined, now);
        assert.equal(await stageAfterEvent(editor), contract.id, 'the edited trigger moves');

        await editor.rules.createGuard(
          {
            name: 'needs an amount',
            pipelineId: pipeline.id,
            stageId: contract.id,
            condition: { field: 'item.amount', op: 'gt', value: 0 },
            message: 'No amount, no contract',
          },
          now,
        );
        assert.equal(await stageAfterEvent(editor), start.id, 'the new guard refuses');

        // Written by hand, past every repository: the database itself counts it as a change.
        await second.db.deleteFrom('guards').where('stageId', '=', contract.id).execute();
        assert.equal(await stageAfterEvent(editor), contract.id, 'the deleted guard refuses no more');

        await editor.rules.updateTrigger(trigger.id, { enabled: false }, undefined, now);
        assert.equal(await stageAfterEvent(editor), start.id, 'the disabled trigger moves nothing');

        // The first event found no robots in Proposal; one added there now is planned.
        await editor.rules.updateTrigger(trigger.id, { enabled: true, stageId: proposal.id }, undefined, now);
        const robot = await editor.rules.createRobot(
          {
            name: 'note',
            pipelineId: pipeline.id,
            stageId: proposal.id,
            action: { type: 'add_timeline_entry', params: { text: 'Proposal sent' } },
          },
          now,
        );
        assert.equal(await stageAfterEvent(editor), proposal.id);
        const planned = await second.db
          .selectFrom('runs')
          .select('id')
          .where('robotId', '=', robot.id)
          .execute();
        assert.equal(planned.length, 1, 'the new robot is planned');
      } finally {
        await cleanup();
      }
    });
  });
}

/** A new item in `startId`, an email about it processed by `engine`: the stage it ends in. */
async function eventMovesTo(
  engine: EngineContext,
  repos: Repositories,
  pipelineId: string,
  startId: string,
): Promise<string> {
  const now = engine.clock.now();
  const item = await repos.items.create({ pipelineId, stageId: startId, title: 'Deal' }, now);
  const id = uuidv7();
  await repos.events.insert(
    {
      id,
      type: 'email.received',
      source: 'test',
      occurredAt: now,
      subject: { itemId: item.id },
      data: {},
    },
    now,
  );
  const event = await repos.events.find(id);
  assert.ok(event);
  assert.equal(await engine.store.transaction((tx) => processEvent(engine, tx, event)), 'processed');
  return (await repos.items.getOrThrow(item.id)).stageId;
}
