import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';
import { sessionClient, signIn } from '../../../test/support/sign-in.ts';

const MINUTE = 60 * 1000;

for (const dialect of DIALECTS) {
  describe(`sign-in refusals and passwords (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    const { asSession, attempt } = sessionClient(() => t);

    test('wrong password, unknown email, no password and inactive user all answer the same 401', async () => {
      const user = await t.createUser({ role: 'manager' });
      const inactive = await t.createUser({ role: 'manager', active: false });
      const noPassword = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        body: { name: 'No Password', email: 'nopass@users.example', role: 'manager' },
      });
      const address = '192.0.2.10';
      const answers = [
        await attempt(user.email, 'not-the-password', address),
        await attempt('nobody@users.example', user.password, address),
        await attempt(noPassword.body.email, 'any-password-1', address),
        await attempt(inactive.email, inactive.password, address),
      ];
      for (const answer of answers) {
        assert.equal(answer.statusCode, 401);
        assert.equal(answer.headers['set-cookie'], undefined);
        const { code, detail } = answer.json();
        assert.deepEqual(
          { code, detail },
          { code: 'sign_in_failed', detail: 'The email or the password is not right' },
        );
      }
    });

    test('after 5 failures for an email the 6th attempt is refused with 429 and Retry-After, even with the right password, until the window passes', async () => {
      const user = await t.createUser({ role: 'manager' });
      const address = '192.0.2.20';
      for (let i = 0; i < 5; i++) {
        assert.equal((await attempt(user.email, `wrong-password-${i}`, address)).statusCode, 401);
        t.clock.advance(MINUTE);
      }
      // The first failure was 5 minutes ago: it leaves the 15-minute window in 10 minutes.
      const limited = await attempt(user.email, user.password, address);
      assert.equal(limited.statusCode, 429, limited.body);
      assert.equal(limited.headers['retry-after'], '600');
      assert.equal(limited.json().code, 'sign_in_rate_limited');
      // Another address does not help: the limit is per email too.
      assert.equal((await attempt(user.email, user.password, '192.0.2.21')).statusCode, 429);

      t.clock.advance(10 * MINUTE);
      assert.equal((await attempt(user.email, user.password, address)).statusCode, 200);
      // A success forgets the email's failures: four more wrong ones are still below the limit.
      for (let i = 0; i < 4; i++) await attempt(user.email, 'wrong-password', address);
      assert.equal((await attempt(user.email, user.password, address)).statusCode, 200);
    });

    test('after 30 failures from one address, that address is refused for any email', async () => {
      const user = await t.createUser({ role: 'manager' });
      const address = '192.0.2.30';
      for (let i = 0; i < 30; i++) {
        assert.equal((await attempt(`guess-${i}@users.example`, 'wrong-password', address)).statusCode, 401);
      }
      const limited = await attempt(user.email, user.password, address);
      assert.equal(limited.statusCode, 429);
      assert.equal(limited.headers['retry-after'], '900');
      assert.equal((await attempt(user.email, user.password, '192.0.2.31')).statusCode, 200);
      t.clock.advance(15 * MINUTE);
      assert.equal((await attempt(user.email, user.password, address)).statusCode, 200);
    });

    test('changing one’s own password needs the current one and ends the other sessions', async () => {
      const user = await t.createUser({ role: 'manager' });
      const here = await signIn(t.app, user.email, user.password);
      const elsewhere = await signIn(t.app, user.email, user.password);
      const url = `/api/v1/users/${user.id}/password`;
      const missing = await asSession(here, 'PUT', url, { body: { password: 'a-new-password-1' } });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.errors[0].field, '/body/currentPassword');
      const wrong = await asSession(here, 'PUT', url, {
        body: { password: 'a-new-password-1', currentPassword: 'not-it-at-all' },
      });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.body.code, 'current_password_wrong');
      const short = await asSession(here, 'PUT', url, {
        body: { password: 'short', currentPassword: user.password },
      });
      assert.equal(short.status, 400);
      assert.equal(short.body.errors[0].field, '/body/password');

      const changed = await asSession(here, 'PUT', url, {
        body: { password: 'a-new-password-1', currentPassword: user.password },
      });
      assert.equal(changed.status, 204, JSON.stringify(changed.body));
      assert.equal((await asSession(here, 'GET', '/api/v1/session')).status, 200, 'this session stays');
      assert.equal((await asSession(elsewhere, 'GET', '/api/v1/session')).status, 401, 'the other one ends');
      assert.equal((await attempt(user.email, user.password, '192.0.2.40')).statusCode, 401);
      await signIn(t.app, user.email, 'a-new-password-1');

      const other = await t.createUser({ role: 'viewer' });
      const notMine = await asSession(here, 'PUT', `/api/v1/users/${other.id}/password`, {
        body: { password: 'a-new-password-2', currentPassword: 'a-new-password-1' },
      });
      assert.equal(notMine.status, 403);
    });

    test('wrong current passwords count as failed sign-ins: a stolen session cannot guess at leisure', async () => {
      const user = await t.createUser({ role: 'viewer' });
      const session = await signIn(t.app, user.email, user.password);
      const change = (currentPassword: string) =>
        asSession(session, 'PUT', `/api/v1/users/${user.id}/password`, {
          body: { password: 'a-new-password-9', currentPassword },
        });
      for (let i = 0; i < 5; i++) assert.equal((await change(`guess-number-${i}`)).status, 400);
      const limited = await change(user.password);
      assert.equal(limited.status, 429);
      assert.equal(limited.body.code, 'sign_in_rate_limited');
      assert.equal((await attempt(user.email, user.password, '192.0.2.50')).statusCode, 429);
      t.clock.advance(15 * MINUTE);
      assert.equal((await change(user.password)).status, 204);
    });

    test("an admin sets anyone's password, which ends all that user's sessions", async () => {
      const user = await t.createUser({ role: 'viewer' });
      const session = await signIn(t.app, user.email, user.password);
      const byManagerToken = await t.request({
        method: 'PUT',
        url: `/api/v1/users/${user.id}/password`,
        as: 'manager',
        body: { password: 'set-by-a-manager' },
      });
      assert.equal(byManagerToken.status, 403);
      const set = await t.request({
        method: 'PUT',
        url: `/api/v1/users/${user.id}/password`,
        body: { password: 'set-by-the-admin' },
      });
      assert.equal(set.status, 204);
      assert.equal((await asSession(session, 'GET', '/api/v1/session')).status, 401);
      await signIn(t.app, user.email, 'set-by-the-admin');
      const unknown = await t.request({
        method: 'PUT',
        url: '/api/v1/users/no-such-user/password',
        body: { password: 'set-by-the-admin' },
      });
      assert.equal(unknown.status, 404);
    });
  });
}
