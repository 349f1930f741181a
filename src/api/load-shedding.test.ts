import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, eventually, type TestApp } from '../../test/support/harness.ts';
import { type App, buildApp } from './app.ts';

for (const dialect of DIALECTS) {
  describe(`load shedding (${dialect})`, () => {
    let t: TestApp;
    let app: App;
    let gate = Promise.withResolvers<void>();
    before(async () => {
      t = await createTestApp(dialect);
      app = await buildApp({ ...t.context, maxInFlight: 2 });
      // A request that stays in flight until the test lets it go, as a slow database would keep it.
      app.get('/slow', { config: { public: true } }, async () => {
        await gate.promise;
        return { done: true };
      });
    });
    after(async () => {
      gate.resolve();
      await app.close();
      await t.close();
    });

    const postEvent = (id: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/events',
        headers: { authorization: `Bearer ${t.tokens.manager}` },
        payload: { id, type: 'app.event', subject: { itemId: 'nobody' }, data: { name: 'ping' } },
      });
    const stored = async (id: string) =>
      (await t.context.store.db.selectFrom('events').select('id').where('id', '=', id).executeTakeFirst()) !==
      undefined;

    test('beyond the bound a request is refused at once with 503, Retry-After and a problem; health answers', async () => {
      gate = Promise.withResolvers<void>();
      const slow = [app.inject({ method: 'GET', url: '/slow' }), app.inject({ method: 'GET', url: '/slow' })];
      // Both are in flight once the server has started them.
      await new Promise((resolve) => setImmediate(resolve));

      const refused = await postEvent('shed-1');
      assert.equal(refused.statusCode, 503);
      assert.equal(refused.headers['retry-after'], '1');
      assert.match(String(refused.headers['content-type']), /^application\/problem\+json/);
      assert.equal(refused.json().code, 'overloaded');
      assert.equal(refused.json().status, 503);
      assert.equal(await stored('shed-1'), false, 'a refused event is not stored');

      assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(ready.statusCode, 200, 'readiness is never shed');

      gate.resolve();
      for (const response of await Promise.all(slow)) assert.equal(response.statusCode, 200);
      const accepted = await postEvent('after-1');
      assert.equal(accepted.statusCode, 202, 'the finished requests gave their places back');
      assert.equal(await stored('after-1'), true);
    });

    test('a refused request costs no token lookup: even a bad token gets 503, not 401', async () => {
      gate = Promise.withResolvers<void>();
      const slow = [app.inject({ method: 'GET', url: '/slow' }), app.inject({ method: 'GET', url: '/slow' })];
      await new Promise((resolve) => setImmediate(resolve));
      const refused = await app.inject({
        method: 'GET',
        url: '/api/v1/items',
        headers: { authorization: 'Bearer sf_not_a_token' },
      });
      assert.equal(refused.statusCode, 503);
      gate.resolve();
      await Promise.all(slow);
      const after = await app.inject({
        method: 'GET',
        url: '/api/v1/items',
        headers: { authorization: 'Bearer sf_not_a_token' },
      });
      assert.equal(after.statusCode, 401);
    });

    test('a client waiting with Prefer: wait gives its place back once its events are stored', async () => {
      gate = Promise.withResolvers<void>();
      // Nothing processes events in this app (no runner), so these two wait their full second.
      const waiting = [1, 2].map((n) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/events',
          headers: { authorization: `Bearer ${t.tokens.manager}`, prefer: 'wait=1' },
          payload: {
            id: `waiting-${n}`,
            type: 'app.event',
            subject: { itemId: 'nobody' },
            data: { name: 'x' },
          },
        }),
      );
      await eventually(
        'both events to be stored',
        async () => (await stored('waiting-1')) && (await stored('waiting-2')),
      );
      // Their handlers go on from the commit to the wait before anything else reaches the database.
      await new Promise((resolve) => setImmediate(resolve));
      const meanwhile = await postEvent('meanwhile-1');
      assert.equal(meanwhile.statusCode, 202);
      for (const response of await Promise.all(waiting)) {
        assert.equal(response.statusCode, 202, 'not processed within the wait');
        assert.equal(response.headers['preference-applied'], 'wait=1');
      }
    });
  });
}
