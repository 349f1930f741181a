import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../test/support/harness.ts';

const user = { name: 'Oleg', email: 'oleg@example.com', role: 'manager' };

for (const dialect of DIALECTS) {
  describe(`HTTP boundary (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    const countUsers = async () =>
      (await t.request({ method: 'GET', url: '/api/v1/users?limit=200' })).body.data.length as number;

    test('a request without a token is 401 with a problem document', async () => {
      const response = await t.request({ method: 'GET', url: '/api/v1/users', as: null });
      assert.equal(response.status, 401);
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      assert.equal(response.body.status, 401);
      assert.equal(response.body.code, 'unauthorized');
      assert.equal(typeof response.body.detail, 'string');
    });

    test('a wrong or malformed token is 401 and changes nothing', async () => {
      const before = await countUsers();
      for (const authorization of ['Bearer sf_not-a-token', 'Basic dXNlcjpwYXNz', 'Bearer']) {
        const response = await t.request({
          method: 'POST',
          url: '/api/v1/users',
          as: null,
          headers: { authorization },
          body: user,
        });
        assert.equal(response.status, 401, authorization);
      }
      assert.equal(await countUsers(), before);
    });

    test('a revoked token is 401 from the moment it is revoked', async () => {
      const { token, record } = await t.context.repos.apiTokens.create('temporary', 'admin', t.clock.now());
      const headers = { authorization: `Bearer ${token}` };
      assert.equal((await t.request({ method: 'GET', url: '/api/v1/users', as: null, headers })).status, 200);
      await t.context.repos.apiTokens.revoke(record.id, t.clock.now());
      assert.equal((await t.request({ method: 'GET', url: '/api/v1/users', as: null, headers })).status, 401);
    });

    test('a viewer may read but not write (403), and nothing is written', async () => {
      assert.equal((await t.request({ method: 'GET', url: '/api/v1/users', as: 'viewer' })).status, 200);
      const before = await countUsers();
      const response = await t.request({ method: 'POST', url: '/api/v1/users', as: 'viewer', body: user });
      assert.equal(response.status, 403);
      assert.match(response.body.detail, /admin role/);
      assert.equal(await countUsers(), before);
    });

    test('an oversized body is 413 and changes nothing', async () => {
      const before = await countUsers();
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        body: { ...user, name: 'x'.repeat(1024 * 1024 + 10) },
      });
      assert.equal(response.status, 413);
      assert.equal(response.body.code, 'body_too_large');
      assert.equal(await countUsers(), before);
    });

    test('a body that is not JSON is 400; a non-JSON media type is 415', async () => {
      const broken = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { authorization: `Bearer ${t.tokens.admin}`, 'content-type': 'application/json' },
        payload: '{"name": ',
      });
      assert.equal(broken.statusCode, 400);
      assert.equal(broken.json().code, 'invalid_json');
      const text = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: { authorization: `Bearer ${t.tokens.admin}`, 'content-type': 'text/plain' },
        payload: 'hello',
      });
      assert.equal(text.statusCode, 415);
      assert.equal(text.json().code, 'unsupported_media_type');
    });

    test('an unknown route is a 404 problem document', async () => {
      const response = await t.request({ method: 'GET', url: '/api/v1/nothing-here' });
      assert.equal(response.status, 404);
      assert.equal(response.body.code, 'route_not_found');
    });

    test('an invalid cursor or an unknown query parameter is 400 naming it', async () => {
      const cursor = await t.request({ method: 'GET', url: '/api/v1/users?cursor=garbage' });
      assert.equal(cursor.status, 400);
      assert.equal(cursor.body.errors[0].field, '/cursor');
      const unknown = await t.request({ method: 'GET', url: '/api/v1/users?colour=red' });
      assert.equal(unknown.status, 400);
      assert.equal(unknown.body.errors[0].field, '/querystring/colour');
      const limit = await t.request({ method: 'GET', url: '/api/v1/users?limit=1000' });
      assert.equal(limit.status, 400);
      assert.equal(limit.body.errors[0].field, '/querystring/limit');
    });

    test('a malformed If-Match is 400', async () => {
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        body: { ...user, email: 'im@example.com' },
      });
      const response = await t.request({
        method: 'PATCH',
        url: `/api/v1/users/${created.body.id}`,
        headers: { 'if-match': 'yesterday' },
        body: { name: 'Changed' },
      });
      assert.equal(response.status, 400);
      assert.equal(response.body.errors[0].field, '/headers/if-match');
      const read = await t.request({ method: 'GET', url: `/api/v1/users/${created.body.id}` });
      assert.equal(read.body.name, 'Oleg');
    });

    test('health, readiness, the OpenAPI document and the reference page answer without a token', async () => {
      assert.deepEqual((await t.request({ method: 'GET', url: '/healthz', as: null })).body, {
        status: 'ok',
      });
      assert.deepEqual((await t.request({ method: 'GET', url: '/readyz', as: null })).body, {
        status: 'ready',
      });
      const spec = await t.request({ method: 'GET', url: '/api/openapi.json', as: null });
      assert.equal(spec.status, 200);
      assert.equal(spec.body.openapi, '3.1.0');
      const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
      assert.equal(docs.statusCode, 200);
      assert.match(docs.body, /<html/i);
    });
  });
}
