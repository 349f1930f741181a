import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoWorkspace } from '../../examples/index.ts';
import { createTestApp, DIALECTS, type TestApp } from '../../test/support/harness.ts';
import { AppError } from '../domain/errors.ts';
import { type ApiClient, injectClient } from './api-client.ts';
import { hasPipelines } from './demo.ts';
import { DEMO_LOAD_FAILED, DEMO_WORKSPACE_INVALID, loadWorkspace } from './demo-loader.ts';
import type { ExampleWorkspace } from './workspace.ts';

// biome-ignore lint/suspicious/noExplicitAny: records read from JSON answers
type Row = any;

/** Every record of a list, page by page. */
async function listAll(api: ApiClient, path: string): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const url: string = `${path}${separator}limit=200${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
    const page = await api.send('GET', url);
    assert.equal(page.status, 200, `${url}: ${JSON.stringify(page.body)}`);
    rows.push(...page.body.data);
    cursor = page.body.nextCursor;
  } while (cursor !== null);
  return rows;
}

const tiny = (users: ExampleWorkspace['people']['users'], scenarios: ExampleWorkspace['scenarios'] = []) => ({
  people: { users },
  scenarios,
});

for (const dialect of DIALECTS) {
  describe(`demo workspace loader (${dialect})`, () => {
    let t: TestApp;
    let api: ApiClient;
    before(async () => {
      t = await createTestApp(dialect);
      api = injectClient(t.app, t.tokens.admin);
    });
    after(() => t.close());

    test('a broken workspace is refused before anything is written', async () => {
      const broken = tiny(
        [{ key: 'zoe', name: 'Zoe', email: 'zoe@example.com', role: 'manager', supervisor: 'nobody' }],
        [
          {
            key: 'x',
            title: 'X',
            description: 'x',
            pipeline: { name: 'X', entityType: 'deal', stages: [{ name: 'New' }] },
            items: [{ key: 'x1', title: 'X1', stage: 'Nowhere' }],
          },
        ],
      );
      await assert.rejects(loadWorkspace(api, broken), (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, DEMO_WORKSPACE_INVALID);
        assert.match(error.message, /user "zoe" names user "nobody"/);
        assert.match(error.message, /item "x1" names stage "Nowhere"/);
        return true;
      });
      assert.deepEqual(await listAll(api, '/api/v1/users'), []);
      assert.deepEqual(await listAll(api, '/api/v1/pipelines'), []);
    });

    test('a record the API refuses stops the load with an error naming the record and the field', async () => {
      const refused = tiny([{ key: 'bad', name: 'Bad', email: 'not-an-email', role: 'manager' }]);
      await assert.rejects(loadWorkspace(api, refused), (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, DEMO_LOAD_FAILED);
        assert.match(error.message, /user "bad".*POST \/api\/v1\/users answered 400.*\/body\/email/);
        return true;
      });
    });

    test('loads users with their supervisor chain, contacts, the three scenario pipelines and items', async () => {
      assert.equal(await hasPipelines(api), false);
      const report = await loadWorkspace(api, demoWorkspace);
      assert.equal(await hasPipelines(api), true);

      const users = await listAll(api, '/api/v1/users');
      assert.equal(users.length, demoWorkspace.people.users.length);
      const byEmail = new Map(users.map((u: Row) => [u.email, u]));
      const head = byEmail.get('olga.smirnova@romashka.example');
      for (const email of ['dmitry.volkov@romashka.example', 'anna.kuznetsova@romashka.example']) {
        assert.equal(byEmail.get(email)?.supervisorId, head.id, email);
      }
      assert.equal(head.timeZone, 'Europe/Moscow');

      const contacts = await listAll(api, '/api/v1/contacts');
      assert.equal(contacts.length, report.contacts);
      assert.ok(contacts.length >= 4);
      const vasily = contacts.find((c: Row) => c.name === 'Vasily Orlov');
      assert.equal(vasily.responsibleId, byEmail.get('dmitry.volkov@romashka.example').id);

      const pipelines = await listAll(api, '/api/v1/pipelines');
      const shape = (name: string) => {
        const pipeline = pipelines.find((p: Row) => p.name === name);
        assert.ok(pipeline, name);
        return pipeline.stages.map((s: Row) => `${s.name}:${s.semantics}`);
      };
      assert.equal(pipelines.length, 3);
      assert.deepEqual(shape('Sales'), [
        'Info letter:open',
        'Proposal:open',
        'Invoice:open',
        'Shipment:open',
        'Won:won',
        'Lost:lost',
      ]);
      assert.deepEqual(shape('Leads'), ['Not processed:open', 'Call:open', 'Qualified:won', 'Junk:lost']);
      assert.deepEqual(shape('Deals'), [
        'New:open',
        'Proposal sent:open',
        'Needs follow-up:open',
        'Negotiation:open',
        'Won:won',
        'Lost:lost',
      ]);

      const items = await listAll(api, '/api/v1/items');
      assert.equal(items.length, report.items);
      const stageName = new Map<string, string>(
        pipelines.flatMap((p: Row) => p.stages.map((s: Row) => [s.id, `${p.name}/${s.name}`])),
      );
      const where = (title: string) => {
        const item = items.find((i: Row) => i.title === title);
        assert.ok(item, title);
        return { stage: stageName.get(item.stageId), item };
      };
      const chairs = where('Orbita LLC: 120 office chairs');
      assert.equal(chairs.stage, 'Sales/Info letter');
      assert.equal(chairs.item.amount, '150000.00');
      assert.equal(chairs.item.currency, 'RUB');
      assert.equal(chairs.item.contactId, vasily.id);
      const desks = where('Sever Trade: 40 standing desks');
      assert.equal(desks.stage, 'Sales/Invoice');
      assert.equal(where('Sokol Group: called back about delivery terms').stage, 'Leads/Call');
      assert.equal(where('Nordlicht GmbH: annual licence').stage, 'Deals/Proposal sent');

      // Moves go through the API, so the item's timeline tells how it got there.
      const timeline = await listAll(api, `/api/v1/items/${desks.item.id}/timeline`);
      assert.deepEqual(timeline.map((entry: Row) => entry.kind).sort(), [
        'created',
        'stage_changed',
        'stage_changed',
      ]);
    });

    test('loading again reuses users by email instead of failing on duplicates', async () => {
      const before = await listAll(api, '/api/v1/users');
      const report = await loadWorkspace(api, demoWorkspace);
      assert.equal(report.usersCreated, 0);
      assert.equal(report.usersReused, demoWorkspace.people.users.length);
      assert.equal((await listAll(api, '/api/v1/users')).length, before.length);
      assert.equal((await listAll(api, '/api/v1/pipelines')).length, 6);
    });
  });
}
