import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { idsOf, type Placed, placeItem } from '../../../test/support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';
import { inTransaction } from '../../store/repositories/index.ts';

const ids = idsOf;

for (const dialect of DIALECTS) {
  describe(`activities API (${dialect})`, () => {
    let t: TestApp;
    let deal: Placed;
    let other: Placed;
    let anna: string;
    before(async () => {
      t = await createTestApp(dialect);
      deal = await placeItem(t);
      other = await placeItem(t);
      const email = 'anna@example.com';
      anna = (
        await t.request({
          method: 'POST',
          url: '/api/v1/users',
          body: { name: 'Anna', email, role: 'manager' },
        })
      ).body.id;
    });
    after(() => t.close());

    const get = (url: string) => t.request({ method: 'GET', url });
    const create = async (body: Record<string, unknown>) => {
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/activities',
        body: { type: 'call', subject: 'Call', ...body },
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body;
    };
    const patch = (id: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
      t.request({ method: 'PATCH', url: `/api/v1/activities/${id}`, body, ...(headers && { headers }) });

    test('creates, reads, updates, lists and deletes an activity planned in the item stage', async () => {
      const activity = await create({
        itemId: deal.itemId,
        type: 'meeting',
        subject: 'Demo',
        description: 'At their office',
        dueAt: '2026-03-04T10:00:00Z',
        responsibleId: anna,
      });
      assert.deepEqual(
        [activity.stageId, activity.status, activity.autoComplete, activity.completedAt, activity.version],
        [deal.stageIds[0], 'planned', true, null, 1],
      );
      assert.deepEqual([activity.dueAt, activity.createdByRobotId], ['2026-03-04T10:00:00.000Z', null]);

      const read = await t.request({ method: 'GET', url: `/api/v1/activities/${activity.id}`, as: 'viewer' });
      assert.equal(read.headers['etag'], '"1"');
      assert.deepEqual(read.body, activity);

      const updated = await patch(activity.id, { subject: 'Online demo', autoComplete: false, version: 1 });
      assert.equal(updated.status, 200);
      assert.deepEqual(
        [updated.body.subject, updated.body.autoComplete, updated.body.version],
        ['Online demo', false, 2],
      );
      assert.equal(updated.headers['etag'], '"2"');

      assert.deepEqual(ids(await get(`/api/v1/activities?itemId=${deal.itemId}`)), [activity.id]);
      assert.equal(
        (await t.request({ method: 'DELETE', url: `/api/v1/activities/${activity.id}` })).status,
        204,
      );
      assert.equal((await get(`/api/v1/activities/${activity.id}`)).status, 404);
      assert.equal((await patch(activity.id, { subject: 'Gone' })).status, 404);
      assert.equal(
        (await t.request({ method: 'DELETE', url: `/api/v1/activities/${activity.id}` })).status,
        404,
      );
    });

    test('the stage follows the item: a named stage is kept, another item brings its own stage', async () => {
      const named = await create({ itemId: deal.itemId, stageId: deal.stageIds[1] });
      assert.equal(named.stageId, deal.stageIds[1]);
      assert.equal((await create({})).stageId, null);
      const moved = await patch(named.id, { itemId: other.itemId });
      assert.deepEqual([moved.body.itemId, moved.body.stageId], [other.itemId, other.stageIds[0]]);
      const detached = await patch(named.id, { itemId: null });
      assert.deepEqual([detached.body.itemId, detached.body.stageId], [null, null]);
    });

    test('completing stamps completedAt, completing again keeps it, reopening clears it', async () => {
      const activity = await create({ status: 'completed' });
      const firstStamp = t.clock.now().toISOString();
      assert.equal(activity.completedAt, firstStamp);
      t.clock.advance(60_000);
      assert.equal((await patch(activity.id, { status: 'completed' })).body.completedAt, firstStamp);
      assert.equal((await patch(activity.id, { status: 'planned' })).body.completedAt, null);
    });

    test('pages walk every activity once, in id order', async () => {
      const { itemId } = await placeItem(t);
      const created = [];
      for (let index = 0; index < 7; index += 1) created.push((await create({ itemId })).id);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor === null ? '' : `&cursor=${cursor}`;
        const page = await get(`/api/v1/activities?itemId=${itemId}&limit=3${query}`);
        assert.ok(page.body.data.length <= 3);
        seen.push(...ids(page));
        cursor = page.body.nextCursor;
      } while (cursor !== null);
      assert.deepEqual(seen, created);
    });

    test('filters by item, responsible, status and type', async () => {
      const { itemId } = await placeItem(t);
      const call = await create({ itemId, responsibleId: anna });
      const email = await create({ itemId, type: 'email', status: 'cancelled' });
      const todo = await create({ itemId, type: 'todo' });
      const list = async (query: string) => ids(await get(`/api/v1/activities?itemId=${itemId}&${query}`));
      assert.deepEqual(await list(`responsibleId=${anna}`), [call.id]);
      assert.deepEqual(await list('status=cancelled'), [email.id]);
      assert.deepEqual(await list('type=todo'), [todo.id]);
      assert.deepEqual(await list('status=planned'), [call.id, todo.id]);
    });

    test('leaving a stage completes only its planned self-completing activities, with the move', async () => {
      const { itemId, stageIds } = await placeItem(t);
      const first = await create({ itemId });
      const second = await create({ itemId, type: 'todo' });
      const manual = await create({ itemId, autoComplete: false });
      const cancelled = await create({ itemId, status: 'cancelled' });
      const later = await create({ itemId, stageId: stageIds[1] });
      const elsewhere = await create({ itemId: other.itemId });
      const { store, ids: newId } = t.context;
      t.clock.advance(60_000);
      const now = t.clock.now();

      await assert.rejects(
        inTransaction(store.db, newId, t.context.phones, async (repos) => {
          assert.equal((await repos.activities.completeOnStageLeave(itemId, stageIds[0], now)).length, 2);
          throw new Error('the move failed');
        }),
      );
      assert.equal((await get(`/api/v1/activities/${first.id}`)).body.status, 'planned');

      const completed = await inTransaction(store.db, newId, t.context.phones, (repos) =>
        repos.activities.completeOnStageLeave(itemId, stageIds[0], now),
      );
      assert.deepEqual(completed, [first.id, second.id]);
      for (const id of [first.id, second.id]) {
        const read = (await get(`/api/v1/activities/${id}`)).body;
        assert.deepEqual([read.status, read.completedAt, read.version], ['completed', now.toISOString(), 2]);
      }
      for (const [activity, status] of [
        [manual, 'planned'],
        [cancelled, 'cancelled'],
        [later, 'planned'],
        [elsewhere, 'planned'],
      ]) {
        assert.equal((await get(`/api/v1/activities/${activity.id}`)).body.status, status);
      }
      assert.deepEqual(await t.context.repos.activities.completeOnStageLeave(itemId, stageIds[0], now), []);
    });

    test('a stale version is refused with 409 and changes nothing', async () => {
      const activity = await create({ subject: 'Original' });
      await patch(activity.id, { subject: 'First' });
      for (const [body, headers] of [
        [{ subject: 'Second', version: 1 }, undefined],
        [{ subject: 'Second' }, { 'if-match': '"1"' }],
      ] as const) {
        const stale = await patch(activity.id, body, headers);
        assert.equal(stale.status, 409);
        assert.equal(stale.body.code, 'stale_version');
      }
      const read = await get(`/api/v1/activities/${activity.id}`);
      assert.deepEqual([read.body.subject, read.body.version], ['First', 2]);
    });

    test('viewers cannot create, change or delete activities', async () => {
      const activity = await create({ subject: 'Kept' });
      const writes = [
        { method: 'POST', url: '/api/v1/activities', body: { type: 'call', subject: 'No' } },
        { method: 'PATCH', url: `/api/v1/activities/${activity.id}`, body: { subject: 'No' } },
        { method: 'DELETE', url: `/api/v1/activities/${activity.id}` },
      ] as const;
      for (const write of writes) {
        assert.equal((await t.request({ ...write, as: 'viewer' })).status, 403, write.method);
      }
      assert.deepEqual((await get(`/api/v1/activities/${activity.id}`)).body, activity);
    });

    test('bad input answers 400 naming the field and changes nothing', async () => {
      const activity = await create({ subject: 'Untouched', itemId: deal.itemId });
      const before = ids(await get('/api/v1/activities?limit=200'));
      const cases = [
        [{ subject: 'x' }, '/body/type', true],
        [{ type: 'call' }, '/body/subject', true],
        [{ type: 'visit', subject: 'x' }, '/body/type', false],
        [{ type: 'call', subject: 'x', status: 'done' }, '/body/status', false],
        [{ type: 'call', subject: 'x', autoComplete: 'yes' }, '/body/autoComplete', false],
        [{ type: 'call', subject: 'x', itemId: 'missing' }, '/body/itemId', false],
        [{ type: 'call', subject: 'x', responsibleId: 'missing' }, '/body/responsibleId', false],
        [{ type: 'call', subject: 'x', stageId: 'missing' }, '/body/stageId', false],
        [{ type: 'call', subject: 'x', stageId: other.stageIds[0] }, '/body/stageId', false],
        [{ type: 'call', subject: 'x', dueAt: '2026-13-01T00:00:00Z' }, '/body/dueAt', false],
        [{ type: 'call', subject: 'x', createdByRobotId: 'robot-1' }, '/body/createdByRobotId', false],
      ] as const;
      for (const [body, field, createOnly] of cases) {
        const payload = { itemId: deal.itemId, ...body };
        const response = await t.request({ method: 'POST', url: '/api/v1/activities', body: payload });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.errors[0].field, field, JSON.stringify(body));
        if (createOnly) continue;
        const change = await patch(activity.id, body);
        assert.equal(change.status, 400, `PATCH ${JSON.stringify(body)}`);
        assert.equal(change.body.errors[0].field, field);
      }
      assert.deepEqual(ids(await get('/api/v1/activities?limit=200')), before);
      assert.deepEqual((await get(`/api/v1/activities/${activity.id}`)).body, activity);
      const unknown = await get('/api/v1/activities?kind=call');
      assert.deepEqual([unknown.status, unknown.body.errors[0].field], [400, '/querystring/kind']);
    });
  });
}
