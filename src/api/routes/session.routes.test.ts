import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { placeItem } from '../../../test/support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';
import { type SignedInSession, sessionClient, signIn } from '../../../test/support/sign-in.ts';
import { buildApp } from '../app.ts';

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;

for (const dialect of DIALECTS) {
  describe(`signing in (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    const { asSession, attempt } = sessionClient(() => t);

    const contactCount = async () =>
      (await t.request({ method: 'GET', url: '/api/v1/contacts?limit=200' })).body.data.length;

    test('a right password sets an HttpOnly, SameSite=Lax session cookie and answers the user and a CSRF token', async () => {
      const manager = await t.createUser({ role: 'manager', email: 'Mila@Example.com', name: 'Mila' });
      const response = await attempt('mila@example.com', manager.password);
      assert.equal(response.statusCode, 200, response.body);
      const cookie = String(response.headers['set-cookie']);
      assert.match(cookie, /^stageflow_session=[A-Za-z0-9_-]{43}; /);
      assert.match(cookie, /; Path=\//);
      assert.match(cookie, /; HttpOnly/);
      assert.match(cookie, /; SameSite=Lax/);
      assert.doesNotMatch(cookie, /Secure/, 'plain HTTP: a Secure cookie would never come back');
      const body = response.json();
      assert.deepEqual(body.user, {
        id: manager.id,
        name: 'Mila',
        email: 'mila@example.com',
        role: 'manager',
        timeZone: 'UTC',
      });
      assert.equal(typeof body.csrfToken, 'string');
      assert.ok(body.csrfToken.length >= 32);
    });

    test('behind a trusted HTTPS proxy the cookie is Secure; an untrusted X-Forwarded-Proto changes nothing', async () => {
      const user = await t.createUser({ role: 'viewer' });
      const behindProxy = await buildApp({ ...t.context, trustProxy: true });
      try {
        const secure = await behindProxy.inject({
          method: 'POST',
          url: '/api/v1/session',
          headers: { 'x-forwarded-proto': 'https' },
          payload: { email: user.email, password: user.password },
        });
        assert.equal(secure.statusCode, 200, secure.body);
        assert.match(String(secure.headers['set-cookie']), /; Secure/);
      } finally {
        await behindProxy.close();
      }
      const untrusted = await t.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { email: user.email, password: user.password },
      });
      assert.doesNotMatch(String(untrusted.headers['set-cookie']), /Secure/);
    });

    test('the cookie authenticates reads; GET /session says who is signed in', async () => {
      const viewer = await t.createUser({ role: 'viewer' });
      const session = await signIn(t.app, viewer.email, viewer.password);
      const me = await asSession(session, 'GET', '/api/v1/session', { csrf: null });
      assert.equal(me.status, 200);
      assert.equal(me.body.via, 'session');
      assert.equal(me.body.role, 'viewer');
      assert.equal(me.body.user.id, viewer.id);
      assert.equal(me.body.csrfToken, session.csrfToken);
      assert.equal((await asSession(session, 'GET', '/api/v1/pipelines', { csrf: null })).status, 200);

      const byToken = await t.request({ method: 'GET', url: '/api/v1/session', as: 'manager' });
      assert.deepEqual(byToken.body, { via: 'token', role: 'manager', user: null });

      const nobody = await t.request({ method: 'GET', url: '/api/v1/session', as: null });
      assert.equal(nobody.status, 401);
      assert.match(nobody.body.detail, /Sign in/);
      const forged = await t.request({
        method: 'GET',
        url: '/api/v1/session',
        as: null,
        headers: { cookie: 'stageflow_session=forged' },
      });
      assert.equal(forged.status, 401);
    });

    test('a cookie-authenticated write needs the CSRF header; without it or with a wrong one nothing changes', async () => {
      const manager = await t.createUser({ role: 'manager' });
      const session = await signIn(t.app, manager.email, manager.password);
      const before = await contactCount();
      const contact = { name: 'Forged Contact', emails: ['forged@example.com'] };
      for (const csrf of [null, 'wrong', `${session.csrfToken}x`, '']) {
        const refused = await asSession(session, 'POST', '/api/v1/contacts', { body: contact, csrf });
        assert.equal(refused.status, 403, `CSRF header ${JSON.stringify(csrf)}`);
        assert.equal(refused.body.code, 'csrf_token_invalid');
      }
      assert.equal(await contactCount(), before, 'nothing was written');
      const written = await asSession(session, 'POST', '/api/v1/contacts', { body: contact });
      assert.equal(written.status, 201, JSON.stringify(written.body));
      assert.equal(await contactCount(), before + 1);
    });

    test("a move by a signed-in user is written to the timeline as that user's", async () => {
      const manager = await t.createUser({ role: 'manager', name: 'Nadia Signed' });
      const session = await signIn(t.app, manager.email, manager.password);
      const { itemId, stageIds } = await placeItem(t);
      const moved = await asSession(session, 'POST', `/api/v1/items/${itemId}/move`, {
        body: { stageId: stageIds[1] },
      });
      assert.equal(moved.status, 200, JSON.stringify(moved.body));
      const timeline = await t.request({ method: 'GET', url: `/api/v1/items/${itemId}/timeline` });
      const entries = timeline.body.data.map((e: { kind: string; authorType: string; authorId: string }) => [
        e.kind,
        e.authorType,
        e.authorId,
      ]);
      assert.ok(
        entries.some(([, type, id]: string[]) => type === 'user' && id === manager.id),
        JSON.stringify(entries),
      );
    });

    test('API tokens need no CSRF header, and a token wins over a cookie sent with it', async () => {
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/contacts',
        as: 'manager',
        body: { name: 'By Token' },
      });
      assert.equal(created.status, 201);
      const manager = await t.createUser({ role: 'manager' });
      const session = await signIn(t.app, manager.email, manager.password);
      const both = await t.request({
        method: 'POST',
        url: '/api/v1/contacts',
        as: 'viewer',
        headers: { cookie: session.cookie },
        body: { name: 'Token and cookie' },
      });
      assert.equal(both.status, 403, 'the viewer token decides, not the manager cookie');
      assert.equal(both.body.code, 'forbidden');
    });

    test("a viewer's session reads but cannot write, even with the CSRF token", async () => {
      const viewer = await t.createUser({ role: 'viewer' });
      const session = await signIn(t.app, viewer.email, viewer.password);
      assert.equal((await asSession(session, 'GET', '/api/v1/contacts')).status, 200);
      const before = await contactCount();
      const refused = await asSession(session, 'POST', '/api/v1/contacts', { body: { name: 'Nope' } });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.code, 'forbidden');
      assert.match(refused.body.detail, /manager role; you have the viewer role/);
      assert.equal(await contactCount(), before);
    });

    test("a session has the user's current role and ends when the user is made inactive", async () => {
      const manager = await t.createUser({ role: 'manager' });
      const session = await signIn(t.app, manager.email, manager.password);
      const ok = await asSession(session, 'POST', '/api/v1/contacts', { body: { name: 'Before demotion' } });
      assert.equal(ok.status, 201);
      await t.request({ method: 'PATCH', url: `/api/v1/users/${manager.id}`, body: { role: 'viewer' } });
      const demoted = await asSession(session, 'POST', '/api/v1/contacts', { body: { name: 'After' } });
      assert.equal(demoted.status, 403);
      await t.request({ method: 'PATCH', url: `/api/v1/users/${manager.id}`, body: { active: false } });
      assert.equal((await asSession(session, 'GET', '/api/v1/session')).status, 401);
    });

    test('signing out ends the session and clears the cookie; with a token there is nothing to sign out', async () => {
      const user = await t.createUser({ role: 'viewer' });
      const session = await signIn(t.app, user.email, user.password);
      const withoutCsrf = await asSession(session, 'DELETE', '/api/v1/session', { csrf: null });
      assert.equal(withoutCsrf.status, 403);
      const out = await asSession(session, 'DELETE', '/api/v1/session');
      assert.equal(out.status, 204);
      assert.match(String(out.headers['set-cookie']), /^stageflow_session=; Max-Age=0; Path=\/;.*HttpOnly/);
      assert.equal((await asSession(session, 'GET', '/api/v1/session')).status, 401);
      const byToken = await t.request({ method: 'DELETE', url: '/api/v1/session', as: 'viewer' });
      assert.equal(byToken.status, 409);
      assert.equal(byToken.body.code, 'not_signed_in');
    });

    test('a session ends after 14 days without use and 30 days after signing in, however used', async () => {
      const user = await t.createUser({ role: 'viewer' });
      const idle = await signIn(t.app, user.email, user.password);
      const used = await signIn(t.app, user.email, user.password);
      const read = (session: SignedInSession) => asSession(session, 'GET', '/api/v1/session');
      for (const day of [13, 26]) {
        t.clock.advance(13 * DAY);
        assert.equal((await read(used)).status, 200, `used on day ${day}`);
      }
      assert.equal((await read(idle)).status, 401, 'unused for 26 days');
      t.clock.advance(4 * DAY + MINUTE);
      assert.equal((await read(used)).status, 401, 'past 30 days since signing in');
      assert.equal((await signIn(t.app, user.email, user.password)).user.id, user.id);
    });

    test('deleting a user deletes their sessions', async () => {
      const user = await t.createUser({ role: 'viewer' });
      const session = await signIn(t.app, user.email, user.password);
      assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/users/${user.id}` })).status, 204);
      assert.equal((await asSession(session, 'GET', '/api/v1/session')).status, 401);
      const left = await t.context.store.db
        .selectFrom('sessions')
        .select('id')
        .where('userId', '=', user.id)
        .execute();
      assert.deepEqual(left, []);
    });

    test('no users answer carries the password hash; they say hasPassword instead', async () => {
      const user = await t.createUser({ role: 'manager' });
      const answers = [
        await t.request({ method: 'GET', url: '/api/v1/users?limit=200' }),
        await t.request({ method: 'GET', url: `/api/v1/users/${user.id}` }),
        await t.request({ method: 'PATCH', url: `/api/v1/users/${user.id}`, body: { department: 'Sales' } }),
        await t.request({
          method: 'POST',
          url: '/api/v1/users',
          body: { name: 'Fresh', email: 'fresh@users.example', role: 'viewer' },
        }),
      ];
      for (const answer of answers) {
        const text = JSON.stringify(answer.body);
        assert.doesNotMatch(text, /scrypt|passwordHash|password_hash/);
      }
      assert.equal(answers[1]?.body.hasPassword, true);
      assert.equal(answers[3]?.body.hasPassword, false);
      const stored = await t.context.store.db
        .selectFrom('users')
        .select('passwordHash')
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow();
      assert.match(
        String(stored.passwordHash),
        /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{86}==$/,
      );
    });
  });
}
