import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';
import { findAction } from '../../automation/actions/registry.ts';
import { createEngine } from '../../automation/engine.ts';
import { DEFAULT_CASCADE_LIMITS } from '../../automation/engine-context.ts';
import { createTemplateEngine } from '../../automation/templates/template-engine.ts';
import { createEngineStore } from '../../store/engine-store.ts';

interface TestPipeline {
  readonly id: string;
  /** Stage ids by name. */
  readonly stages: Record<string, string>;
}

/** Pipelines are written straight to the store, so these tests need no pipelines API. */
async function insertPipeline(
  t: TestApp,
  stages: readonly [name: string, sort: number, semantics?: string][],
): Promise<TestPipeline> {
  const db = t.context.store.db;
  const at = t.clock.now().toISOString();
  const id = t.context.ids();
  await db
    .insertInto('pipelines')
    .values({
      id,
      name: 'Sales',
      entityType: 'deal',
      settings: '{}',
      createdAt: at,
      updatedAt: at,
      version: 1,
    })
    .execute();
  const ids: Record<string, string> = {};
  for (const [name, sort, semantics = 'open'] of stages) {
    const stageId = t.context.ids();
    ids[name] = stageId;
    await db
      .insertInto('stages')
      .values({
        id: stageId,
        pipelineId: id,
        name,
        sort,
        semantics,
        color: null,
        createdAt: at,
        updatedAt: at,
      })
      .execute();
  }
  return { id, stages: ids };
}

