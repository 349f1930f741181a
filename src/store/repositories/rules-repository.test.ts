import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/harness.ts';
import { PhoneNumbers } from '../../domain/phone-numbers.ts';
import type { Pipeline } from '../../domain/pipeline.ts';
import { DEFAULT_RETRY } from '../../domain/rules.ts';
import { uuidv7 } from '../ids.ts';
import { migrateToLatest } from '../migrate.ts';
import { createRepositories, type Repositories } from './index.ts';

const now = new Date('2026-03-02T09:00:00.000Z');

const stageId = (pipeline: Pipeline, name: string): string => {
  const stage = pipeline.stages.find((s) => s.name === name);
  assert.ok(stage, `stage ${name}`);
  return stage.id;
};

for (const dialect of DIALECTS) {
  describe(`rules repository (${dialect})`, () => {
    let testStore: TestStore;
    let repos: Repositories;
    let sales: Pipeline;
    let leads: Pipeline;
    before(async () => {
      testStore = await createTestStore(dialect);
      await migrateToLatest(testStore.store);
      repos = createRepositories(testStore.store.db, uuidv7, new PhoneNumbers());
      sales = await repos.pipelines.create(
        {
          name: 'Sales',
          entityType: 'deal',
          stages: [{ name: 'New' }, { name: 'Proposal' }, { name: 'Won', semantics: 'won' }],
        },
        now,
      );
      leads = await repos.pipelines.create(
        { name: 'Leads', entityType: 'lead', stages: [{ name: 'New' }] },
        now,
      );
    });
    after(() => testStore.cleanup());

    test('triggersFor returns only the enabled triggers of the pipeline for the event type', async () => {
      const base = { name: 't', eventType: 'email.received', filter: null, condition: null };
      const wanted = await repos.rules.createTrigger(
        { ...base, pipelineId: sales.id, stageId: stageId(sales, 'Proposal') },
        now,
      );
      await repos.rules.createTrigger(
        { ...base, pipelineId: sales.id, stageId: stageId(sales, 'Proposal'), enabled: false },
        now,
      );
      await repos.rules.createTrigger(
        { ...base, pipelineId: sales.id, stageId: stageId(sales, 'Won'), eventType: 'payment.received' },
        now,
      );
      await repos.rules.createTrigger({ ...base, pipelineId: leads.id, stageId: stageId(leads, 'New') }, now);

      const found = await repos.rules.triggersFor(sales.id, 'email.received');
      assert.deepEqual(
        found.map((t) => t.id),
        [wanted.id],
      );
      assert.equal(found[0]?.allowBackward, false);
      assert.equal(found[0]?.filter, null);
      assert.deepEqual(await repos.rules.triggersFor(sales.id, 'call.missed'), []);
    });

    test('a trigger keeps its filter and condition as JSON, and null as no filter', async () => {
      const filter = { field: 'event.data.subject', op: 'contains', value: 'Proposal' };
      const created = await repos.rules.createTrigger(
        {
          name: 'Proposal sent',
          pipelineId: sales.id,
          stageId: stageId(sales, 'Proposal'),
          eventType: 'email.sent',
          filter,
          condition: null,
          allowBackward: true,
        },
        now,
      );
      assert.deepEqual(created.filter, filter);
      assert.equal(created.condition, null);
      assert.equal(created.allowBackward, true);
      const updated = await repos.rules.updateTrigger(created.id, { filter: null }, 1, now);
      assert.equal(updated.filter, null);
      assert.equal(updated.version, 2);
    });

    test('robotsOf returns the enabled robots of a stage by sort; new robots go after the last', async () => {
      const stage = stageId(sales, 'New');
      const action = { type: 'add_timeline_entry', params: { text: 'hello' } };
      const first = await repos.rules.createRobot(
        { name: 'a', pipelineId: sales.id, stageId: stage, action },
        now,
      );
      const second = await repos.rules.createRobot(
        { name: 'b', pipelineId: sales.id, stageId: stage, action },
        now,
      );
      const early = await repos.rules.createRobot(
        { name: 'c', pipelineId: sales.id, stageId: stage, action, sort: 1 },
        now,
      );
      await repos.rules.createRobot(
        { name: 'off', pipelineId: sales.id, stageId: stage, action, enabled: false },
        now,
      );
      assert.ok(second.sort > first.sort);
      assert.deepEqual(
        (await repos.rules.robotsOf(stage)).map((r) => r.id),
        [early.id, first.id, second.id],
      );
      assert.deepEqual(first.retry, DEFAULT_RETRY);
      assert.deepEqual(first.timing, { kind: 'immediately' });
      assert.equal(first.repeat, 'every-entry');
      assert.deepEqual((await repos.rules.findRobot(first.id))?.action, action);
      assert.equal(await repos.rules.findRobot('missing'), undefined);
    });

    test('a robot moved to another stage goes after that stage’s last robot', async () => {
      const action = { type: 'add_timeline_entry', params: { text: 'x' } };
      const target = stageId(sales, 'Won');
      const there = await repos.rules.createRobot(
        { name: 'w', pipelineId: sales.id, stageId: target, action },
        now,
      );
      const moving = await repos.rules.createRobot(
        { name: 'm', pipelineId: sales.id, stageId: stageId(sales, 'Proposal'), action, sort: 5000 },
        now,
      );
      const moved = await repos.rules.updateRobot(moving.id, { stageId: target }, undefined, now);
      assert.ok(moved.sort > there.sort);
    });

    test('guardsOf returns only the enabled guards of the stage', async () => {
      const won = stageId(sales, 'Won');
      const condition = { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount' };
      const on = await repos.rules.createGuard(
        { name: 'paid', pipelineId: sales.id, stageId: won, condition, message: 'Payment is not 100 %' },
        now,
      );
      await repos.rules.createGuard(
        { name: 'off', pipelineId: sales.id, stageId: won, condition, message: 'x', enabled: false },
        now,
      );
      const guards = await repos.rules.guardsOf(won);
      assert.deepEqual(
        guards.map((g) => g.id),
        [on.id],
      );
      assert.deepEqual(guards[0]?.condition, condition);
      assert.deepEqual(await repos.rules.guardsOf(stageId(sales, 'New')), []);
    });

    test('deleting a rule removes it; deleting again is not found', async () => {
      const guard = await repos.rules.createGuard(
        {
          name: 'g',
          pipelineId: leads.id,
          stageId: stageId(leads, 'New'),
          condition: { field: 'item.amount', op: 'gt', value: 0 },
          message: 'm',
        },
        now,
      );
      await repos.rules.deleteGuard(guard.id);
      assert.equal(await repos.rules.findGuard(guard.id), undefined);
      await assert.rejects(repos.rules.deleteGuard(guard.id), { code: 'guard_not_found' });
    });

    test('lists filter by pipeline, stage, event type, action type and enabled, page by page', async () => {
      const listed = await repos.rules.listTriggers(
        { pipelineId: sales.id, eventType: 'email.received' },
        {},
      );
      assert.equal(listed.data.length, 2);
      const enabledOnly = await repos.rules.listTriggers(
        { pipelineId: sales.id, eventType: 'email.received', enabled: true },
        {},
      );
      assert.equal(enabledOnly.data.length, 1);
      const firstPage = await repos.rules.listRobots({ actionType: 'add_timeline_entry' }, { limit: 2 });
      assert.equal(firstPage.data.length, 2);
      assert.ok(firstPage.nextCursor);
      const rest = await repos.rules.listRobots(
        { actionType: 'add_timeline_entry' },
        { cursor: firstPage.nextCursor },
      );
      assert.equal(rest.data.length, 4);
      assert.equal((await repos.rules.listRobots({ actionType: 'notify' }, {})).data.length, 0);
      assert.equal(
        (await repos.rules.listGuards({ stageId: stageId(sales, 'Won'), enabled: false }, {})).data.length,
        1,
      );
    });
  });
}
