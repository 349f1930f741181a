import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

const SECRET = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;

/** Row counts of everything an import writes. */
async function counts(t: TestApp): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of ['pipelines', 'stages', 'triggers', 'robots', 'guards', 'ruleRevisions'] as const) {
    const row = await t.context.store.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

async function sampleWorkspace(t: TestApp, email: string, secondEmail: string) {
  const user = await t.createUser({ role: 'manager', email, name: 'Ivan Supervisor' });
  const second = await t.createUser({ role: 'manager', email: secondEmail, name: 'Olga Manager' });
  const pipeline = await t.request({
    method: 'POST',
    url: '/api/v1/pipelines',
    body: {
      name: 'Sales',
      entityType: 'deal',
      stages: [{ name: 'New' }, { name: 'Proposal sent' }, { name: 'Won', semantics: 'won' }],
    },
  });
  const [fresh, proposal, won] = pipeline.body.stages.map((s: { id: string }) => s.id);
  const post = async (url: string, body: unknown) => {
    const answer = await t.request({ method: 'POST', url, body });
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
  };
  await post('/api/v1/triggers', { name: 'Paid', stageId: won, eventType: 'payment.received' });
  await post('/api/v1/robots', {
    name: 'Hand over',
    stageId: fresh,
    action: { type: 'change_responsible', params: { to: { userId: user.id } } },
  });
  await post('/api/v1/robots', {
    name: 'Note',
    stageId: fresh,
    action: { type: 'add_timeline_entry', params: { text: 'New deal {{ item.title }}' } },
  });
  await post('/api/v1/robots', {
    name: 'Move on',
    stageId: fresh,
    action: { type: 'move_to_stage', params: { stageId: proposal } },
  });
  await post('/api/v1/robots', {
    name: 'Tell ERP',
    stageId: won,
    enabled: false,
    action: {
      type: 'send_webhook',
      params: { url: 'https://erp.example.com/h', body: { deal: '{{ item.title }}' }, secret: SECRET },
    },
  });
  await post('/api/v1/robots', {
    name: 'Share out',
    stageId: won,
    action: { type: 'change_responsible', params: { to: { roundRobin: [user.id, second.id] } } },
  });
  await post('/api/v1/guards', {
    name: 'Paid in full',
    stageId: won,
    condition: { field: 'item.amount', op: 'gt', value: 0 },
    message: 'Not paid',
  });
  return { pipelineId: pipeline.body.id as string, user };
}

for (const dialect of DIALECTS) {
  describe(`automation as code (${dialect})`, () => {
    let source: TestApp;
    let target: TestApp;
    let document: Record<string, unknown>;
    before(async () => {
      source = await createTestApp(dialect);
      target = await createTestApp(dialect);
      const { pipelineId } = await sampleWorkspace(source, 'ivan@example.test', 'olga@example.test');
      const exported = await source.request({
        method: 'GET',
        url: `/api/v1/pipelines/${pipelineId}/automation`,
      });
      assert.equal(exported.status, 200, JSON.stringify(exported.body));
      document = exported.body;
    });
    after(async () => {
      await source.close();
      await target.close();
    });

    test('the export names stages by key and users by email, and leaves secrets out', () => {
      const robots = document['robots'] as {
        name: string;
        stageKey: string;
        action: { params: Record<string, unknown> };
      }[];
      assert.deepEqual(
        robots.map((r) => r.name),
        ['Hand over', 'Note', 'Move on', 'Tell ERP', 'Share out'],
      );
      assert.deepEqual(robots[0]?.action.params, { to: { userEmail: 'ivan@example.test' } });
      assert.deepEqual(robots[4]?.action.params, {
        to: { roundRobin: [{ userEmail: 'ivan@example.test' }, { userEmail: 'olga@example.test' }] },
      });
      assert.deepEqual(robots[2]?.action.params, { stageKey: 'proposal-sent' });
      assert.equal(robots[3]?.action.params['secret'], undefined);
      assert.deepEqual(document['secretsOmitted'], ['/robots/3/action/params/secret']);
      assert.ok(!JSON.stringify(document).includes(SECRET));
    });

    test('an invalid document answers 400 with every pointer and writes nothing', async () => {
      await target.createUser({ role: 'manager', email: 'ivan@example.test', name: 'Ivan' });
      await target.createUser({ role: 'manager', email: 'olga@example.test', name: 'Olga' });
      const before = await counts(target);
      const broken = structuredClone(document) as {
        triggers: { stageKey: string }[];
        robots: { action: { params: Record<string, unknown> } }[];
      };
      (broken.triggers[0] as { stageKey: string }).stageKey = 'nowhere';
      broken.robots[0] = {
        ...broken.robots[0],
        action: { type: 'change_responsible', params: { to: { userEmail: 'ghost@example.test' } } },
      } as never;
      broken.robots[1] = {
        ...broken.robots[1],
        action: { type: 'add_timeline_entry', params: { text: 42 } },
      } as never;
      broken.robots[4] = {
        ...broken.robots[4],
        action: {
          type: 'change_responsible',
          params: {
            to: { roundRobin: [{ userEmail: 'ivan@example.test' }, { userEmail: 'nobody@example.test' }] },
          },
        },
      } as never;
      const answer = await target.request({ method: 'POST', url: '/api/v1/pipelines/import', body: broken });
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      const fields = answer.body.errors.map((e: { field: string }) => e.field);
      assert.ok(fields.includes('/body/triggers/0/stageKey'), fields);
      // An unknown email is one problem, at its own pointer (not again at the id it stands for).
      const about = (prefix: string) => fields.filter((f: string) => f.startsWith(prefix));
      assert.deepEqual(about('/body/robots/0/'), ['/body/robots/0/action/params/to/userEmail']);
      assert.deepEqual(about('/body/robots/4/'), ['/body/robots/4/action/params/to/roundRobin/1/userEmail']);
      assert.ok(
        fields.some((f: string) => f.startsWith('/body/robots/1/action/params')),
        fields,
      );
      assert.deepEqual(await counts(target), before);
    });

    test('an import into another workspace yields the same automation, which runs an item the same way', async () => {
      const answer = await target.request({
        method: 'POST',
        url: '/api/v1/pipelines/import',
        body: { ...document, name: 'Sales (imported)' },
      });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      assert.deepEqual(answer.body.counts, { stages: 3, triggers: 1, robots: 5, guards: 1 });
      const pipelineId = answer.body.pipeline.id;
      assert.equal(answer.body.pipeline.name, 'Sales (imported)');
      const again = await target.request({
        method: 'GET',
        url: `/api/v1/pipelines/${pipelineId}/automation`,
      });
      // The secret is not imported: it must be set again, so the second export omits nothing.
      const strip = (doc: Record<string, unknown>) => ({
        ...doc,
        exportedAt: null,
        secretsOmitted: null,
        pipeline: { ...(doc['pipeline'] as object), name: null },
      });
      assert.deepEqual(strip(again.body), strip(document));
      // Users named by email, alone or in a round robin, are this workspace's users again.
      const idOf = async (email: string): Promise<string> =>
        (await target.request({ method: 'GET', url: `/api/v1/users?email=${email}` })).body.data[0].id;
      const imported = await target.request({
        method: 'GET',
        url: `/api/v1/robots?pipelineId=${pipelineId}&actionType=change_responsible`,
      });
      const paramsOf = (name: string) =>
        imported.body.data.find((r: { name: string }) => r.name === name).action.params;
      const [ivan, olga] = [await idOf('ivan@example.test'), await idOf('olga@example.test')];
      assert.deepEqual(paramsOf('Hand over'), { to: { userId: ivan } });
      assert.deepEqual(paramsOf('Share out'), { to: { roundRobin: [ivan, olga] } });
      const revisions = await target.request({
        method: 'GET',
        url: `/api/v1/revisions?pipelineId=${pipelineId}&limit=200`,
      });
      assert.equal(revisions.body.data.length, 3 + 1 + 5 + 1);
      assert.ok(revisions.body.data.every((r: { change: string }) => r.change === 'imported'));

      for (const [t, id] of [
        [source, undefined],
        [target, pipelineId],
      ] as const) {
        const pid = id ?? (await t.request({ method: 'GET', url: '/api/v1/pipelines' })).body.data[0].id;
        const item = await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId: pid, title: 'Deal', amount: '10.00', currency: 'USD' },
        });
        assert.equal(item.status, 201, JSON.stringify(item.body));
        const read = await t.request({ method: 'GET', url: `/api/v1/items/${item.body.id}` });
        const pipeline = await t.request({ method: 'GET', url: `/api/v1/pipelines/${pid}` });
        const stageName = pipeline.body.stages.find((s: { id: string }) => s.id === read.body.stageId).name;
        assert.equal(stageName, 'Proposal sent');
        const responsible = await t.request({
          method: 'GET',
          url: `/api/v1/users/${read.body.responsibleId}`,
        });
        assert.equal(responsible.body.email, 'ivan@example.test');
      }
    });
  });
}