for (const dialect of DIALECTS) {
  describe(`items API (${dialect})`, () => {
    let t: TestApp;
    let sales: TestPipeline;
    let other: TestPipeline;
    before(async () => {
      t = await createTestApp(dialect);
      // Stages inserted out of sort order, and a lost stage sorted first: the entry stage is "New".
      sales = await insertPipeline(t, [
        ['Won', 900, 'won'],
        ['Negotiation', 300],
        ['Lost', 50, 'lost'],
        ['New', 100],
      ]);
      other = await insertPipeline(t, [['Elsewhere', 100]]);
    });
    after(() => t.close());

    const createItem = async (body: Record<string, unknown> = {}) => {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId: sales.id, title: 'Deal', ...body },
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body;
    };
    const get = (url: string) => t.request({ method: 'GET', url });
    const createUser = async (email: string) =>
      (
        await t.request({
          method: 'POST',
          url: '/api/v1/users',
          body: { name: email, email, role: 'manager' },
        })
      ).body.id as string;
    const insertContact = async (name: string) => {
      const id = t.context.ids();
      const at = t.clock.now().toISOString();
      await t.context.store.db
        .insertInto('contacts')
        .values({
          id,
          name,
          company: null,
          emails: '[]',
          phones: '[]',
          responsibleId: null,
          fields: '{}',
          createdAt: at,
          updatedAt: at,
          version: 1,
        })
        .execute();
      return id;
    };

    test('creates an item in the first open stage with defaults and a "created" timeline entry', async () => {
      const item = await createItem({ title: 'Boiler for Romashka' });
      assert.equal(item.stageId, sales.stages['New']);
      assert.equal(item.pipelineId, sales.id);
      assert.equal(item.amount, '0.00');
      assert.equal(item.paidAmount, '0.00');
      assert.equal(item.currency, 'USD');
      assert.deepEqual(item.fields, {});
      assert.equal(item.contactId, null);
      assert.equal(item.stageEnteredAt, t.clock.now().toISOString());
      assert.equal(item.version, 1);
      const timeline = await get(`/api/v1/items/${item.id}/timeline`);
      assert.deepEqual(
        timeline.body.data.map((e: { kind: string; text: string }) => [e.kind, e.text]),
        [['created', 'Created in stage "New"']],
      );
      assert.equal(timeline.body.data[0].authorType, 'api');
    });

    test('reads, updates (fields replaced whole), and deletes an item; amounts are exact', async () => {
      const contactId = await insertContact('Ivan');
      const responsibleId = await createUser('owner@example.com');
      const item = await createItem({
        stageId: sales.stages['Negotiation'],
        amount: '1500.5',
        currency: 'RUB',
        contactId,
        responsibleId,
        fields: { source: 'web', tags: ['a'] },
      });
      assert.equal(item.amount, '1500.50');
      assert.equal(item.stageId, sales.stages['Negotiation']);
      const read = await get(`/api/v1/items/${item.id}`);
      assert.equal(read.status, 200);
      assert.equal(read.headers['etag'], '"1"');
      assert.deepEqual(read.body, item);

      const updated = await t.request({
        method: 'PATCH',
        url: `/api/v1/items/${item.id}`,
        body: { amount: '99999999.99', fields: { priority: 1 }, contactId: null, version: 1 },
      });
      assert.equal(updated.status, 200);
      assert.equal(updated.headers['etag'], '"2"');
      assert.equal(updated.body.amount, '99999999.99');
      assert.deepEqual(updated.body.fields, { priority: 1 });
      assert.equal(updated.body.contactId, null);
      assert.equal(updated.body.responsibleId, responsibleId);
      assert.equal(updated.body.version, 2);

      assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/items/${item.id}` })).status, 204);
      assert.equal((await get(`/api/v1/items/${item.id}`)).status, 404);
    });

    test('lists every item once across cursor pages', async () => {
      const pipeline = await insertPipeline(t, [['Only', 100]]);
      const created: string[] = [];
      for (let i = 0; i < 7; i += 1) created.push((await createItem({ pipelineId: pipeline.id })).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor === null ? '' : `&cursor=${cursor}`;
        const page = await get(`/api/v1/items?pipelineId=${pipeline.id}&limit=3${query}`);
        assert.equal(page.status, 200);
        assert.ok(page.body.data.length <= 3);
        seen.push(...page.body.data.map((i: { id: string }) => i.id));
        cursor = page.body.nextCursor;
        pages += 1;
      } while (cursor !== null);
      assert.equal(pages, 3);
      assert.deepEqual(seen, created);
    });

    test('filters by pipeline, stage, contact, responsible and title text in any letter case, Cyrillic too', async () => {
      const contactId = await insertContact('Olga');
      const responsibleId = await createUser('filter@example.com');
      const a = await createItem({ title: 'Big SAMOVAR order', contactId });
      const b = await createItem({ title: '100% samovar', responsibleId, stageId: sales.stages['Won'] });
      const c = await createItem({ title: 'Pump', pipelineId: other.id });
      const ids = async (query: string) =>
        (await get(`/api/v1/items?limit=200&${query}`)).body.data.map((i: { id: string }) => i.id);
      assert.deepEqual(await ids(`pipelineId=${other.id}`), [c.id]);
      assert.deepEqual(await ids(`stageId=${sales.stages['Won']}`), [b.id]);
      assert.deepEqual(await ids(`contactId=${contactId}`), [a.id]);
      assert.deepEqual(await ids(`responsibleId=${responsibleId}`), [b.id]);
      assert.deepEqual(await ids('q=Samovar'), [a.id, b.id]);
      assert.deepEqual(await ids('q=100%25'), [b.id]);
      assert.deepEqual(await ids('q=1_0'), []);
      const cyrillic = await createItem({ title: 'Котёл для Ромашки' });
      assert.deepEqual(await ids(`q=${encodeURIComponent('КОТЁЛ')}`), [cyrillic.id]);
      const unknown = await get('/api/v1/items?color=red');
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.errors[0].field, '/querystring/color');
    });

    test('an unknown item is 404 for read, update, delete, move and timeline', async () => {
      const missing = '0190f0c0-0000-7000-8000-000000000000';
      const calls = [
        { method: 'GET', url: `/api/v1/items/${missing}` },
        { method: 'PATCH', url: `/api/v1/items/${missing}`, body: { title: 'x' } },
        { method: 'DELETE', url: `/api/v1/items/${missing}` },
        { method: 'POST', url: `/api/v1/items/${missing}/move`, body: { stageId: sales.stages['Won'] } },
        { method: 'GET', url: `/api/v1/items/${missing}/timeline` },
        { method: 'POST', url: `/api/v1/items/${missing}/timeline`, body: { text: 'hi' } },
      ] as const;
      for (const call of calls) {
        const response = await t.request(call);
        assert.equal(response.status, 404, `${call.method} ${call.url}`);
        assert.equal(response.body.code, 'item_not_found');
      }
    });

    test('a stale version in the body or If-Match is 409 and changes nothing', async () => {
      const item = await createItem({ title: 'Original' });
      await t.request({ method: 'PATCH', url: `/api/v1/items/${item.id}`, body: { title: 'First' } });
      for (const stale of [
        { body: { title: 'Lost', version: 1 } },
        { body: { title: 'Lost' }, headers: { 'if-match': '"1"' } },
      ]) {
        const response = await t.request({ method: 'PATCH', url: `/api/v1/items/${item.id}`, ...stale });
        assert.equal(response.status, 409);
        assert.equal(response.body.code, 'stale_version');
      }
      const read = await get(`/api/v1/items/${item.id}`);
      assert.equal(read.body.title, 'First');
      assert.equal(read.body.version, 2);
    });

    test('a viewer cannot create, update, move or delete items (403), and nothing changes', async () => {
      const item = await createItem();
      const calls = [
        { method: 'POST', url: '/api/v1/items', body: { pipelineId: sales.id, title: 'x' } },
        { method: 'PATCH', url: `/api/v1/items/${item.id}`, body: { title: 'x' } },
        { method: 'POST', url: `/api/v1/items/${item.id}/move`, body: { stageId: sales.stages['Won'] } },
        { method: 'POST', url: `/api/v1/items/${item.id}/timeline`, body: { text: 'x' } },
        { method: 'DELETE', url: `/api/v1/items/${item.id}` },
      ] as const;
      const count = (await get('/api/v1/items?limit=200')).body.data.length;
      for (const call of calls) {
        assert.equal((await t.request({ ...call, as: 'viewer' })).status, 403, `${call.method} ${call.url}`);
      }
      assert.deepEqual((await get(`/api/v1/items/${item.id}`)).body, item);
      assert.equal((await get('/api/v1/items?limit=200')).body.data.length, count);
      assert.equal((await get(`/api/v1/items/${item.id}/timeline`)).body.data.length, 1);
    });

    test('bad input on create answers 400 naming the field and creates nothing', async () => {
      const before = (await get('/api/v1/items?limit=200')).body.data.length;
      const base = { pipelineId: sales.id, title: 'Deal' };
      const tooManyFields = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`f${i}`, i]));
      const cases = [
        [{ ...base, pipelineId: 'missing' }, '/body/pipelineId'],
        [{ ...base, stageId: other.stages['Elsewhere'] }, '/body/stageId'],
        [{ ...base, stageId: 'missing' }, '/body/stageId'],
        [{ ...base, title: '' }, '/body/title'],
        [{ pipelineId: sales.id }, '/body/title'],
        [{ ...base, amount: '12.345' }, '/body/amount'],
        [{ ...base, amount: 0.1 + 0.2 }, '/body/amount'],
        [{ ...base, amount: -5 }, '/body/amount'],
        [{ ...base, currency: 'usd' }, '/body/currency'],
        [{ ...base, contactId: 'missing' }, '/body/contactId'],
        [{ ...base, responsibleId: 'missing' }, '/body/responsibleId'],
        [{ ...base, fields: tooManyFields }, '/body/fields'],
        [{ ...base, paidAmount: '5' }, '/body/paidAmount'],
      ] as const;
      for (const [body, field] of cases) {
        const response = await t.request({ method: 'POST', url: '/api/v1/items', body });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.errors[0].field, field, JSON.stringify(body));
      }
      assert.equal((await get('/api/v1/items?limit=200')).body.data.length, before);
    });

    test('bad input on update answers 400 naming the field; stages change only by move', async () => {
      const item = await createItem();
      const cases = [
        [{ stageId: sales.stages['Won'] }, '/body/stageId'],
        [{ pipelineId: other.id }, '/body/pipelineId'],
        [{ amount: 'ten' }, '/body/amount'],
        [{ amount: '1.001' }, '/body/amount'],
        [{ title: 'x'.repeat(501) }, '/body/title'],
        [{ responsibleId: 'missing' }, '/body/responsibleId'],
        [{ contactId: 'missing' }, '/body/contactId'],
      ] as const;
      for (const [body, field] of cases) {
        const response = await t.request({ method: 'PATCH', url: `/api/v1/items/${item.id}`, body });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.errors[0].field, field, JSON.stringify(body));
      }
      assert.deepEqual((await get(`/api/v1/items/${item.id}`)).body, item);
    });

    test('notes are added to the timeline, which pages oldest first', async () => {
      const item = await createItem();
      const admin = await t.context.repos.apiTokens.findByToken(t.tokens.manager);
      for (let i = 1; i <= 4; i += 1) {
        const note = await t.request({
          method: 'POST',
          url: `/api/v1/items/${item.id}/timeline`,
          as: 'manager',
          body: { text: `Note ${i}` },
        });
        assert.equal(note.status, 201);
        assert.equal(note.body.kind, 'note');
        assert.equal(note.body.authorId, admin?.id);
      }
      const first = await get(`/api/v1/items/${item.id}/timeline?limit=3`);
      const second = await get(`/api/v1/items/${item.id}/timeline?limit=3&cursor=${first.body.nextCursor}`);
      assert.equal(second.body.nextCursor, null);
      const texts = [...first.body.data, ...second.body.data].map((e: { text: string }) => e.text);
      assert.deepEqual(texts, ['Created in stage "New"', 'Note 1', 'Note 2', 'Note 3', 'Note 4']);
      for (const body of [{ text: '' }, { text: 'x'.repeat(10001) }, {}]) {
        const bad = await t.request({ method: 'POST', url: `/api/v1/items/${item.id}/timeline`, body });
        assert.equal(bad.status, 400);
        assert.equal(bad.body.errors[0].field, '/body/text');
      }
      assert.equal((await get(`/api/v1/items/${item.id}/timeline?limit=200`)).body.data.length, 5);
    });

    const move = (id: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      t.request({ method: 'POST', url: `/api/v1/items/${id}/move`, body, headers, as: 'manager' });
    const timelineOf = async (id: string) =>
      (await get(`/api/v1/items/${id}/timeline?limit=200`)).body.data as {
        kind: string;
        text: string;
        data: { fromStageId?: string; toStageId?: string };
        authorType: string;
        authorId: string | null;
      }[];

    test('a move sets the stage, stageEnteredAt, version + 1 and writes a "stage_changed" entry', async () => {
      const item = await createItem();
      t.clock.advance(3_600_000);
      const moved = await move(item.id, { stageId: sales.stages['Negotiation'], version: 1 });
      assert.equal(moved.status, 200);
      assert.equal(moved.headers['etag'], '"2"');
      assert.equal(moved.body.stageId, sales.stages['Negotiation']);
      assert.equal(moved.body.stageEnteredAt, t.clock.now().toISOString());
      assert.equal(moved.body.updatedAt, t.clock.now().toISOString());
      assert.equal(moved.body.version, 2);
      assert.deepEqual((await get(`/api/v1/items/${item.id}`)).body, moved.body);
      const manager = await t.context.repos.apiTokens.findByToken(t.tokens.manager);
      const entry = (await timelineOf(item.id)).at(-1);
      assert.deepEqual(entry && [entry.kind, entry.text, entry.data, entry.authorType, entry.authorId], [
        'stage_changed',
        'Moved from "New" to "Negotiation"',
        { fromStageId: sales.stages['New'], toStageId: sales.stages['Negotiation'] },
        'api',
        manager?.id,
      ]);
    });

    test('a move to the current stage answers 200 and changes nothing', async () => {
      const item = await createItem();
      t.clock.advance(60_000);
      const same = await move(item.id, { stageId: sales.stages['New'] });
      assert.equal(same.status, 200);
      assert.deepEqual(same.body, item);
      assert.equal((await timelineOf(item.id)).length, 1);
    });

    test('a move to an unknown stage or one of another pipeline is 400 on /body/stageId', async () => {
      const item = await createItem();
      for (const stageId of [other.stages['Elsewhere'], 'missing']) {
        const response = await move(item.id, { stageId });
        assert.equal(response.status, 400, stageId);
        assert.equal(response.body.errors[0].field, '/body/stageId');
      }
      assert.deepEqual((await get(`/api/v1/items/${item.id}`)).body, item);
      assert.equal((await timelineOf(item.id)).length, 1);
    });

    test('a stale move (body version or If-Match) is 409 and changes nothing', async () => {
      const item = await createItem();
      const current = (
        await t.request({ method: 'PATCH', url: `/api/v1/items/${item.id}`, body: { title: 'v2' } })
      ).body;
      for (const [body, headers] of [
        [{ stageId: sales.stages['Won'], version: 1 }, {}],
        [{ stageId: sales.stages['Won'] }, { 'if-match': '"1"' }],
      ] as const) {
        const response = await move(item.id, body, headers);
        assert.equal(response.status, 409);
        assert.equal(response.body.code, 'stale_version');
      }
      assert.deepEqual((await get(`/api/v1/items/${item.id}`)).body, current);
      assert.equal((await timelineOf(item.id)).length, 1);
    });

    test('a move whose timeline entry cannot be written is rolled back whole', async () => {
      const item = await createItem();
      const failingIds = () => {
        throw new Error('id source down');
      };
      const { store } = t.context;
      const engine = createEngine({
        store: createEngineStore(store.db, failingIds, store.capabilities, t.context.phones),
        clock: t.clock,
        ids: failingIds,
        phones: t.context.phones,
        limits: DEFAULT_CASCADE_LIMITS,
        templates: createTemplateEngine({ clock: t.clock }),
        findAction,
        wake: () => {},
        random: () => 0.5,
      });
      await assert.rejects(
        engine.moveItem({
          itemId: item.id,
          toStageId: sales.stages['Won'] ?? '',
          author: { type: 'system', id: null },
        }),
        /id source down/,
      );
      assert.deepEqual((await get(`/api/v1/items/${item.id}`)).body, item);
    });

    test('concurrent moves each record the stage the item really left', async () => {
      const item = await createItem();
      const targets = ['Negotiation', 'Won', 'Lost'].map((name) => sales.stages[name] ?? '');
      const answers = await Promise.all(targets.map((stageId) => move(item.id, { stageId })));
      assert.deepEqual(
        answers.map((a) => a.status),
        [200, 200, 200],
      );
      const moves = (await timelineOf(item.id)).filter((e) => e.kind === 'stage_changed');
      assert.equal(moves.length, 3);
      let from = sales.stages['New'];
      for (const entry of moves) {
        assert.equal(entry.data.fromStageId, from);
        from = entry.data.toStageId;
      }
      const final = (await get(`/api/v1/items/${item.id}`)).body;
      assert.equal(final.stageId, from);
      assert.equal(final.version, 4);
    });
  });
}
