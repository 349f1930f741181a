import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

interface PipelineBody {
  id: string;
  stages: { id: string; name: string }[];
}

const rest = { field: 'item.amount', minus: 'item.paidAmount', op: 'lte', value: 1000 };
const seventyPercent = { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount', percent: 70 };

for (const dialect of DIALECTS) {
  describe(`conditions with arithmetic (${dialect})`, () => {
    let t: TestApp;
    let pipelineId: string;
    const stages: Record<string, string> = {};
    before(async () => {
      t = await createTestApp(dialect);
      const pipeline = (
        await t.request({
          method: 'POST',
          url: '/api/v1/pipelines',
          body: {
            name: 'Sales',
            entityType: 'deal',
            stages: [{ name: 'Invoice' }, { name: 'Shipping' }, { name: 'Assembly' }],
          },
        })
      ).body as PipelineBody;
      pipelineId = pipeline.id;
      for (const stage of pipeline.stages) stages[stage.name] = stage.id;
    });
    after(() => t.close());

    const newDeal = async (amount: string) =>
      (
        await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId, title: 'Deal', amount, currency: 'EUR' },
        })
      ).body as { id: string };
    const pay = (itemId: string, amount: string) =>
      t.request({ method: 'POST', url: '/api/v1/payments', body: { itemId, amount } });
    const move = (itemId: string, stage: string) =>
      t.request({ method: 'POST', url: `/api/v1/items/${itemId}/move`, body: { stageId: stages[stage] } });
    const journal = async (itemId: string, kind: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/items/${itemId}/journal?limit=200&kind=${kind}` })).body
        .data as { data: Record<string, unknown>; robotName: string | null }[];

    test('a guard "amount − paid sum ≤ 1000" refuses a move until a payment brings the rest under it', async () => {
      const saved = await t.request({
        method: 'POST',
        url: '/api/v1/guards',
        body: {
          name: 'Rest at most 1000',
          stageId: stages['Shipping'],
          condition: rest,
          message: 'Too much unpaid',
        },
      });
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      assert.deepEqual(saved.body.condition, rest);

      const deal = await newDeal('5000.00');
      assert.equal((await pay(deal.id, '3999.99')).status, 201);
      const refused = await move(deal.id, 'Shipping');
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      assert.equal(refused.body.code, 'guard_refused');
      assert.match(JSON.stringify(refused.body), /Too much unpaid/);
      const [refusal] = await journal(deal.id, 'move_refused');
      assert.deepEqual(refusal?.data['compared'], {
        field: 'item.amount',
        op: 'lte',
        minus: 'item.paidAmount',
        operand: 3999.99,
        expected: 1000,
        actual: 5000,
      });

      assert.equal((await pay(deal.id, '0.01')).status, 201);
      const moved = await move(deal.id, 'Shipping');
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      assert.equal(moved.body.stageId, stages['Shipping']);
    });

    test('a robot with "paid sum ≥ 70 % of the amount" runs at 70 % and is skipped below it', async () => {
      const robot = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'Start assembly',
          stageId: stages['Assembly'],
          condition: seventyPercent,
          action: {
            type: 'notify',
            params: { to: ['responsible'], title: 'Assemble {{ item.title }}', body: '' },
          },
        },
      });
      assert.equal(robot.status, 201, JSON.stringify(robot.body));
      const short = await newDeal('1000.00');
      await pay(short.id, '699.99');
      assert.equal((await move(short.id, 'Assembly')).status, 200);
      const [skipped] = await journal(short.id, 'run_skipped');
      assert.equal(skipped?.data['reason'], 'condition');
      assert.equal((skipped?.data['compared'] as { percent?: number } | undefined)?.percent, 70);
      assert.deepEqual(await journal(short.id, 'run_succeeded'), []);

      const enough = await newDeal('1000.00');
      await pay(enough.id, '700.00');
      assert.equal((await move(enough.id, 'Assembly')).status, 200);
      const [succeeded] = await journal(enough.id, 'run_succeeded');
      assert.equal(succeeded?.robotName, 'Start assembly');
    });

    test('test mode shows both operands of a difference in the trace', async () => {
      const deal = await newDeal('5000.00');
      await pay(deal.id, '3999.99');
      const tried = await t.request({
        method: 'POST',
        url: '/api/v1/dry-run',
        body: {
          itemId: deal.id,
          robot: {
            name: 'Rest reminder',
            stageId: stages['Invoice'],
            condition: rest,
            action: { type: 'notify', params: { to: ['responsible'], title: 'Rest', body: '' } },
          },
        },
      });
      assert.equal(tried.status, 200, JSON.stringify(tried.body));
      const [run] = tried.body.runs;
      assert.equal(run.status, 'skipped');
      assert.deepEqual(run.condition.compared, {
        field: 'item.amount',
        op: 'lte',
        minus: 'item.paidAmount',
        operand: 3999.99,
        expected: 1000,
        actual: 5000,
      });
    });

    test('arithmetic on text or mixing money with a count is refused with the part it points at', async () => {
      const save = (condition: unknown) =>
        t.request({
          method: 'POST',
          url: '/api/v1/guards',
          body: { name: 'Bad', stageId: stages['Shipping'], condition, message: 'No' },
        });
      const text = await save({ ...rest, op: 'eq', minus: 'item.title' });
      assert.equal(text.status, 400);
      assert.deepEqual(text.body.errors, [
        {
          field: '/body/condition/minus',
          message: '"minus" works on numbers with item.title, which is text',
        },
      ]);
      const count = await save({ ...rest, minus: 'payments.count' });
      assert.equal(count.status, 400);
      assert.deepEqual(
        count.body.errors.map((error: { field: string }) => error.field),
        ['/body/condition/minus'],
      );
    });

    test('the catalogue says which operators take arithmetic', async () => {
      const answer = await t.request({ method: 'GET', url: '/api/v1/catalogue' });
      const operators = answer.body.operators as { op: string; arithmetic: boolean }[];
      assert.deepEqual(
        operators.filter((operator) => operator.arithmetic).map((operator) => operator.op),
        ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'],
      );
    });
  });
}
