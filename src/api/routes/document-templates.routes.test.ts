import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPipeline } from '../../../test/support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

for (const dialect of DIALECTS) {
  describe(`document template deletion (${dialect})`, () => {
    let t: TestApp;
    let stageId: string;
    before(async () => {
      t = await createTestApp(dialect);
      stageId = (await createPipeline(t)).stageIds[0] ?? '';
    });
    after(() => t.close());

    async function template(name: string): Promise<string> {
      const saved = await t.request({
        method: 'POST',
        url: '/api/v1/document-templates',
        body: { kind: 'invoice', name, language: 'en', body: '<p>{{ number }}</p>' },
      });
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      return saved.body.id;
    }
    async function robot(name: string, params: Record<string, unknown>): Promise<string> {
      const saved = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: { name, stageId, action: { type: 'create_document', params } },
      });
      assert.equal(saved.status, 201, JSON.stringify(saved.body));
      return saved.body.id;
    }
    const remove = (id: string) => t.request({ method: 'DELETE', url: `/api/v1/document-templates/${id}` });
    const read = (id: string) => t.request({ method: 'GET', url: `/api/v1/document-templates/${id}` });

    test('a template a robot names, enabled or disabled, is not deleted: 409 names the robots', async () => {
      const id = await template('Named');
      const enabled = await robot('Invoice on entry', { kind: 'invoice', template: id });
      const disabled = await robot('Paused invoice', { kind: 'invoice', template: id });
      const paused = await t.request({
        method: 'PATCH',
        url: `/api/v1/robots/${disabled}`,
        body: { enabled: false },
      });
      assert.equal(paused.status, 200, JSON.stringify(paused.body));
      await robot('Shipped invoice', { kind: 'invoice' });

      const refused = await remove(id);
      assert.equal(refused.status, 409, JSON.stringify(refused.body));
      assert.equal(refused.body.code, 'document_template_in_use');
      assert.match(refused.body.detail, /"Invoice on entry", "Paused invoice"/);
      assert.deepEqual(
        refused.body.robots.map((each: { id: string; name: string }) => each.id).sort(),
        [enabled, disabled].sort(),
      );
      assert.equal((await read(id)).status, 200, 'the template stays');

      await t.request({ method: 'DELETE', url: `/api/v1/robots/${enabled}` });
      assert.equal((await remove(id)).status, 409, 'the disabled robot still names it');
      const changed = await t.request({
        method: 'PATCH',
        url: `/api/v1/robots/${disabled}`,
        body: { action: { type: 'create_document', params: { kind: 'invoice' } } },
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      assert.equal((await remove(id)).status, 204);
      assert.equal((await read(id)).status, 404);
    });

    test('a template no robot names is deleted; an unknown one is 404', async () => {
      const named = await template('Kept');
      await robot('Other template', { kind: 'invoice', template: named });
      const free = await template('Free');
      assert.equal((await remove(free)).status, 204);
      assert.equal((await read(free)).status, 404);
      const missing = await remove(free);
      assert.equal(missing.status, 404);
      assert.equal(missing.body.code, 'document_template_not_found');
    });
  });
}
