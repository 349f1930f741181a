import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPipeline } from '../../../test/support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';
import { SECRET_MASK } from '../../domain/secrets.ts';

const SECRET = `whsec_${Buffer.alloc(32, 1).toString('base64')}`;
const OTHER_SECRET = `whsec_${Buffer.alloc(32, 2).toString('base64')}`;

for (const dialect of DIALECTS) {
  describe(`robot secrets are write-only (${dialect})`, () => {
    let t: TestApp;
    let stageId: string;
    before(async () => {
      t = await createTestApp(dialect);
      stageId = (await createPipeline(t, ['New'])).stageIds[0] as string;
    });
    after(() => t.close());

    const webhookRobot = (secret: string) => ({
      name: 'Tell the warehouse',
      stageId,
      action: {
        type: 'send_webhook',
        params: {
          url: 'https://erp.example.com/hooks',
          body: { deal: '{{ item.title }}' },
          headers: { Authorization: 'Bearer erp-key-1', 'X-Trace': 'visible' },
          secret,
        },
      },
    });
    const stored = async (id: string) => (await t.context.repos.rules.getRobotOrThrow(id)).action.params;

    test('the creating answer shows the secret; reads and lists, for any role, show the mask', async () => {
      const created = await t.request({ method: 'POST', url: '/api/v1/robots', body: webhookRobot(SECRET) });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      assert.equal(created.body.action.params.secret, SECRET);
      for (const as of ['viewer', 'manager', 'admin'] as const) {
        const read = await t.request({ method: 'GET', url: `/api/v1/robots/${created.body.id}`, as });
        assert.equal(read.status, 200);
        assert.equal(read.body.action.params.secret, SECRET_MASK, as);
        assert.deepEqual(read.body.action.params.headers, {
          Authorization: SECRET_MASK,
          'X-Trace': 'visible',
        });
        const list = await t.request({ method: 'GET', url: '/api/v1/robots?actionType=send_webhook', as });
        const listed = list.body.data.find((robot: { id: string }) => robot.id === created.body.id);
        assert.equal(listed.action.params.secret, SECRET_MASK, as);
        assert.ok(!JSON.stringify(read.body).includes(SECRET) && !JSON.stringify(list.body).includes(SECRET));
        assert.ok(!JSON.stringify(list.body).includes('erp-key-1'));
      }
    });

    test('an update that sends the masks back keeps the stored secrets; a new secret replaces them', async () => {
      const created = await t.request({ method: 'POST', url: '/api/v1/robots', body: webhookRobot(SECRET) });
      const read = await t.request({ method: 'GET', url: `/api/v1/robots/${created.body.id}` });
      const roundTrip = {
        action: {
          ...read.body.action,
          params: { ...read.body.action.params, url: 'https://erp.example.com/v2' },
        },
      };
      const updated = await t.request({
        method: 'PATCH',
        url: `/api/v1/robots/${created.body.id}`,
        body: roundTrip,
      });
      assert.equal(updated.status, 200, JSON.stringify(updated.body));
      assert.equal(updated.body.action.params.secret, SECRET_MASK);
      const kept = await stored(created.body.id);
      assert.equal(kept['secret'], SECRET);
      assert.deepEqual(kept['headers'], { Authorization: 'Bearer erp-key-1', 'X-Trace': 'visible' });
      assert.equal(kept['url'], 'https://erp.example.com/v2');

      const replaced = await t.request({
        method: 'PATCH',
        url: `/api/v1/robots/${created.body.id}`,
        body: { action: webhookRobot(OTHER_SECRET).action },
      });
      assert.equal(replaced.status, 200, JSON.stringify(replaced.body));
      assert.equal(replaced.body.action.params.secret, SECRET_MASK);
      assert.equal((await stored(created.body.id))['secret'], OTHER_SECRET);
    });

    test('a mask with no stored secret behind it is refused, naming the field', async () => {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: webhookRobot(SECRET_MASK),
      });
      assert.equal(response.status, 400);
      assert.equal(response.body.errors[0].field, '/body/action/params/secret');
    });
  });
}
