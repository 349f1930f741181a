import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPipeline } from '../../../test/support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';
import { sessionClient, signIn } from '../../../test/support/sign-in.ts';

const revisionsOf = async (t: TestApp, ruleId: string) =>
  (await t.request({ method: 'GET', url: `/api/v1/revisions?ruleId=${ruleId}`, as: 'viewer' })).body.data;

for (const dialect of DIALECTS) {
  describe(`rule history (${dialect})`, () => {
    let t: TestApp;
    let stageIds: string[];
    let pipelineId: string;
    const sessions = sessionClient(() => t);
    before(async () => {
      t = await createTestApp(dialect);
      ({ id: pipelineId, stageIds } = await createPipeline(t, ['New', 'Won']));
    });
    after(() => t.close());

    const guardBody = () => ({
      name: 'Big deals only',
      stageId: stageIds[1],
      condition: { field: 'item.amount', op: 'gt', value: 100 },
      message: 'Too small',
    });

    test('every change writes one revision with before, after and the actor (token or signed-in user)', async () => {
      const created = await t.request({ method: 'POST', url: '/api/v1/guards', body: guardBody() });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.id;
      const admin = await t.createUser({ role: 'admin', name: 'Olga Admin' });
      const session = await signIn(t.app, admin.email, admin.password);
      const patched = await sessions.asSession(session, 'PATCH', `/api/v1/guards/${id}`, {
        body: { message: 'Needs more than 100' },
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/guards/${id}` })).status, 204);

      const [deleted, updated, createdRevision, ...rest] = await revisionsOf(t, id);
      assert.equal(rest.length, 0);
      assert.equal(createdRevision.change, 'created');
      assert.equal(createdRevision.before, null);
      assert.equal(createdRevision.after.message, 'Too small');
      assert.deepEqual(createdRevision.actor, { userId: null, name: 'test admin' });
      assert.equal(createdRevision.version, 1);
      assert.equal(updated.change, 'updated');
      assert.equal(updated.before.message, 'Too small');
      assert.equal(updated.after.message, 'Needs more than 100');
      assert.deepEqual(updated.actor, { userId: admin.id, name: 'Olga Admin' });
      assert.equal(updated.version, 2);
      assert.equal(deleted.change, 'deleted');
      assert.equal(deleted.after, null);
      assert.equal(deleted.before.version, 2);
      assert.equal(deleted.pipelineId, pipelineId);
    });

    test('stage changes are recorded with the pipeline version', async () => {
      const added = await t.request({
        method: 'POST',
        url: `/api/v1/pipelines/${pipelineId}/stages`,
        body: { name: 'Lost', semantics: 'lost' },
      });
      assert.equal(added.status, 201);
      const renamed = await t.request({
        method: 'PATCH',
        url: `/api/v1/pipelines/${pipelineId}/stages/${added.body.id}`,
        body: { name: 'Lost for good' },
      });
      assert.equal(renamed.status, 200);
      const [update, create] = await revisionsOf(t, added.body.id);
      assert.equal(create.ruleKind, 'stage');
      assert.equal(create.change, 'created');
      assert.equal(update.before.name, 'Lost');
      assert.equal(update.after.name, 'Lost for good');
      assert.ok(update.version > create.version);
    });

    test('restoring an update brings the earlier state back and is itself a revision', async () => {
      const created = await t.request({ method: 'POST', url: '/api/v1/guards', body: guardBody() });
      const id = created.body.id;
      await t.request({ method: 'PATCH', url: `/api/v1/guards/${id}`, body: { message: 'Changed' } });
      const [, first] = await revisionsOf(t, id);
      const restored = await t.request({ method: 'POST', url: `/api/v1/revisions/${first.id}/restore` });
      assert.equal(restored.status, 200, JSON.stringify(restored.body));
      assert.equal(restored.body.message, 'Too small');
      assert.equal(restored.body.version, 3);
      const [latest] = await revisionsOf(t, id);
      assert.equal(latest.change, 'restored');
      assert.equal(latest.before.message, 'Changed');
      assert.equal(latest.after.message, 'Too small');
      const manager = await t.request({
        method: 'POST',
        url: `/api/v1/revisions/${first.id}/restore`,
        as: 'manager',
      });
      assert.equal(manager.status, 403);
    });

    test('restoring a deletion recreates the robot with its id', async () => {
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'Note it',
          stageId: stageIds[0],
          action: { type: 'add_timeline_entry', params: { text: 'Hi' } },
        },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const id = created.body.id;
      await t.request({ method: 'DELETE', url: `/api/v1/robots/${id}` });
      const [deletion] = await revisionsOf(t, id);
      assert.equal(deletion.change, 'deleted');
      const restored = await t.request({ method: 'POST', url: `/api/v1/revisions/${deletion.id}/restore` });
      assert.equal(restored.status, 200, JSON.stringify(restored.body));
      assert.equal(restored.body.id, id);
      assert.equal((await t.request({ method: 'GET', url: `/api/v1/robots/${id}` })).body.name, 'Note it');
    });

    test('a restore that is no longer valid (its stage deleted) is refused and changes nothing', async () => {
      const stage = await t.request({
        method: 'POST',
        url: `/api/v1/pipelines/${pipelineId}/stages`,
        body: { name: 'Temporary' },
      });
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/guards',
        body: { ...guardBody(), stageId: stage.body.id },
      });
      const id = created.body.id;
      const del = await t.request({
        method: 'DELETE',
        url: `/api/v1/pipelines/${pipelineId}/stages/${stage.body.id}`,
      });
      assert.equal(del.status, 204, JSON.stringify(del.body));
      const [deletion] = await revisionsOf(t, id);
      assert.equal(deletion.change, 'deleted', 'deleting a stage records the deletion of its rules');
      const count = (await revisionsOf(t, id)).length;
      const restored = await t.request({ method: 'POST', url: `/api/v1/revisions/${deletion.id}/restore` });
      assert.equal(restored.status, 400, JSON.stringify(restored.body));
      assert.match(JSON.stringify(restored.body.errors), /\/before\/stageId/);
      assert.equal((await t.request({ method: 'GET', url: `/api/v1/guards/${id}` })).status, 404);
      assert.equal((await revisionsOf(t, id)).length, count);
    });

    test('a restore naming a document template deleted since is refused like a save and changes nothing', async () => {
      const template = await t.request({
        method: 'POST',
        url: '/api/v1/document-templates',
        body: { kind: 'invoice', name: 'Old invoice', language: 'en', body: '<p>{{ number }}</p>' },
      });
      assert.equal(template.status, 201, JSON.stringify(template.body));
      const robot = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'Invoice',
          stageId: stageIds[0],
          action: { type: 'create_document', params: { kind: 'invoice', template: template.body.id } },
        },
      });
      assert.equal(robot.status, 201, JSON.stringify(robot.body));
      const id = robot.body.id;
      const patched = await t.request({
        method: 'PATCH',
        url: `/api/v1/robots/${id}`,
        body: { action: { type: 'create_document', params: { kind: 'invoice' } } },
      });
      assert.equal(patched.status, 200, JSON.stringify(patched.body));
      const deleted = await t.request({
        method: 'DELETE',
        url: `/api/v1/document-templates/${template.body.id}`,
      });
      assert.equal(deleted.status, 204, JSON.stringify(deleted.body));
      const [, first] = await revisionsOf(t, id);
      assert.equal(first.change, 'created');
      const count = (await revisionsOf(t, id)).length;

      const restored = await t.request({ method: 'POST', url: `/api/v1/revisions/${first.id}/restore` });
      assert.equal(restored.status, 400, JSON.stringify(restored.body));
      assert.match(
        JSON.stringify(restored.body),
        new RegExp(`document template ${template.body.id} does not exist`),
      );
      assert.match(JSON.stringify(restored.body.errors), /\/after\/action\/params\/template/);
      const now = await t.request({ method: 'GET', url: `/api/v1/robots/${id}` });
      assert.equal(now.body.version, 2);
      assert.equal(now.body.action.params.template, undefined);
      assert.equal((await revisionsOf(t, id)).length, count);
    });

    test('restoring a deleted robot whose document template was deleted since is refused and recreates nothing', async () => {
      const template = await t.request({
        method: 'POST',
        url: '/api/v1/document-templates',
        body: { kind: 'invoice', name: 'Gone invoice', language: 'en', body: '<p>{{ number }}</p>' },
      });
      const robot = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'Invoice',
          stageId: stageIds[0],
          action: { type: 'create_document', params: { kind: 'invoice', template: template.body.id } },
        },
      });
      assert.equal(robot.status, 201, JSON.stringify(robot.body));
      const id = robot.body.id;
      assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/robots/${id}` })).status, 204);
      const gone = await t.request({
        method: 'DELETE',
        url: `/api/v1/document-templates/${template.body.id}`,
      });
      assert.equal(gone.status, 204, JSON.stringify(gone.body));
      const [deletion] = await revisionsOf(t, id);
      const restored = await t.request({ method: 'POST', url: `/api/v1/revisions/${deletion.id}/restore` });
      assert.equal(restored.status, 400, JSON.stringify(restored.body));
      assert.match(JSON.stringify(restored.body.errors), /\/before\/action\/params\/template/);
      assert.equal((await t.request({ method: 'GET', url: `/api/v1/robots/${id}` })).status, 404);
      assert.equal((await revisionsOf(t, id)).length, 2);
    });

    test('a run planned before an update keeps the version it was planned with', async () => {
      const robot = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'Later',
          stageId: stageIds[0],
          timing: { kind: 'after', duration: 'P3D' },
          action: { type: 'add_timeline_entry', params: { text: 'v1' } },
        },
      });
      const item = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId, stageId: stageIds[0], title: 'Deal', amount: '500.00', currency: 'USD' },
      });
      assert.equal(item.status, 201, JSON.stringify(item.body));
      await t.request({
        method: 'PATCH',
        url: `/api/v1/robots/${robot.body.id}`,
        body: { action: { type: 'add_timeline_entry', params: { text: 'v2' } } },
      });
      const runs = await t.request({ method: 'GET', url: `/api/v1/runs?robotId=${robot.body.id}` });
      assert.equal(runs.status, 200, JSON.stringify(runs.body));
      assert.equal(runs.body.data.length, 1);
      assert.equal(runs.body.data[0].robotVersion, 1);
      const one = await t.request({ method: 'GET', url: `/api/v1/runs/${runs.body.data[0].id}` });
      assert.equal(one.body.robotVersion, 1);
    });
  });
}
