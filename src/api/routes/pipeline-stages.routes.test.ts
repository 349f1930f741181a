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

for (const dialect of DIALECTS) {
  describe(`pipeline stages API (${dialect})`, () => {
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

    test('a new stage goes at the end, or after the named stage, and bumps the pipeline version', async () => {
      const pipeline = await create();
      const [first, second] = pipeline.stages;
      t.clock.advance(1000);
      const last = await t.request({
        method: 'POST',
        url: `/api/v1/pipelines/${pipeline.id}/stages`,
        body: { name: 'Lost', semantics: 'lost', color: 'red' },
      });
      assert.equal(last.status, 201);
      assert.deepEqual(
        { ...last.body, id: undefined },
        { id: undefined, pipelineId: pipeline.id, name: 'Lost', sort: 400, semantics: 'lost', color: 'red' },
      );
      const between = await t.request({
        method: 'POST',
        url: `/api/v1/pipelines/${pipeline.id}/stages`,
        body: { name: 'Meeting', afterStageId: first.id },
      });
      assert.equal(between.body.sort, 150);
      assert.equal(between.body.semantics, 'open');
      const atStart = await t.request({
        method: 'POST',
        url: `/api/v1/pipelines/${pipeline.id}/stages`,
        body: { name: 'Inbox', afterStageId: null },
      });
      assert.equal(atStart.status, 201);
      const current = await read(pipeline.id);
      assert.deepEqual(names(current), ['Inbox', 'New', 'Meeting', 'Offer', 'Won', 'Lost']);
      assert.equal(current.version, 4);
      assert.notEqual(current.updatedAt, pipeline.updatedAt);
      assert.equal(second.name, 'Offer');
    });

    test('stages keep their order when inserted again and again at the same place', async () => {
      const pipeline = await create();
      const expected = ['New'];
      let after = pipeline.stages[0].id;
      for (let index = 0; index < 10; index++) {
        const stage = await t.request({
          method: 'POST',
          url: `/api/v1/pipelines/${pipeline.id}/stages`,
          body: { name: `Step ${index}`, afterStageId: after },
        });
        assert.equal(stage.status, 201);
        after = stage.body.id;
        expected.push(`Step ${index}`);
      }
      const current = await read(pipeline.id);
      assert.deepEqual(names(current), [...expected, 'Offer', 'Won']);
      const sorts = current.stages.map((s: StageBody) => s.sort);
      assert.equal(new Set(sorts).size, sorts.length);
    });

    test('bad new stages answer 400 naming the field and change nothing', async () => {
      const pipeline = await create();
      const other = await create({ ...sales, name: 'Other' });
      const cases = [
        [{ name: 'offer' }, '/body/name'],
        [{ name: 'Next', afterStageId: other.stages[0].id }, '/body/afterStageId'],
        [{ name: 'Next', semantics: 'paused' }, '/body/semantics'],
        [{ name: '   ' }, '/body/name'],
        [{ name: 'Next', sort: 5 }, '/body/sort'],
      ] as const;
      for (const [body, field] of cases) {
        const response = await t.request({
          method: 'POST',
          url: `/api/v1/pipelines/${pipeline.id}/stages`,
          body,
        });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.errors[0].field, field);
      }
      assert.deepEqual(await read(pipeline.id), pipeline);
    });

    test('a stage is renamed or recoloured, but the last open stage cannot become final', async () => {
      const pipeline = await create({
        ...sales,
        stages: [{ name: 'Only open' }, { name: 'Done', semantics: 'won' }],
      });
      const [open, done] = pipeline.stages;
      const url = `/api/v1/pipelines/${pipeline.id}/stages`;
      const renamed = await t.request({
        method: 'PATCH',
        url: `${url}/${open.id}`,
        body: { name: 'Open', color: '#fff' },
      });
      assert.equal(renamed.status, 200);
      assert.equal(renamed.body.name, 'Open');
      assert.equal(renamed.body.color, '#fff');
      const final = await t.request({
        method: 'PATCH',
        url: `${url}/${open.id}`,
        body: { semantics: 'lost' },
      });
      assert.equal(final.status, 409);
      assert.equal(final.body.code, 'last_open_stage');
      const duplicate = await t.request({
        method: 'PATCH',
        url: `${url}/${done.id}`,
        body: { name: 'OPEN' },
      });
      assert.equal(duplicate.status, 400);
      assert.equal(duplicate.body.errors[0].field, '/body/name');
      const current = await read(pipeline.id);
      assert.deepEqual(
        current.stages.map((s: StageBody) => [s.name, s.semantics]),
        [
          ['Open', 'open'],
          ['Done', 'won'],
        ],
      );
      assert.equal(current.version, 2);
    });

    test('a stage with items, or the last open stage, cannot be deleted (409); others can', async () => {
      const pipeline = await create();
      const [fresh, offer, won] = pipeline.stages;
      const url = `/api/v1/pipelines/${pipeline.id}/stages`;
      await putItemIn(pipeline.id, offer.id);
      const inUse = await t.request({ method: 'DELETE', url: `${url}/${offer.id}` });
      assert.equal(inUse.status, 409);
      assert.equal(inUse.body.code, 'stage_in_use');
      assert.equal((await t.request({ method: 'DELETE', url: `${url}/${won.id}` })).status, 204);
      const lastOpen = await create({ ...sales, name: 'Single', stages: [{ name: 'Only' }] });
      const refused = await t.request({
        method: 'DELETE',
        url: `/api/v1/pipelines/${lastOpen.id}/stages/${lastOpen.stages[0].id}`,
      });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'last_open_stage');
      assert.equal((await t.request({ method: 'DELETE', url: `${url}/${fresh.id}` })).status, 204);
      const current = await read(pipeline.id);
      assert.deepEqual(names(current), ['Offer']);
      assert.equal(current.version, 3);
      assert.deepEqual(names(await read(lastOpen.id)), ['Only']);
    });

    test('reordering takes exactly the pipeline stages and renumbers their sort', async () => {
      const pipeline = await create();
      const [fresh, offer, won] = pipeline.stages.map((s: StageBody) => s.id);
      const url = `/api/v1/pipelines/${pipeline.id}/stages/order`;
      const other = await create({ ...sales, name: 'Other' });
      for (const stageIds of [
        [fresh, offer],
        [fresh, offer, won, won],
        [fresh, offer, other.stages[0].id],
      ]) {
        const response = await t.request({ method: 'PUT', url, body: { stageIds } });
        assert.equal(response.status, 400, JSON.stringify(stageIds));
        assert.equal(response.body.errors[0].field, '/body/stageIds');
      }
      assert.deepEqual(await read(pipeline.id), pipeline);
      const reordered = await t.request({ method: 'PUT', url, body: { stageIds: [offer, fresh, won] } });
      assert.equal(reordered.status, 200);
      assert.equal(reordered.headers['etag'], '"2"');
      assert.deepEqual(
        reordered.body.stages.map((s: StageBody) => [s.name, s.sort]),
        [
          ['Offer', 100],
          ['New', 200],
          ['Won', 300],
        ],
      );
      assert.deepEqual(await t.context.repos.pipelines.listStages(pipeline.id), reordered.body.stages);
    });
  });
}
