import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';
import type { RunStatus } from '../../domain/run.ts';
import { JournalRepository } from '../../store/repositories/journal-repository.ts';

for (const dialect of DIALECTS) {
  describe(`rule record and alerts API (${dialect})`, () => {
    let t: TestApp;
    let pipelineId: string;
    let stageId: string;
    let itemId: string;
    const rules: Record<string, string> = {};

    const post = async (url: string, body: unknown) => {
      const response = await t.request({ method: 'POST', url, body });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body.id as string;
    };
    /** A finished run of the robot, finished now by the test clock. */
    async function finishedRun(robot: string, status: RunStatus) {
      const now = t.clock.now().toISOString();
      await t.context.store.db
        .insertInto('runs')
        .values({
          id: t.context.ids(),
          robotId: rules[robot] as string,
          itemId,
          pipelineId,
          stageId,
          stageEntryId: 'entry',
          actionType: 'add_timeline_entry',
          status,
          plannedAt: now,
          dueAt: now,
          startedAt: now,
          finishedAt: now,
          attempts: 1,
          maxAttempts: 1,
          leaseOwner: null,
          leaseExpiresAt: null,
          reason: null,
          error: null,
          result: null,
          previousRunId: null,
          rootEventId: null,
          causeEventId: null,
          depth: 0,
          createdAt: now,
          updatedAt: now,
        })
        .execute();
    }
    async function triggerVerdict(trigger: string, matched: boolean) {
      await new JournalRepository(t.context.store.db, t.context.ids).add(
        {
          kind: matched ? 'trigger_matched' : 'trigger_not_matched',
          itemId,
          triggerId: rules[trigger] as string,
          stageId,
          message: 'verdict',
        },
        t.clock.now(),
      );
    }
    const times = async (count: number, write: () => Promise<void>) => {
      for (let i = 0; i < count; i += 1) await write();
    };
    const record = async () => {
      const response = await t.request({
        method: 'GET',
        url: `/api/v1/rules/record?pipelineId=${pipelineId}`,
        as: 'viewer',
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body;
    };
    const recordOf = (body: { data: { ruleId: string }[] }, rule: string) =>
      body.data.find((r) => r.ruleId === rules[rule]);
    const alerts = async () => {
      const response = await t.request({ method: 'GET', url: '/api/v1/stats/rule-alerts', as: 'viewer' });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return (response.body.data as { ruleId: string; alert: string }[]).map((a) => [
        Object.keys(rules).find((name) => rules[name] === a.ruleId),
        a.alert,
      ]);
    };

    before(async () => {
      t = await createTestApp(dialect);
      const pipeline = await t.request({
        method: 'POST',
        url: '/api/v1/pipelines',
        body: { name: 'Deals', entityType: 'deal', stages: [{ name: 'New' }, { name: 'Next' }] },
      });
      pipelineId = pipeline.body.id;
      stageId = pipeline.body.stages[1].id;
      itemId = await post('/api/v1/items', {
        pipelineId,
        stageId: pipeline.body.stages[0].id,
        title: 'Deal',
      });
      const trigger = (name: string) =>
        post('/api/v1/triggers', { name, stageId, eventType: 'email.received' });
      const robot = (name: string) =>
        post('/api/v1/robots', {
          name,
          stageId,
          action: { type: 'add_timeline_entry', params: { text: 'x' } },
        });
      rules['quietTrigger'] = await trigger('Reply');
      rules['steadyTrigger'] = await trigger('Call');
      rules['failingRobot'] = await robot('Webhook');
      rules['steadyRobot'] = await robot('Note');
      rules['idleRobot'] = await robot('Idle');
    });
    after(() => t.close());

    test('the record counts each rule by outcome over the last 30 days, old ones dropping out', async () => {
      await times(2, () => triggerVerdict('steadyTrigger', true));
      await triggerVerdict('steadyTrigger', false);
      await times(2, () => finishedRun('steadyRobot', 'succeeded'));
      await finishedRun('steadyRobot', 'failed');
      await finishedRun('steadyRobot', 'skipped');
      await finishedRun('steadyRobot', 'cancelled');
      const firstAt = t.clock.now().toISOString();
      await t.advance('P20D');
      await finishedRun('steadyRobot', 'succeeded');
      await triggerVerdict('steadyTrigger', true);
      const lastAt = t.clock.now().toISOString();

      const body = await record();
      assert.equal(body.to, lastAt);
      assert.equal(body.data.length, 5, 'every rule of the pipeline, those that did nothing too');
      assert.deepEqual(recordOf(body, 'steadyTrigger'), {
        kind: 'trigger',
        ruleId: rules['steadyTrigger'],
        fired: 3,
        notMatched: 1,
        skipped: 0,
        failed: 0,
        cancelled: 0,
        lastFiredAt: lastAt,
      });
      assert.deepEqual(recordOf(body, 'steadyRobot'), {
        kind: 'robot',
        ruleId: rules['steadyRobot'],
        fired: 4,
        notMatched: 0,
        skipped: 1,
        failed: 1,
        cancelled: 1,
        lastFiredAt: lastAt,
      });
      assert.equal(recordOf(body, 'idleRobot')?.['fired' as never], 0);

      // Past 30 days after the first outcomes, only the later ones count; the last firing stays.
      await t.advance('P11D');
      const later = await record();
      assert.ok(later.from > firstAt);
      const trigger = recordOf(later, 'steadyTrigger') as unknown as Record<string, unknown>;
      assert.equal(trigger['fired'], 1);
      assert.equal(trigger['notMatched'], 0);
      assert.equal(trigger['lastFiredAt'], lastAt);
      const robot = recordOf(later, 'steadyRobot') as unknown as Record<string, unknown>;
      assert.deepEqual([robot['fired'], robot['failed'], robot['skipped'], robot['cancelled']], [1, 0, 0, 0]);
    });

    test("a robot's runs page lists its runs newest first, filtered by status", async () => {
      const response = await t.request({
        method: 'GET',
        url: `/api/v1/robots/${rules['steadyRobot']}/runs?status=succeeded&limit=2`,
        as: 'viewer',
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const runs = response.body.data as { id: string; status: string; robotName: string }[];
      assert.equal(runs.length, 2);
      assert.ok(runs.every((run) => run.status === 'succeeded' && run.robotName === 'Note'));
      assert.ok((runs[0] as { id: string }).id > (runs[1] as { id: string }).id, 'newest first');
      const next = await t.request({
        method: 'GET',
        url: `/api/v1/robots/${rules['steadyRobot']}/runs?status=succeeded&cursor=${response.body.nextCursor}`,
      });
      assert.equal(next.body.data.length, 1);
      assert.equal(next.body.nextCursor, null);
    });

    test('alerts name a rule gone quiet and a robot whose failures rose, and not a steady rule', async () => {
      // Weeks ago: the quiet trigger fires often, the failing robot fails once, the steady ones work.
      await t.advance('P20D');
      await times(4, () => triggerVerdict('quietTrigger', true));
      await times(3, () => triggerVerdict('steadyTrigger', true));
      await times(3, () => finishedRun('steadyRobot', 'succeeded'));
      await t.advance('P8D');
      // The 7 days before the last 7: one failure.
      await finishedRun('failingRobot', 'failed');
      await finishedRun('steadyRobot', 'failed');
      await t.advance('P7D');
      // The last 7 days: the quiet trigger is silent, the failing robot fails three times.
      await times(3, () => finishedRun('failingRobot', 'failed'));
      await triggerVerdict('steadyTrigger', true);
      await finishedRun('steadyRobot', 'succeeded');
      await finishedRun('steadyRobot', 'failed');
      await t.advance('PT1H');
      assert.deepEqual(await alerts(), [
        ['failingRobot', 'failing'],
        ['quietTrigger', 'quiet'],
      ]);

      // A disabled rule raises no alert.
      const current = await t.request({ method: 'GET', url: `/api/v1/triggers/${rules['quietTrigger']}` });
      await t.request({
        method: 'PATCH',
        url: `/api/v1/triggers/${rules['quietTrigger']}`,
        body: { enabled: false, version: current.body.version },
      });
      assert.deepEqual(await alerts(), [['failingRobot', 'failing']]);
    });

    test('the record of an unknown pipeline is 404', async () => {
      const response = await t.request({
        method: 'GET',
        url: '/api/v1/rules/record?pipelineId=01900000-0000-7000-8000-000000000000',
      });
      assert.equal(response.status, 404);
    });
  });
}
