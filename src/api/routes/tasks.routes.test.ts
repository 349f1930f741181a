import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { idsOf, type Placed, placeItem } from '../../../test/support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

const ids = idsOf;

for (const dialect of DIALECTS) {
  describe(`tasks API (${dialect})`, () => {
    let t: TestApp;
    let deal: Placed;
    let other: Placed;
    let anna: string;
    let boris: string;
    before(async () => {
      t = await createTestApp(dialect);
      deal = await placeItem(t);
      other = await placeItem(t);
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
        url: '/api/v1/tasks',
        body: { title: 'Call', ...body },
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body;
    };
    const patch = (id: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
      t.request({ method: 'PATCH', url: `/api/v1/tasks/${id}`, body, ...(headers && { headers }) });

    test('creates, reads, updates, lists and deletes a task', async () => {
      const task = await create({
        itemId: deal.itemId,
        title: 'Send the quote',
        description: 'With the discount',
        responsibleId: anna,
        observerIds: [boris],
        deadline: '2026-03-05T18:00:00+03:00',
        stageId: deal.stageIds[1],
      });
      assert.equal(task.deadline, '2026-03-05T15:00:00.000Z');
      assert.deepEqual(
        [task.status, task.completedAt, task.createdByRobotId, task.version],
        ['new', null, null, 1],
      );
      assert.deepEqual(task.observerIds, [boris]);
      assert.equal(task.stageId, deal.stageIds[1]);

      const read = await t.request({ method: 'GET', url: `/api/v1/tasks/${task.id}`, as: 'viewer' });
      assert.equal(read.status, 200);
      assert.equal(read.headers['etag'], '"1"');
      assert.deepEqual(read.body, task);

      const updated = await patch(task.id, { title: 'Send the new quote', deadline: null, version: 1 });
      assert.equal(updated.status, 200);
      assert.deepEqual(
        [updated.body.title, updated.body.deadline, updated.body.version],
        ['Send the new quote', null, 2],
      );
      assert.equal(updated.headers['etag'], '"2"');
      assert.equal(updated.body.description, 'With the discount');

      assert.deepEqual(ids(await get(`/api/v1/tasks?itemId=${deal.itemId}`)), [task.id]);
      assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/tasks/${task.id}` })).status, 204);
      assert.equal((await get(`/api/v1/tasks/${task.id}`)).status, 404);
      assert.equal((await patch(task.id, { title: 'Gone' })).status, 404);
      assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/tasks/${task.id}` })).status, 404);
    });

    test('completing stamps completedAt, completing again keeps it, reopening clears it', async () => {
      const task = await create({ status: 'completed' });
      assert.equal(task.completedAt, t.clock.now().toISOString());
      const firstStamp = task.completedAt;
      t.clock.advance(60_000);
      const again = await patch(task.id, { status: 'completed', title: 'Call again' });
      assert.equal(again.body.completedAt, firstStamp);
      const reopened = await patch(task.id, { status: 'in_progress' });
      assert.equal(reopened.body.completedAt, null);
      t.clock.advance(60_000);
      const completed = await patch(task.id, { status: 'completed' });
      assert.equal(completed.body.completedAt, t.clock.now().toISOString());
    });

    test('moving a task to another item without naming a stage clears its stage', async () => {
      const task = await create({ itemId: deal.itemId, stageId: deal.stageIds[0] });
      const moved = await patch(task.id, { itemId: other.itemId });
      assert.equal(moved.status, 200);
      assert.deepEqual([moved.body.itemId, moved.body.stageId], [other.itemId, null]);
    });

    test('pages walk every task once, in id order', async () => {
      const created = [];
      for (let index = 0; index < 7; index += 1) created.push((await create({ responsibleId: boris })).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor === null ? '' : `&cursor=${cursor}`;
        const page = await get(`/api/v1/tasks?responsibleId=${boris}&limit=3${query}`);
        assert.equal(page.status, 200);
        assert.ok(page.body.data.length <= 3);
        seen.push(...ids(page));
        cursor = page.body.nextCursor;
      } while (cursor !== null);
      assert.deepEqual(seen, created);
    });

    test('filters by item, responsible, status and creating robot', async () => {
      const { itemId } = await placeItem(t);
      const a = await create({ itemId: itemId, responsibleId: anna, status: 'deferred' });
      const b = await create({ itemId: itemId, responsibleId: boris });
      const robot = await t.context.repos.tasks.create(
        { title: 'Robot', createdByRobotId: 'robot-7' },
        t.clock.now(),
      );
      assert.deepEqual(ids(await get(`/api/v1/tasks?itemId=${itemId}&responsibleId=${anna}`)), [a.id]);
      assert.deepEqual(ids(await get(`/api/v1/tasks?itemId=${itemId}&status=new`)), [b.id]);
      assert.deepEqual(ids(await get('/api/v1/tasks?createdByRobotId=robot-7')), [robot.id]);
      assert.equal((await get(`/api/v1/tasks/${robot.id}`)).body.createdByRobotId, 'robot-7');
    });

    test('overdue lists open tasks whose deadline has passed, and overdue=false the rest', async () => {
      const { itemId } = await placeItem(t);
      const soon = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
      const later = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
      const late = await create({ itemId, deadline: soon, status: 'in_progress' });
      const done = await create({ itemId, deadline: soon, status: 'completed' });
      const cancelled = await create({ itemId, deadline: soon, status: 'cancelled' });
      const future = await create({ itemId, deadline: later });
      const undated = await create({ itemId });
      const overdue = `/api/v1/tasks?itemId=${itemId}&overdue=`;
      assert.deepEqual(ids(await get(`${overdue}true`)), []);
      t.clock.advance(2 * 3_600_000);
      assert.deepEqual(ids(await get(`${overdue}true`)), [late.id]);
      assert.deepEqual(ids(await get(`${overdue}false`)), [done.id, cancelled.id, future.id, undated.id]);
    });

    test('my tasks: several statuses at once, and deadlines before or from an instant', async () => {
      const { itemId } = await placeItem(t);
      const at = (hours: number) => new Date(t.clock.now().getTime() + hours * 3_600_000).toISOString();
      const today = await create({ itemId, deadline: at(2), status: 'in_progress' });
      const tomorrow = await create({ itemId, deadline: at(26) });
      const done = await create({ itemId, deadline: at(1), status: 'completed' });
      const undated = await create({ itemId });
      const deferred = await create({ itemId, status: 'deferred', deadline: at(3) });
      const base = `/api/v1/tasks?itemId=${itemId}`;
      assert.deepEqual(ids(await get(`${base}&status=new,in_progress`)), [today.id, tomorrow.id, undated.id]);
      assert.deepEqual(ids(await get(`${base}&dueBefore=${encodeURIComponent(at(12))}`)), [
        today.id,
        done.id,
        deferred.id,
      ]);
      assert.deepEqual(
        ids(await get(`${base}&status=new,in_progress,deferred&dueBefore=${encodeURIComponent(at(12))}`)),
        [today.id, deferred.id],
      );
      assert.deepEqual(ids(await get(`${base}&dueAfter=${encodeURIComponent(at(3))}`)), [
        tomorrow.id,
        deferred.id,
      ]);
      const bad = await get(`${base}&status=new,finished`);
      assert.equal(bad.status, 400);
    });

    test('a stale version is refused with 409 and changes nothing', async () => {
      const task = await create({ title: 'Original' });
      await patch(task.id, { title: 'First' });
      for (const [body, headers] of [
        [{ title: 'Second', version: 1 }, undefined],
        [{ title: 'Second' }, { 'if-match': '"1"' }],
      ] as const) {
        const stale = await patch(task.id, body, headers);
        assert.equal(stale.status, 409);
        assert.equal(stale.body.code, 'stale_version');
      }
      const read = await get(`/api/v1/tasks/${task.id}`);
      assert.deepEqual([read.body.title, read.body.version], ['First', 2]);
    });

    test('viewers cannot create, change or delete tasks', async () => {
      const task = await create({ title: 'Kept' });
      const writes = [
        { method: 'POST', url: '/api/v1/tasks', body: { title: 'No' } },
        { method: 'PATCH', url: `/api/v1/tasks/${task.id}`, body: { title: 'No' } },
        { method: 'DELETE', url: `/api/v1/tasks/${task.id}` },
      ] as const;
      for (const write of writes) {
        const response = await t.request({ ...write, as: 'viewer' });
        assert.equal(response.status, 403, write.method);
      }
      assert.deepEqual((await get(`/api/v1/tasks/${task.id}`)).body, task);
    });

    test('bad input answers 400 naming the field and changes nothing', async () => {
      const task = await create({ title: 'Untouched', itemId: deal.itemId });
      const before = ids(await get('/api/v1/tasks?limit=200'));
      const cases = [
        [{ description: 'no title' }, '/body/title'],
        [{ title: '' }, '/body/title'],
        [{ title: 'x', status: 'done' }, '/body/status'],
        [{ title: 'x', itemId: 'missing' }, '/body/itemId'],
        [{ title: 'x', responsibleId: 'missing' }, '/body/responsibleId'],
        [{ title: 'x', observerIds: [anna, 'missing'] }, '/body/observerIds/1'],
        [{ title: 'x', observerIds: [anna, anna] }, '/body/observerIds'],
        [{ title: 'x', stageId: 'missing' }, '/body/stageId'],
        [{ title: 'x', itemId: deal.itemId, stageId: other.stageIds[0] }, '/body/stageId'],
        [{ title: 'x', deadline: 'tomorrow' }, '/body/deadline'],
        [{ title: 'x', deadline: '2026-03-01T23:59:60Z' }, '/body/deadline'],
        [{ title: 'x', deadline: '0000-01-01T00:00:00Z' }, '/body/deadline'],
        [{ title: 'x', createdByRobotId: 'robot-1' }, '/body/createdByRobotId'],
        [{ title: 'x', createdByUserId: anna }, '/body/createdByUserId'],
      ] as const;
      for (const [body, field] of cases) {
        const response = await t.request({ method: 'POST', url: '/api/v1/tasks', body });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.errors[0].field, field, JSON.stringify(body));
        if (field === '/body/title') continue;
        const change = await patch(task.id, body);
        assert.equal(change.status, 400, `PATCH ${JSON.stringify(body)}`);
        assert.equal(change.body.errors[0].field, field);
      }
      assert.deepEqual(ids(await get('/api/v1/tasks?limit=200')), before);
      assert.deepEqual((await get(`/api/v1/tasks/${task.id}`)).body, task);
      for (const [query, field] of [
        ['colour=red', '/querystring/colour'],
        ['status=done', '/querystring/status'],
        ['cursor=nonsense', '/cursor'],
      ]) {
        const response = await get(`/api/v1/tasks?${query}`);
        assert.equal(response.status, 400, query);
        assert.equal(response.body.errors[0].field, field);
      }
    });
  });
}
