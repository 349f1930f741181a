import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Placed, placeItem } from '../support/fixtures.ts';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

/** An activity marked done records activity.completed, which triggers react to. */
for (const dialect of DIALECTS) {
  describe(`activity.completed (${dialect})`, () => {
    let t: TestApp;
    let deal: Placed;
    before(async () => {
      t = await createTestApp(dialect);
      deal = await placeItem(t);
    });
    after(() => t.close());

    async function send(method: 'POST' | 'PATCH', url: string, body: unknown) {
      const response = await t.request({ method, url, body });
      assert.ok(response.status < 300, `${url}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    }
    const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
    const completedEvents = async (activityId: string) => {
      const rows = await t.context.store.db
        .selectFrom('events')
        .select(['status', 'subject', 'data'])
        .where('type', '=', 'activity.completed')
        .orderBy('seq')
        .execute();
      return rows
        .map((row) => ({ status: row.status, subject: json(row.subject), data: json(row.data) }))
        .filter((row) => row.data.activityId === activityId);
    };
    const stageOf = async (itemId: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/items/${itemId}` })).body.stageId;

    test('a meeting marked done records the event once, and a trigger on meetings moves the item', async () => {
      await send('POST', '/api/v1/triggers', {
        name: 'Meeting held',
        stageId: deal.stageIds[1],
        eventType: 'activity.completed',
        filter: { field: 'event.data.type', op: 'in', value: ['call', 'meeting'] },
      });
      const meeting = await send('POST', '/api/v1/activities', {
        itemId: deal.itemId,
        type: 'meeting',
        subject: 'Demo',
        dueAt: '2026-03-04T10:00:00Z',
      });
      assert.equal((await completedEvents(meeting.id)).length, 0, 'planned is not done');
      await send('PATCH', `/api/v1/activities/${meeting.id}`, { subject: 'Demo at their office' });
      assert.equal((await completedEvents(meeting.id)).length, 0);
      await send('PATCH', `/api/v1/activities/${meeting.id}`, { status: 'completed' });
      const events = await completedEvents(meeting.id);
      assert.equal(events.length, 1);
      assert.equal(events[0]?.status, 'processed');
      assert.deepEqual(events[0]?.subject, { itemId: deal.itemId });
      assert.deepEqual(events[0]?.data, {
        activityId: meeting.id,
        type: 'meeting',
        subject: 'Demo at their office',
        dueAt: '2026-03-04T10:00:00.000Z',
        responsibleId: null,
      });
      assert.equal(await stageOf(deal.itemId), deal.stageIds[1]);
      await send('PATCH', `/api/v1/activities/${meeting.id}`, { description: 'Went well' });
      assert.equal((await completedEvents(meeting.id)).length, 1, 'staying done records nothing');
    });

    test('a call recorded done at once records it; a to-do does not match the meetings trigger', async () => {
      const other = await placeItem(t);
      await send('POST', '/api/v1/triggers', {
        name: 'Call made',
        stageId: other.stageIds[1],
        eventType: 'activity.completed',
        filter: { field: 'event.data.type', op: 'in', value: ['call', 'meeting'] },
      });
      const todo = await send('POST', '/api/v1/activities', {
        itemId: other.itemId,
        type: 'todo',
        subject: 'Note',
      });
      await send('PATCH', `/api/v1/activities/${todo.id}`, { status: 'completed' });
      assert.equal((await completedEvents(todo.id)).length, 1);
      assert.equal(await stageOf(other.itemId), other.stageIds[0], 'the filter leaves to-dos out');
      const call = await send('POST', '/api/v1/activities', {
        itemId: other.itemId,
        type: 'call',
        subject: 'Called back',
        status: 'completed',
      });
      assert.equal((await completedEvents(call.id)).length, 1);
      assert.equal(await stageOf(other.itemId), other.stageIds[1]);
    });

    test('an activity completed by its item leaving the stage, or of no item, records none', async () => {
      const placed = await placeItem(t);
      const auto = await send('POST', '/api/v1/activities', {
        itemId: placed.itemId,
        type: 'call',
        subject: 'Auto',
      });
      assert.equal(auto.autoComplete, true);
      await send('POST', `/api/v1/items/${placed.itemId}/move`, { stageId: placed.stageIds[1] });
      const after = (await t.request({ method: 'GET', url: `/api/v1/activities/${auto.id}` })).body;
      assert.equal(after.status, 'completed');
      assert.equal((await completedEvents(auto.id)).length, 0);
      const loose = await send('POST', '/api/v1/activities', { type: 'call', subject: 'Loose' });
      await send('PATCH', `/api/v1/activities/${loose.id}`, { status: 'completed' });
      assert.equal((await completedEvents(loose.id)).length, 0);
    });
  });
}
