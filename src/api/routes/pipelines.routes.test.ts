import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

interface StageBody {
  id: string;
  name: string;
  sort: number;
  semantics: string;
}

const names = (pipeline: { stages: StageBody[] }): string[] => pipeline.stages.map((stage) => stage.name);
const MISSING = '01900000-0000-7000-8000-000000000000';

for (const dialect of DIALECTS) {
  describe(`pipelines API (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    const sales = {
      name: 'Sales',
      entityType: 'deal',
      settings: { currency: 'RUB' },
      stages: [{ name: 'New', color: '#39A8EF' }, { name: 'Offer' }, { name: 'Won', semantics: 'won' }],
    };
    const create = async (body: Record<string, unknown> = sales) => {
      const response = await t.request({ method: 'POST', url: '/api/v1/pipelines', body });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body;
    };
    const read = async (id: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/pipelines/${id}` })).body;
    const countPipelines = async () =>
      (await t.request({ method: 'GET', url: '/api/v1/pipelines?limit=200' })).body.data.length as number;
    /** Items are written directly: the in-use checks must not depend on the items API. */
    const putItemIn = async (pipelineId: string, stageId: string) => {
      const at = t.clock.now().toISOString();
      await t.context.store.db
        .insertInto('items')
        .values({
          id: t.context.ids(),
          pipelineId,
          stageId,
          title: 'Deal',
          amountMinor: 0,
          currency: 'RUB',
          contactId: null,
          responsibleId: null,
          fields: '{}',
          stageEnteredAt: at,
          createdAt: at,
          updatedAt: at,
          version: 1,
        })
        .execute();
    };

    test('creates a pipeline with stages in order, reads, renames, lists and deletes it', async () => {
      const created = await t.request({ method: 'POST', url: '/api/v1/pipelines', body: sales });
      assert.equal(created.status, 201);
      assert.equal(created.headers['etag'], '"1"');
      const pipeline = created.body;
      assert.equal(pipeline.entityType, 'deal');
      assert.deepEqual(pipeline.settings, { currency: 'RUB' });
      assert.deepEqual(
        pipeline.stages.map((s: StageBody & { color: unknown; pipelineId: string }) => [
          s.name,
          s.sort,
          s.semantics,
          s.color,
          s.pipelineId,
        ]),
        [
          ['New', 100, 'open', '#39A8EF', pipeline.id],
          ['Offer', 200, 'open', null, pipeline.id],
          ['Won', 300, 'won', null, pipeline.id],
        ],
      );
      const viewed = await t.request({
        method: 'GET',
        url: `/api/v1/pipelines/${pipeline.id}`,
        as: 'viewer',
      });
      assert.equal(viewed.status, 200);
      assert.deepEqual(viewed.body, pipeline);

      const renamed = await t.request({
        method: 'PATCH',
        url: `/api/v1/pipelines/${pipeline.id}`,
        body: { name: 'B2B sales', settings: { currency: 'USD' }, version: 1 },
      });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.headers['etag'], '"2"');
      assert.equal(renamed.body.name, 'B2B sales');
      assert.deepEqual(renamed.body.settings, { currency: 'USD' });
      assert.deepEqual(renamed.body.stages, pipeline.stages);

      const listed = await t.request({ method: 'GET', url: '/api/v1/pipelines', as: 'viewer' });
      const found = listed.body.data.find((p: { id: string }) => p.id === pipeline.id);
      assert.deepEqual(names(found), ['New', 'Offer', 'Won']);

      assert.equal(
        (await t.request({ method: 'DELETE', url: `/api/v1/pipelines/${pipeline.id}` })).status,
        204,
      );
      assert.equal((await t.request({ method: 'GET', url: `/api/v1/pipelines/${pipeline.id}` })).status, 404);
      assert.equal(await t.context.repos.pipelines.findStage(pipeline.stages[0].id), undefined);
    });

    test('lists filter by entity type and pages walk every pipeline once', async () => {
      const made: string[] = [];
      for (let index = 0; index < 5; index++) {
        made.push((await create({ ...sales, name: `Repairs ${index}`, entityType: 'repair_order' })).id);
      }
      await create({ ...sales, entityType: 'lead' });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `entityType=repair_order&limit=2${cursor === null ? '' : `&cursor=${cursor}`}`;
        const page = (await t.request({ method: 'GET', url: `/api/v1/pipelines?${query}` })).body;
        assert.ok(page.data.length <= 2);
        for (const pipeline of page.data) assert.equal(pipeline.stages.length, 3);
        seen.push(...page.data.map((p: { id: string }) => p.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      assert.deepEqual(seen, made);
    });

    test('bad pipelines answer 400 naming the field and create nothing', async () => {
      const before = await countPipelines();
      const cases = [
        [{ ...sales, stages: [{ name: 'Won', semantics: 'won' }] }, '/body/stages'],
        [{ ...sales, stages: [] }, '/body/stages'],
        [{ ...sales, stages: [{ name: 'A' }, { name: 'B' }, { name: ' a ' }] }, '/body/stages/2/name'],
        [{ ...sales, stages: [{ name: 'A', semantics: 'paused' }] }, '/body/stages/0/semantics'],
        [{ ...sales, entityType: 'Deal' }, '/body/entityType'],
        [{ ...sales, entityType: 'x'.repeat(41) }, '/body/entityType'],
        [{ ...sales, settings: [] }, '/body/settings'],
        [{ ...sales, owner: 'me' }, '/body/owner'],
        [{ entityType: 'deal', stages: sales.stages }, '/body/name'],
      ] as const;
      for (const [body, field] of cases) {
        const response = await t.request({ method: 'POST', url: '/api/v1/pipelines', body });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.errors[0].field, field, JSON.stringify(body));
      }
      assert.equal(await countPipelines(), before);
      const unknown = await t.request({ method: 'GET', url: '/api/v1/pipelines?stage=won' });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.errors[0].field, '/querystring/stage');
    });

    test('only admins configure pipelines (403) and nothing is written', async () => {
      const pipeline = await create();
      const before = await countPipelines();
      const stage = pipeline.stages[1].id;
      const attempts = [
        { method: 'POST', url: '/api/v1/pipelines', body: sales },
        { method: 'PATCH', url: `/api/v1/pipelines/${pipeline.id}`, body: { name: 'X' } },
        { method: 'DELETE', url: `/api/v1/pipelines/${pipeline.id}` },
        { method: 'POST', url: `/api/v1/pipelines/${pipeline.id}/stages`, body: { name: 'X' } },
        { method: 'PATCH', url: `/api/v1/pipelines/${pipeline.id}/stages/${stage}`, body: { name: 'X' } },
        { method: 'DELETE', url: `/api/v1/pipelines/${pipeline.id}/stages/${stage}` },
        { method: 'PUT', url: `/api/v1/pipelines/${pipeline.id}/stages/order`, body: { stageIds: [stage] } },
      ] as const;
      for (const role of ['manager', 'viewer'] as const) {
        for (const attempt of attempts) {
          const response = await t.request({ ...attempt, as: role });
          assert.equal(response.status, 403, `${role} ${attempt.method} ${attempt.url}`);
        }
      }
      assert.equal(await countPipelines(), before);
      assert.deepEqual(await read(pipeline.id), pipeline);
    });

    test('a stale version is refused with 409 and changes nothing', async () => {
      const pipeline = await create();
      await t.request({ method: 'PATCH', url: `/api/v1/pipelines/${pipeline.id}`, body: { name: 'Fresh' } });
      const stale = await t.request({
        method: 'PATCH',
        url: `/api/v1/pipelines/${pipeline.id}`,
        headers: { 'if-match': '"1"' },
        body: { name: 'Late' },
      });
      assert.equal(stale.status, 409);
      assert.equal(stale.body.code, 'stale_version');
      const staleStage = await t.request({
        method: 'POST',
        url: `/api/v1/pipelines/${pipeline.id}/stages`,
        headers: { 'if-match': '"1"' },
        body: { name: 'Late stage' },
      });
      assert.equal(staleStage.status, 409);
      const current = await read(pipeline.id);
      assert.equal(current.name, 'Fresh');
      assert.equal(current.version, 2);
      assert.deepEqual(names(current), ['New', 'Offer', 'Won']);
    });

    test('a pipeline with items cannot be deleted (409 pipeline_in_use)', async () => {
      const pipeline = await create();
      await putItemIn(pipeline.id, pipeline.stages[0].id);
      const refused = await t.request({ method: 'DELETE', url: `/api/v1/pipelines/${pipeline.id}` });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'pipeline_in_use');
      assert.deepEqual(await read(pipeline.id), pipeline);
    });

    test('a missing pipeline, or a stage of another pipeline, is 404', async () => {
      const pipeline = await create();
      const other = await create({ ...sales, name: 'Other' });
      const foreign = `/api/v1/pipelines/${pipeline.id}/stages/${other.stages[0].id}`;
      const patched = await t.request({ method: 'PATCH', url: foreign, body: { name: 'Moved' } });
      assert.equal(patched.status, 404);
      assert.equal(patched.body.code, 'stage_not_found');
      assert.equal((await t.request({ method: 'DELETE', url: foreign })).status, 404);
      assert.deepEqual(await read(other.id), other);
      assert.deepEqual(await read(pipeline.id), pipeline);
      for (const [method, url] of [
        ['GET', `/api/v1/pipelines/${MISSING}`],
        ['PATCH', `/api/v1/pipelines/${MISSING}`],
        ['DELETE', `/api/v1/pipelines/${MISSING}`],
        ['POST', `/api/v1/pipelines/${MISSING}/stages`],
      ] as const) {
        const body = method === 'PATCH' || method === 'POST' ? { name: 'X' } : undefined;
        const response = await t.request({ method, url, body });
        assert.equal(response.status, 404, `${method} ${url}`);
        assert.equal(response.body.code, 'pipeline_not_found');
      }
      assert.deepEqual(await t.context.repos.pipelines.findStage(other.stages[1].id), other.stages[1]);
      assert.equal(await t.context.repos.pipelines.find(MISSING), undefined);
    });
  });
}
