import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';
import { sessionClient, signIn } from '../../../test/support/sign-in.ts';

const DEFAULTS = {
  language: 'en',
  email: { robot: 'off', task: 'off', approval: 'off', system: 'off', other: 'off' },
};

for (const dialect of DIALECTS) {
  describe(`notification preferences API (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    const { asSession } = sessionClient(() => t);

    test('a signed-in user reads the defaults, then changes only what they name', async () => {
      const viewer = await t.createUser({ role: 'viewer' });
      const session = await signIn(t.app, viewer.email, viewer.password);
      const first = await asSession(session, 'GET', '/api/v1/me/notification-preferences');
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.deepEqual(first.body, DEFAULTS);

      const changed = await asSession(session, 'PUT', '/api/v1/me/notification-preferences', {
        body: { language: 'ru', email: { robot: 'immediately', task: 'hourly' } },
      });
      assert.equal(changed.status, 200, JSON.stringify(changed.body));
      const expected = { language: 'ru', email: { ...DEFAULTS.email, robot: 'immediately', task: 'hourly' } };
      assert.deepEqual(changed.body, expected);

      const again = await asSession(session, 'PUT', '/api/v1/me/notification-preferences', {
        body: { email: { task: 'off' } },
      });
      assert.deepEqual(again.body, { ...expected, email: { ...expected.email, task: 'off' } });
      const admin = await t.request({
        method: 'GET',
        url: `/api/v1/users/${viewer.id}/notification-preferences`,
      });
      assert.deepEqual(admin.body, again.body, 'an admin reads the same');
    });

    test("an admin sets another user's preferences; a manager may not", async () => {
      const user = await t.createUser({ role: 'manager' });
      const url = `/api/v1/users/${user.id}/notification-preferences`;
      const denied = await t.request({ method: 'PUT', url, body: { language: 'ru' }, as: 'manager' });
      assert.equal(denied.status, 403);
      const set = await t.request({ method: 'PUT', url, body: { email: { approval: 'immediately' } } });
      assert.equal(set.status, 200, JSON.stringify(set.body));
      assert.equal(set.body.email.approval, 'immediately');
      const session = await signIn(t.app, user.email, user.password);
      const own = await asSession(session, 'GET', '/api/v1/me/notification-preferences');
      assert.equal(own.body.email.approval, 'immediately');
    });

    test('changes at once naming different kinds all stay: none puts back what another changed', async () => {
      const user = await t.createUser({ role: 'viewer' });
      const url = `/api/v1/users/${user.id}/notification-preferences`;
      const kinds = Object.keys(DEFAULTS.email);
      // Sent together, each reads before any writes unless the read holds a lock until the write.
      const answers = await Promise.all(
        kinds.map((kind) => t.request({ method: 'PUT', url, body: { email: { [kind]: 'hourly' } } })),
      );
      for (const answer of answers) assert.equal(answer.status, 200, JSON.stringify(answer.body));
      const stored = await t.request({ method: 'GET', url });
      assert.deepEqual(stored.body.email, Object.fromEntries(kinds.map((kind) => [kind, 'hourly'])));
    });

    test('an API token has no own preferences: 409 not_signed_in', async () => {
      const response = await t.request({ method: 'GET', url: '/api/v1/me/notification-preferences' });
      assert.equal(response.status, 409);
      assert.equal(response.body.code, 'not_signed_in');
    });

    test('bad input answers 400 naming the field and changes nothing; an unknown user is 404', async () => {
      const user = await t.createUser({ role: 'viewer' });
      const url = `/api/v1/users/${user.id}/notification-preferences`;
      for (const [body, field] of [
        [{ email: { robot: 'weekly' } }, '/body/email/robot'],
        [{ email: { gossip: 'off' } }, '/body/email'],
        [{ language: 'de' }, '/body/language'],
      ] as const) {
        const response = await t.request({ method: 'PUT', url, body });
        assert.equal(response.status, 400, JSON.stringify(response.body));
        assert.ok(
          response.body.errors.some((error: { field: string }) => error.field.startsWith(field)),
          JSON.stringify(response.body),
        );
      }
      assert.deepEqual((await t.request({ method: 'GET', url })).body, DEFAULTS);
      const missing = await t.request({
        method: 'PUT',
        url: '/api/v1/users/01900000-0000-7000-8000-000000000000/notification-preferences',
        body: { language: 'ru' },
      });
      assert.equal(missing.status, 404);
      assert.equal(missing.body.code, 'user_not_found');
    });
  });
}
