import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';
import { itemWithTrigger, stageOf } from './reach-support.ts';

for (const dialect of DIALECTS) {
  describe(`site visits (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    const issue = async (contactId: string) => {
      const response = await t.request({
        method: 'POST',
        url: `/api/v1/contacts/${contactId}/visitor-token`,
        as: 'manager',
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body.token as string;
    };
    const visit = (body: unknown, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url: '/t/v',
        payload: JSON.stringify(body),
        headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers },
      });
    const eventsOf = async (type: string) =>
      await t.context.store.db.selectFrom('events').select(['id', 'data']).where('type', '=', type).execute();

    test('the snippet is served as JavaScript and reads the sfv parameter', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/t/v.js' });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/javascript/);
      assert.match(response.body, /sfv/);
      assert.match(response.body, /sendBeacon/);
    });

    test("a known visitor's first visit fires a site.visit trigger; a visit after 30 minutes away is site.revisit", async () => {
      const visited = await itemWithTrigger(t, 'site.visit');
      const token = await issue(visited.contactId);
      const first = await visit({
        visitor: token,
        url: 'https://shop.example/chairs',
        title: 'Chairs',
        referrer: 'https://mail.example/',
      });
      assert.equal(first.statusCode, 202);
      assert.equal(first.headers['access-control-allow-origin'], '*');
      await t.automation.runner.drain();
      assert.equal(await stageOf(t, visited.itemId), visited.stageIds[1]);

      // Page views within the visit are counted but are no new event.
      await visit({ visitor: token, url: 'https://shop.example/chairs/2' });
      assert.equal((await eventsOf('site.revisit')).length, 0);
      assert.equal((await eventsOf('site.visit')).length, 1);

      const revisited = await itemWithTrigger(t, 'site.revisit');
      const second = await issue(revisited.contactId);
      await visit({ visitor: second, url: 'https://shop.example/' });
      assert.equal(
        await stageOf(t, revisited.itemId),
        revisited.stageIds[0],
        'a first visit is not a revisit',
      );
      await t.advance('PT31M');
      await visit({ visitor: second, url: 'https://shop.example/sofas', title: 'Sofas' });
      await t.automation.runner.drain();
      assert.equal(await stageOf(t, revisited.itemId), revisited.stageIds[1]);
      const revisit = await eventsOf('site.revisit');
      assert.equal(revisit.length, 1);
      const data = revisit[0]?.data;
      assert.deepEqual(typeof data === 'string' ? JSON.parse(data) : data, {
        url: 'https://shop.example/sofas',
        title: 'Sofas',
      });
    });

    test('an unknown visitor is answered 202 and nothing is stored', async () => {
      const before = await t.context.store.db.selectFrom('events').select('id').execute();
      const response = await visit({ visitor: 'sfv_made-up', url: 'https://shop.example/' });
      assert.equal(response.statusCode, 202);
      const after = await t.context.store.db.selectFrom('events').select('id').execute();
      assert.equal(after.length, before.length);
      const tokens = await t.context.store.db
        .selectFrom('visitorTokens')
        .select('tokenHash')
        .where('visits', '>', 0)
        .execute();
      assert.equal(tokens.length, 2, 'only the two known visitors');
    });

    test('a malformed report is a 400 naming the field; a preflight is allowed', async () => {
      const response = await visit({ visitor: 'x', url: 'javascript:alert(1)' });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /\/body\/url/);
      const preflight = await t.app.inject({ method: 'OPTIONS', url: '/t/v' });
      assert.equal(preflight.statusCode, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], '*');
    });

    test('reports are rate-limited per address', async () => {
      let last = 0;
      for (let i = 0; i < 61; i++) {
        last = (
          await t.app.inject({
            method: 'POST',
            url: '/t/v',
            remoteAddress: '203.0.113.9',
            payload: { visitor: 'sfv_x', url: 'https://a.example/' },
          })
        ).statusCode;
      }
      assert.equal(last, 429);
      const other = await t.app.inject({
        method: 'POST',
        url: '/t/v',
        remoteAddress: '203.0.113.10',
        payload: { visitor: 'sfv_x', url: 'https://a.example/' },
      });
      assert.equal(other.statusCode, 202);
      await t.advance('PT1M');
      const later = await t.app.inject({
        method: 'POST',
        url: '/t/v',
        remoteAddress: '203.0.113.9',
        payload: { visitor: 'sfv_x', url: 'https://a.example/' },
      });
      assert.equal(later.statusCode, 202);
    });
  });
}
