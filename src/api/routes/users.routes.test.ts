import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

for (const dialect of DIALECTS) {
  describe(`users API (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    const anna = {
      name: 'Anna Petrova',
      email: 'Anna@Example.com',
      role: 'manager',
      timeZone: 'Europe/Moscow',
    };

    test('creates, reads, updates, lists and deletes a user', async () => {
      const boss = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        body: { ...anna, email: 'boss@example.com', name: 'Boss' },
      });
      assert.equal(boss.status, 201);
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        body: { ...anna, supervisorId: boss.body.id, department: 'Sales' },
      });
      assert.equal(created.status, 201);
      assert.equal(created.body.email, 'anna@example.com');
      assert.equal(created.body.supervisorId, boss.body.id);
      assert.deepEqual(created.body.calendar.weekDays, [1, 2, 3, 4, 5]);
      assert.equal(created.body.version, 1);

      const read = await t.request({ method: 'GET', url: `/api/v1/users/${created.body.id}`, as: 'viewer' });
      assert.equal(read.status, 200);
      assert.equal(read.headers['etag'], '"1"');

      const updated = await t.request({
        method: 'PATCH',
        url: `/api/v1/users/${created.body.id}`,
        body: { department: 'Key accounts', version: 1 },
      });
      assert.equal(updated.status, 200);
      assert.equal(updated.body.department, 'Key accounts');
      assert.equal(updated.body.version, 2);

      const listed = await t.request({ method: 'GET', url: '/api/v1/users?department=Key%20accounts' });
      assert.deepEqual(
        listed.body.data.map((u: { id: string }) => u.id),
        [created.body.id],
      );

      assert.equal(
        (await t.request({ method: 'DELETE', url: `/api/v1/users/${created.body.id}` })).status,
        204,
      );
      assert.equal((await t.request({ method: 'GET', url: `/api/v1/users/${created.body.id}` })).status, 404);
    });

    test('a stale version is refused with 409 and changes nothing', async () => {
      const user = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        body: { ...anna, email: 'v@example.com' },
      });
      await t.request({ method: 'PATCH', url: `/api/v1/users/${user.body.id}`, body: { name: 'First' } });
      const stale = await t.request({
        method: 'PATCH',
        url: `/api/v1/users/${user.body.id}`,
        headers: { 'if-match': '"1"' },
        body: { name: 'Second' },
      });
      assert.equal(stale.status, 409);
      assert.equal(stale.body.code, 'stale_version');
      assert.match(String(stale.headers['content-type']), /^application\/problem\+json/);
      const read = await t.request({ method: 'GET', url: `/api/v1/users/${user.body.id}` });
      assert.equal(read.body.name, 'First');
    });

    test('bad input answers 400 naming the field and creates nothing', async () => {
      const before = await t.request({ method: 'GET', url: '/api/v1/users?limit=200' });
      const cases = [
        [{ ...anna, email: 'not-an-email' }, '/body/email'],
        [{ ...anna, role: 'owner' }, '/body/role'],
        [{ ...anna, timeZone: 'Mars/Olympus' }, '/body/timeZone'],
        [{ ...anna, supervisorId: 'missing' }, '/body/supervisorId'],
        [
          { ...anna, calendar: { weekDays: [], hours: { start: '09:00', end: '18:00' }, holidays: [] } },
          '/body/calendar',
        ],
        [
          { ...anna, calendar: { weekDays: [1], hours: { start: '18:00', end: '09:00' }, holidays: [] } },
          '/body/calendar',
        ],
        [{ ...anna, nickname: 'Anya' }, '/body/nickname'],
        [{ role: 'manager', email: 'x@example.com' }, '/body/name'],
      ] as const;
      for (const [body, field] of cases) {
        const response = await t.request({ method: 'POST', url: '/api/v1/users', body });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.errors[0].field, field);
      }
      const afterwards = await t.request({ method: 'GET', url: '/api/v1/users?limit=200' });
      assert.equal(afterwards.body.data.length, before.body.data.length);
    });

    test('a duplicate email is a conflict', async () => {
      await t.request({ method: 'POST', url: '/api/v1/users', body: { ...anna, email: 'dup@example.com' } });
      const again = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        body: { ...anna, email: 'DUP@example.com' },
      });
      assert.equal(again.status, 409);
    });

    test('a supervisor cycle is refused', async () => {
      const a = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        body: { ...anna, email: 'a@cycle.com' },
      });
      const b = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        body: { ...anna, email: 'b@cycle.com', supervisorId: a.body.id },
      });
      const cycle = await t.request({
        method: 'PATCH',
        url: `/api/v1/users/${a.body.id}`,
        body: { supervisorId: b.body.id },
      });
      assert.equal(cycle.status, 400);
      assert.equal(cycle.body.errors[0].field, '/body/supervisorId');
    });

    test('only admins manage users', async () => {
      const response = await t.request({ method: 'POST', url: '/api/v1/users', as: 'manager', body: anna });
      assert.equal(response.status, 403);
      assert.equal(response.body.code, 'forbidden');
    });
  });
}
