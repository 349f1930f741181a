import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

interface PipelineBody {
  id: string;
  stages: { id: string; name: string }[];
}

for (const dialect of DIALECTS) {
  describe(`board API (${dialect})`, () => {
    let t: TestApp;
    let deals: PipelineBody;
    let stage: (name: string) => string;
    let anna: string;
    let boris: string;
    let acme: string;

    const post = async (url: string, body: unknown) => {
      const response = await t.request({ method: 'POST', url, body });
      assert.ok(response.status < 300, `${url}: ${JSON.stringify(response.body)}`);
      return response.body;
    };
    const board = async (query = '') => {
      const response = await t.request({
        method: 'GET',
        url: `/api/v1/pipelines/${deals.id}/board${query}`,
        as: 'viewer',
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body;
    };
    const column = (body: { columns: { stageId: string }[] }, name: string) =>
      body.columns.find((c) => c.stageId === stage(name)) as {
        stageId: string;
        count: number;
        sums: { currency: string; amount: string }[];
        items: { id: string; title: string; [key: string]: unknown }[];
      };

    before(async () => {
      t = await createTestApp(dialect);
      deals = await post('/api/v1/pipelines', {
        name: 'Deals',
        entityType: 'deal',
        stages: [{ name: 'New' }, { name: 'Proposal' }, { name: 'Won', semantics: 'won' }],
      });
      stage = (name) => {
        const found = deals.stages.find((s) => s.name === name);
        assert.ok(found, name);
        return found.id;
      };
      anna = (
        await post('/api/v1/users', { name: 'Anna Petrova', email: 'anna@example.com', role: 'manager' })
      ).id;
      boris = (
        await post('/api/v1/users', { name: 'Boris Ivanov', email: 'boris@example.com', role: 'manager' })
      ).id;
      acme = (await post('/api/v1/contacts', { name: 'Ольга Смирнова' })).id;
    });
    after(() => t.close());

    test('columns count and sum every matching item exactly, per currency, and show the newest cards first', async () => {
      const items: string[] = [];
      for (const [index, amount] of ['0.10', '0.20', '9999999999999.99', '9999999999999.99'].entries()) {
        items.push(
          (
            await post('/api/v1/items', {
              pipelineId: deals.id,
              title: `Deal ${index}`,
              amount,
              currency: 'RUB',
              responsibleId: anna,
              contactId: index === 0 ? acme : null,
            })
          ).id,
        );
        await t.advance('PT1M');
      }
      await post('/api/v1/items', {
        pipelineId: deals.id,
        title: 'Dollar deal',
        amount: '5.00',
        currency: 'USD',
      });

      const full = await board();
      assert.deepEqual(
        full.pipeline.stages.map((s: { name: string }) => s.name),
        ['New', 'Proposal', 'Won'],
      );
      assert.equal(full.pipeline.entityType, 'deal');
      assert.equal(full.generatedAt, t.clock.now().toISOString());
      const fresh = column(full, 'New');
      assert.equal(fresh.count, 5);
      // 0.10 + 0.20 + 2 × 9999999999999.99: past the largest safe integer in minor units, still exact.
      assert.deepEqual(fresh.sums, [
        { currency: 'RUB', amount: '20000000000000.28' },
        { currency: 'USD', amount: '5.00' },
      ]);
      assert.deepEqual(
        fresh.items.map((card) => card.title),
        ['Dollar deal', 'Deal 3', 'Deal 2', 'Deal 1', 'Deal 0'],
      );
      const first = fresh.items.find((card) => card.title === 'Deal 0');
      assert.deepEqual(first?.['contact'], { id: acme, name: 'Ольга Смирнова' });
      assert.deepEqual(first?.['responsible'], { id: anna, name: 'Anna Petrova' });
      assert.equal(first?.['amount'], '0.10');
      assert.equal(first?.['paidSum'], '0.00');
      assert.equal(first?.['overdue'], false);
      assert.equal(first?.['openTasks'], 0);
      assert.equal(first?.['nextRun'], null);
      assert.equal(first?.['pendingRuns'], 0);
      assert.deepEqual(column(full, 'Won'), { stageId: stage('Won'), count: 0, sums: [], items: [] });

      const page = column(await board('?limitPerStage=2'), 'New');
      assert.equal(page.count, 5, 'the count covers the items not on the page');
      assert.equal(page.sums.length, 2);
      assert.deepEqual(
        page.items.map((card) => card.title),
        ['Dollar deal', 'Deal 3'],
      );
      for (const id of items) await t.request({ method: 'DELETE', url: `/api/v1/items/${id}` });
    });

    test("a card shows its earliest scheduled run of the current stage entry, and forgets the old entry's runs", async () => {
      const robot = async (name: string, duration: string) =>
        post('/api/v1/robots', {
          name,
          stageId: stage('Proposal'),
          action: { type: 'notify', params: { to: ['responsible'], title: 'Follow up', body: '' } },
          timing: { kind: 'after', duration },
        });
      const later = await robot('Remind in 3 days', 'P3D');
      const sooner = await robot('Notify the supervisor', 'P2DT4H');
      const deal = await post('/api/v1/items', {
        pipelineId: deals.id,
        stageId: stage('Proposal'),
        title: 'Robots deal',
        responsibleId: boris,
      });
      const card = () =>
        board(`?responsibleId=${boris}`).then((b) =>
          column(b, 'Proposal').items.find((c) => c.id === deal.id),
        );
      const planned = await card();
      assert.equal(planned?.['pendingRuns'], 2);
      const next = planned?.['nextRun'] as Record<string, unknown>;
      assert.equal(next['robotId'], sooner.id);
      assert.equal(next['robotName'], 'Notify the supervisor');
      assert.equal(next['action'], 'notify');
      assert.equal(next['dueAt'], new Date(t.clock.now().getTime() + 52 * 3600 * 1000).toISOString());
      assert.equal(typeof next['runId'], 'string');
      assert.notEqual(later.id, sooner.id);

      await post(`/api/v1/items/${deal.id}/move`, { stageId: stage('New') });
      const moved = await board(`?responsibleId=${boris}`);
      const left = column(moved, 'New').items.find((c) => c.id === deal.id);
      assert.equal(left?.['nextRun'], null);
      assert.equal(left?.['pendingRuns'], 0);
      await t.request({ method: 'DELETE', url: `/api/v1/items/${deal.id}` });
    });

    test('filters by responsible, by text in the title or the contact name, and by overdue work', async () => {
      const mine = await post('/api/v1/items', {
        pipelineId: deals.id,
        title: 'Windows for school',
        responsibleId: anna,
      });
      const theirs = await post('/api/v1/items', {
        pipelineId: deals.id,
        title: 'Doors',
        responsibleId: boris,
        contactId: acme,
      });
      const titles = async (query: string) =>
        (await board(query)).columns.flatMap((c: { items: { title: string }[] }) =>
          c.items.map((i) => i.title),
        );

      assert.deepEqual(await titles(`?responsibleId=${anna}`), ['Windows for school']);
      assert.deepEqual(await titles('?q=SCHOOL'), ['Windows for school']);
      assert.deepEqual(
        await titles(`?q=${encodeURIComponent('смирнова')}`),
        ['Doors'],
        'the contact name, any case',
      );
      const none = await board('?q=nothing-like-this');
      assert.ok(none.columns.every((c: { count: number }) => c.count === 0));

      await post('/api/v1/tasks', {
        title: 'Call back',
        itemId: theirs.id,
        deadline: new Date(t.clock.now().getTime() + 3600_000).toISOString(),
      });
      await post('/api/v1/activities', {
        type: 'call',
        subject: 'Call',
        itemId: mine.id,
        dueAt: new Date(t.clock.now().getTime() + 7200_000).toISOString(),
      });
      assert.deepEqual(await titles('?overdue=true'), [], 'nothing is late yet');
      await t.advance('PT90M');
      assert.deepEqual(await titles('?overdue=true'), ['Doors'], 'the task is late, the call not yet');
      const doors = column(await board('?q=doors'), 'New').items[0];
      assert.equal(doors?.['overdue'], true);
      assert.equal(doors?.['openTasks'], 1);
      await t.advance('PT1H');
      assert.deepEqual((await titles('?overdue=true')).sort(), ['Doors', 'Windows for school']);
      assert.deepEqual(await titles('?overdue=false&q=oo'), []);
    });

    test('an unknown pipeline is 404 and a page over 200 cards is refused', async () => {
      const missing = await t.request({
        method: 'GET',
        url: '/api/v1/pipelines/01900000-0000-7000-8000-000000000000/board',
      });
      assert.equal(missing.status, 404);
      const big = await t.request({
        method: 'GET',
        url: `/api/v1/pipelines/${deals.id}/board?limitPerStage=201`,
      });
      assert.equal(big.status, 400);
      const anonymous = await t.request({
        method: 'GET',
        url: `/api/v1/pipelines/${deals.id}/board`,
        as: null,
      });
      assert.equal(anonymous.status, 401);
    });
  });
}
