import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

interface Listed {
  type: string;
  description: { en: string; ru: string };
}

for (const dialect of DIALECTS) {
  describe(`catalogue API (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    test('any signed-in role reads event types and actions with their schemas; no token is a 401', async () => {
      const answer = await t.request({ method: 'GET', url: '/api/v1/catalogue', as: 'viewer' });
      assert.equal(answer.status, 200);
      const eventTypes = answer.body.eventTypes as (Listed & { dataSchema: unknown; emittedBy: unknown[] })[];
      const task = eventTypes.find((event) => event.type === 'task.status_changed');
      assert.ok(task);
      assert.equal(task.description.ru, 'Задача сменила статус');
      assert.deepEqual(task.emittedBy, [
        {
          by: 'PATCH /api/v1/tasks/{id}',
          when: { en: "the status of an item's task changes", ru: 'сменился статус задачи карточки' },
        },
      ]);
      assert.deepEqual((task.dataSchema as { required: string[] }).required, ['taskId', 'status']);
      const actions = answer.body.actions as (Listed & { outsideEffects: boolean; examples: unknown[] })[];
      assert.deepEqual(
        actions.filter((action) => action.outsideEffects).map((action) => action.type),
        ['send_webhook', 'send_email', 'send_sms'],
      );
      assert.equal((await t.request({ method: 'GET', url: '/api/v1/catalogue', as: null })).status, 401);
    });

    test('answers the facts, the operators and Russian help text in the schemas, as the catalogue builds them', async () => {
      const answer = await t.request({ method: 'GET', url: '/api/v1/catalogue', as: 'viewer' });
      assert.equal(answer.status, 200);
      const facts = answer.body.facts as { path: string; kind: string; scope: string; money?: boolean }[];
      assert.deepEqual(
        facts.find((fact) => fact.path === 'item.paidAmount'),
        {
          path: 'item.paidAmount',
          kind: 'number',
          scope: 'item',
          money: true,
          description: {
            en: 'Sum of the payments received for the item',
            ru: 'Сумма поступивших по карточке оплат',
          },
        },
      );
      assert.equal(facts.find((fact) => fact.path === 'event.occurredAt')?.scope, 'event');
      const operators = answer.body.operators as {
        op: string;
        kinds: string[];
        value: string;
        percent: boolean;
      }[];
      assert.deepEqual(
        operators.filter((operator) => operator.percent).map((operator) => operator.op),
        ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'],
      );
      assert.deepEqual(operators.find((operator) => operator.op === 'startsWith')?.kinds, ['string', 'any']);
      const task = (
        answer.body.eventTypes as { type: string; dataSchema: { properties: Record<string, object> } }[]
      ).find((event) => event.type === 'task.status_changed');
      assert.ok(task);
      const status = task.dataSchema.properties['status'] as Record<string, string> | undefined;
      assert.equal(status?.['x-description-ru'], 'new, in_progress, completed, deferred или cancelled');
    });

    test("each action's first example, saved as a robot's action, is accepted as it is", async () => {
      const pipeline = (
        await t.request({
          method: 'POST',
          url: '/api/v1/pipelines',
          body: { name: 'Examples', entityType: 'deal', stages: [{ name: 'A' }, { name: 'B' }] },
        })
      ).body;
      const actions = (await t.request({ method: 'GET', url: '/api/v1/catalogue' })).body.actions as {
        type: string;
        examples: { params: Record<string, unknown> }[];
      }[];
      // Examples that name no record of this database (users, stages, pipelines by id).
      for (const type of ['notify', 'create_task', 'schedule_activity', 'add_timeline_entry', 'send_email']) {
        const params = actions.find((action) => action.type === type)?.examples[0]?.params;
        const created = await t.request({
          method: 'POST',
          url: '/api/v1/robots',
          body: { name: type, stageId: pipeline.stages[0].id, action: { type, params } },
        });
        assert.equal(created.status, 201, `${type}: ${JSON.stringify(created.body)}`);
      }
    });
  });
}
