import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

const ids = (page: { data: { id: string }[] }): string[] => page.data.map((contact) => contact.id);

for (const dialect of DIALECTS) {
  describe(`contacts API (${dialect})`, () => {
    let t: TestApp;
    let managerId: string;
    before(async () => {
      t = await createTestApp(dialect);
      const manager = await t.request({
        method: 'POST',
        url: '/api/v1/users',
        body: { name: 'Maria', email: 'maria@example.com', role: 'manager' },
      });
      managerId = manager.body.id;
    });
    after(() => t.close());

    const create = async (body: Record<string, unknown>) => {
      const response = await t.request({ method: 'POST', url: '/api/v1/contacts', body });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body;
    };
    const list = async (query: string) => {
      const response = await t.request({ method: 'GET', url: `/api/v1/contacts?${query}`, as: 'viewer' });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body;
    };
    const count = async () => (await list('limit=200')).data.length as number;

    test('creates, reads, updates, lists and deletes a contact', async () => {
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/contacts',
        as: 'manager',
        body: {
          name: 'Ivan Petrov',
          company: 'Romashka LLC',
          emails: ['Ivan@Example.com'],
          phones: ['+7 (495) 123-45-67'],
          responsibleId: managerId,
          fields: { source: 'fair', vip: true },
        },
      });
      assert.equal(created.status, 201);
      assert.equal(created.headers['etag'], '"1"');
      assert.equal(created.body.name, 'Ivan Petrov');
      assert.equal(created.body.company, 'Romashka LLC');
      assert.deepEqual(created.body.emails, ['Ivan@Example.com']);
      assert.deepEqual(created.body.phones, ['+7 (495) 123-45-67']);
      assert.equal(created.body.responsibleId, managerId);
      assert.deepEqual(created.body.fields, { source: 'fair', vip: true });
      assert.equal(created.body.version, 1);
      const id = created.body.id;

      const read = await t.request({ method: 'GET', url: `/api/v1/contacts/${id}`, as: 'viewer' });
      assert.equal(read.status, 200);
      assert.equal(read.headers['etag'], '"1"');
      assert.deepEqual(read.body, created.body);

      t.clock.advance(60_000);
      const updated = await t.request({
        method: 'PATCH',
        url: `/api/v1/contacts/${id}`,
        body: { company: null, fields: { source: 'web' }, version: 1 },
      });
      assert.equal(updated.status, 200);
      assert.equal(updated.headers['etag'], '"2"');
      assert.equal(updated.body.company, null);
      assert.deepEqual(updated.body.fields, { source: 'web' });
      assert.deepEqual(updated.body.emails, ['Ivan@Example.com']);
      assert.equal(updated.body.version, 2);
      assert.notEqual(updated.body.updatedAt, created.body.updatedAt);

      assert.deepEqual(ids(await list(`responsibleId=${managerId}`)), [id]);

      const deleted = await t.request({ method: 'DELETE', url: `/api/v1/contacts/${id}` });
      assert.equal(deleted.status, 204);
      assert.equal((await t.request({ method: 'GET', url: `/api/v1/contacts/${id}` })).status, 404);
      assert.deepEqual(await t.context.repos.contacts.findByEmail('ivan@example.com'), []);
    });

    test('email and phone filters match the normalised form through the channel index', async () => {
      const olga = await create({ name: 'Olga', emails: ['Olga.K@Mail.RU'], phones: ['+74951234567'] });
      await create({ name: 'Other', emails: ['other@mail.ru'], phones: ['+7 916 000-00-00'] });
      assert.deepEqual(ids(await list('phone=%2B7%20(495)%20123-45-67')), [olga.id]);
      assert.deepEqual(ids(await list('email=%20olga.k%40mail.ru%20')), [olga.id]);
      assert.deepEqual(ids(await list('email=nobody%40mail.ru')), []);

      const byPhone = await t.context.repos.contacts.findByPhone('+7-495-123-45-67');
      assert.deepEqual(
        byPhone.map((contact) => contact.id),
        [olga.id],
      );
      const byEmail = await t.context.repos.contacts.findByEmail('OLGA.k@mail.ru');
      assert.deepEqual(
        byEmail.map((contact) => contact.id),
        [olga.id],
      );
    });

    test('changing emails or phones replaces the indexed channels', async () => {
      const contact = await create({ name: 'Pavel', emails: ['old@pavel.ru'], phones: ['8 800 555-35-35'] });
      const updated = await t.request({
        method: 'PATCH',
        url: `/api/v1/contacts/${contact.id}`,
        body: { emails: ['New@Pavel.ru', 'new@pavel.ru'] },
      });
      assert.equal(updated.status, 200);
      assert.deepEqual(updated.body.emails, ['New@Pavel.ru', 'new@pavel.ru']);
      assert.deepEqual(ids(await list('email=old%40pavel.ru')), []);
      assert.deepEqual(ids(await list('email=new%40pavel.ru')), [contact.id]);
      assert.deepEqual(ids(await list('phone=88005553535')), [contact.id]);

      await t.request({ method: 'PATCH', url: `/api/v1/contacts/${contact.id}`, body: { phones: [] } });
      assert.deepEqual(ids(await list('phone=88005553535')), []);
    });

    test('q finds a case-insensitive part of the name or the company, wildcards taken literally', async () => {
      const byName = await create({ name: 'Svetlana Orlova', company: 'Acme' });
      const byCompany = await create({ name: 'Boris', company: 'ORLOVO Trading' });
      const percent = await create({ name: 'Discount 100% Ltd' });
      await create({ name: 'Room 101 Florist' });
      const found = ids(await list('q=orlov'));
      assert.deepEqual(found, [byName.id, byCompany.id]);
      assert.deepEqual(ids(await list('q=0%25')), [percent.id]);
      assert.deepEqual(ids(await list('q=t_a')), []);
    });

    test('pages walk every contact once, in id order', async () => {
      const made: string[] = [];
      for (let index = 0; index < 7; index++) {
        made.push((await create({ name: `Paged ${index}`, company: 'Pagination Inc' })).id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = `q=pagination&limit=3${cursor === null ? '' : `&cursor=${cursor}`}`;
        const page = await list(query);
        assert.ok(page.data.length <= 3);
        seen.push(...ids(page));
        cursor = page.nextCursor;
        pages++;
      } while (cursor !== null);
      assert.equal(pages, 3);
      assert.deepEqual(seen, made);
    });

    test('a stale version is refused with 409 and changes nothing, channels included', async () => {
      const contact = await create({ name: 'Stale', emails: ['stale@example.com'] });
      await t.request({ method: 'PATCH', url: `/api/v1/contacts/${contact.id}`, body: { name: 'Fresh' } });
      const stale = await t.request({
        method: 'PATCH',
        url: `/api/v1/contacts/${contact.id}`,
        headers: { 'if-match': '"1"' },
        body: { name: 'Late', emails: ['late@example.com'] },
      });
      assert.equal(stale.status, 409);
      assert.equal(stale.body.code, 'stale_version');
      const read = await t.request({ method: 'GET', url: `/api/v1/contacts/${contact.id}` });
      assert.equal(read.body.name, 'Fresh');
      assert.deepEqual(read.body.emails, ['stale@example.com']);
      assert.deepEqual(ids(await list('email=late%40example.com')), []);
      assert.deepEqual(ids(await list('email=stale%40example.com')), [contact.id]);
    });

    test('a viewer cannot write (403) and nothing is written', async () => {
      const contact = await create({ name: 'Guarded' });
      const before = await count();
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/contacts',
        as: 'viewer',
        body: { name: 'X' },
      });
      assert.equal(created.status, 403);
      const patched = await t.request({
        method: 'PATCH',
        url: `/api/v1/contacts/${contact.id}`,
        as: 'viewer',
        body: { name: 'Y' },
      });
      assert.equal(patched.status, 403);
      const deleted = await t.request({
        method: 'DELETE',
        url: `/api/v1/contacts/${contact.id}`,
        as: 'viewer',
      });
      assert.equal(deleted.status, 403);
      assert.equal(await count(), before);
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/contacts/${contact.id}` })).body.name,
        'Guarded',
      );
    });

    test('bad input answers 400 naming the field and creates nothing', async () => {
      const before = await count();
      const many = Array.from({ length: 21 }, (_, index) => `c${index}@example.com`);
      const cases = [
        [{ name: 'A', emails: ['not-an-email'] }, '/body/emails/0'],
        [{ name: 'A', emails: many }, '/body/emails'],
        [{ name: 'A', phones: ['+7 495 123-45-67', 'call me'] }, '/body/phones/1'],
        [{ name: 'A', phones: ['12'] }, '/body/phones/0'],
        [{ name: 'A', responsibleId: 'missing-user' }, '/body/responsibleId'],
        [{ name: 'A', fields: 'vip' }, '/body/fields'],
        [{ name: 'A', nickname: 'B' }, '/body/nickname'],
        [{ company: 'No name' }, '/body/name'],
        [{ name: '' }, '/body/name'],
      ] as const;
      for (const [body, field] of cases) {
        const response = await t.request({ method: 'POST', url: '/api/v1/contacts', body });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.errors[0].field, field, JSON.stringify(body));
      }
      assert.equal(await count(), before);
    });

    test('a bad update answers 400 naming the field and changes nothing', async () => {
      const contact = await create({ name: 'Kept', phones: ['+7 495 765-43-21'] });
      const cases = [
        [{ phones: ['+7 495 111-11-11', 'nope'] }, '/body/phones/1'],
        [{ responsibleId: 'missing-user' }, '/body/responsibleId'],
        [{ name: 'New', version: 0 }, '/body/version'],
      ] as const;
      for (const [body, field] of cases) {
        const response = await t.request({ method: 'PATCH', url: `/api/v1/contacts/${contact.id}`, body });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.errors[0].field, field);
      }
      const read = await t.request({ method: 'GET', url: `/api/v1/contacts/${contact.id}` });
      assert.deepEqual(read.body, contact);
      assert.deepEqual(ids(await list('phone=%2B74951111111')), []);
    });

    test('unknown or malformed query parameters are 400', async () => {
      for (const [query, field] of [
        ['colour=red', '/querystring/colour'],
        ['phone=call%20me', '/querystring/phone'],
        ['limit=0', '/querystring/limit'],
        ['cursor=garbage', '/cursor'],
      ] as const) {
        const response = await t.request({ method: 'GET', url: `/api/v1/contacts?${query}` });
        assert.equal(response.status, 400, query);
        assert.equal(response.body.errors[0].field, field, query);
      }
    });

    test('a missing contact is 404 on read, update and delete', async () => {
      const missing = '/api/v1/contacts/01900000-0000-7000-8000-000000000000';
      assert.equal((await t.request({ method: 'GET', url: missing })).status, 404);
      const patched = await t.request({ method: 'PATCH', url: missing, body: { name: 'X' } });
      assert.equal(patched.status, 404);
      assert.equal(patched.body.code, 'contact_not_found');
      assert.equal((await t.request({ method: 'DELETE', url: missing })).status, 404);
    });
  });
}
