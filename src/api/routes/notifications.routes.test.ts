import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { idsOf, type Placed, placeItem } from '../../../test/support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

const ids = idsOf;

for (const dialect of DIALECTS) {
  describe(`notifications API (${dialect})`, () => {
    let t: TestApp;
    let deal: Placed;
    let anna: string;
    let boris: string;
    before(async () => {
      t = await createTestApp(dialect);
      deal = await placeItem(t);
      const user = async (email: string) =>
        (
          await t.request({
            method: 'POST',
            url: '/api/v1/users',
            body: { name: email, email, role: 'manager' },
          })
        ).body.id as string;
      anna = await user('anna@example.com');
      boris = await user('boris@example.com');
    });
    after(() => t.close());

    const get = (url: string) => t.request({ method: 'GET', url });
    const create = async (body: Record<string, unknown>) => {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/notifications',
        body: { userId: anna, title: 'Deal needs attention', body: 'No answer for 3 days', ...body },
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body;
    };
    const markRead = (id: string, read: unknown, as: 'manager' | 'viewer' = 'manager') =>
      t.request({ method: 'PATCH', url: `/api/v1/notifications/${id}`, body: { read }, as });
    const readAll = (userId: string, as: 'manager' | 'viewer' = 'manager') =>
      t.request({ method: 'POST', url: '/api/v1/notifications/read-all', body: { userId }, as });

    test('creates, reads, lists and deletes a notification, unread at first', async () => {
      const notification = await create({ itemId: deal.itemId });
      assert.deepEqual(
        [notification.userId, notification.itemId, notification.read, notification.readAt],
        [anna, deal.itemId, false, null],
      );
      assert.equal(notification.createdAt, t.clock.now().toISOString());
      const read = await t.request({
        method: 'GET',
        url: `/api/v1/notifications/${notification.id}`,
        as: 'viewer',
      });
      assert.deepEqual([read.status, read.body], [200, notification]);
      assert.deepEqual(ids(await get(`/api/v1/notifications?itemId=${deal.itemId}`)), [notification.id]);
      const url = `/api/v1/notifications/${notification.id}`;
      assert.equal((await t.request({ method: 'DELETE', url })).status, 204);
      assert.equal((await get(url)).status, 404);
      assert.equal((await markRead(notification.id, true)).status, 404);
      assert.equal((await t.request({ method: 'DELETE', url })).status, 404);
    });

    test('marking read stamps readAt once; marking unread clears it', async () => {
      const notification = await create({});
      t.clock.advance(60_000);
      const firstRead = t.clock.now().toISOString();
      const read = await markRead(notification.id, true);
      assert.deepEqual([read.status, read.body.read, read.body.readAt], [200, true, firstRead]);
      t.clock.advance(60_000);
      assert.equal((await markRead(notification.id, true)).body.readAt, firstRead);
      const unread = await markRead(notification.id, false);
      assert.deepEqual([unread.body.read, unread.body.readAt], [false, null]);
    });

    test("read-all marks only that user's unread notifications and counts them", async () => {
      const { itemId } = await placeItem(t);
      const old = await create({ userId: boris, itemId });
      await markRead(old.id, true);
      const oldReadAt = (await get(`/api/v1/notifications/${old.id}`)).body.readAt;
      const fresh = [await create({ userId: boris, itemId }), await create({ userId: boris, itemId })];
      const others = await create({ userId: anna, itemId });
      t.clock.advance(60_000);
      const answer = await readAll(boris);
      assert.deepEqual([answer.status, answer.body], [200, { updated: 2 }]);
      for (const { id } of fresh) {
        assert.equal((await get(`/api/v1/notifications/${id}`)).body.readAt, t.clock.now().toISOString());
      }
      assert.equal((await get(`/api/v1/notifications/${old.id}`)).body.readAt, oldReadAt);
      assert.equal((await get(`/api/v1/notifications/${others.id}`)).body.read, false);
      assert.deepEqual((await readAll(boris)).body, { updated: 0 });
    });

    test('filters by user, item and unread', async () => {
      const { itemId } = await placeItem(t);
      const a = await create({ itemId });
      const b = await create({ itemId, userId: boris });
      const c = await create({ itemId });
      await markRead(c.id, true);
      const list = async (query: string) => ids(await get(`/api/v1/notifications?itemId=${itemId}&${query}`));
      assert.deepEqual(await list(`userId=${anna}`), [a.id, c.id]);
      assert.deepEqual(await list('unread=true'), [a.id, b.id]);
      assert.deepEqual(await list(`unread=false&userId=${anna}`), [c.id]);
    });

    test('pages walk every notification once, in id order', async () => {
      const { itemId } = await placeItem(t);
      const created = [];
      for (let index = 0; index < 7; index += 1) created.push((await create({ itemId })).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor === null ? '' : `&cursor=${cursor}`;
        const page = await get(`/api/v1/notifications?itemId=${itemId}&limit=3${query}`);
        assert.ok(page.body.data.length <= 3);
        seen.push(...ids(page));
        cursor = page.body.nextCursor;
      } while (cursor !== null);
      assert.deepEqual(seen, created);
    });

    test('viewers cannot send, mark or delete notifications', async () => {
      const notification = await create({});
      const responses = [
        await t.request({
          method: 'POST',
          url: '/api/v1/notifications',
          body: { userId: anna, title: 'No', body: 'No' },
          as: 'viewer',
        }),
        await markRead(notification.id, true, 'viewer'),
        await readAll(anna, 'viewer'),
        await t.request({ method: 'DELETE', url: `/api/v1/notifications/${notification.id}`, as: 'viewer' }),
      ];
      assert.deepEqual(
        responses.map((response) => response.status),
        [403, 403, 403, 403],
      );
      assert.deepEqual((await get(`/api/v1/notifications/${notification.id}`)).body, notification);
    });

    test('bad input answers 400 naming the field and changes nothing', async () => {
      const notification = await create({});
      const before = ids(await get('/api/v1/notifications?limit=200'));
      const cases = [
        [{ userId: 'missing' }, '/body/userId'],
        [{ itemId: 'missing' }, '/body/itemId'],
        [{ title: '' }, '/body/title'],
        [{ body: 42 }, '/body/body'],
        [{ readAt: '2026-03-02T09:00:00Z' }, '/body/readAt'],
      ] as const;
      for (const [body, field] of cases) {
        const answer = await t.request({
          method: 'POST',
          url: '/api/v1/notifications',
          body: { userId: anna, title: 'T', body: 'B', ...body },
        });
        assert.deepEqual([answer.status, answer.body.errors[0].field], [400, field]);
      }
      const missingUser = await t.request({
        method: 'POST',
        url: '/api/v1/notifications',
        body: { title: 'T' },
      });
      assert.deepEqual([missingUser.status, missingUser.body.errors[0].field], [400, '/body/userId']);
      for (const [body, field] of [
        [{ read: 'yes' }, '/body/read'],
        [{}, '/body/read'],
        [{ read: true, version: 1 }, '/body/version'],
      ] as const) {
        const url = `/api/v1/notifications/${notification.id}`;
        const answer = await t.request({ method: 'PATCH', url, body });
        assert.deepEqual([answer.status, answer.body.errors[0].field], [400, field]);
      }
      const unknownUser = await readAll('missing');
      assert.deepEqual([unknownUser.status, unknownUser.body.errors[0].field], [400, '/body/userId']);
      assert.deepEqual(ids(await get('/api/v1/notifications?limit=200')), before);
      assert.deepEqual((await get(`/api/v1/notifications/${notification.id}`)).body, notification);
      const query = await get('/api/v1/notifications?unread=maybe');
      assert.deepEqual([query.status, query.body.errors[0].field], [400, '/querystring/unread']);
    });
  });
}
