import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

for (const dialect of DIALECTS) {
  describe(`events API (${dialect})`, () => {
    let t: TestApp;
    let pipeline: { id: string; stages: { id: string; name: string }[] };
    before(async () => {
      t = await createTestApp(dialect);
      pipeline = (
        await t.request({
          method: 'POST',
          url: '/api/v1/pipelines',
          body: {
            name: 'Events',
            entityType: 'deal',
            stages: [{ name: 'Open' }, { name: 'Touched' }, { name: 'Done' }],
          },
        })
      ).body;
    });
    after(() => t.close());

    const stage = (name: string) => pipeline.stages.find((s) => s.name === name)?.id ?? '';
    const newItem = async () =>
      (
        await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId: pipeline.id, title: 'Evented' },
        })
      ).body;
    const eventCount = async () =>
      Number(
        (
          await t.context.store.db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('source', '=', 'api')
            .executeTakeFirstOrThrow()
        ).n,
      );

    test('bad events are refused with 400 naming the field, and nothing is stored', async () => {
      const item = await newItem();
      const before = await eventCount();
      const cases: [unknown, string][] = [
        [{ type: 'email.teleported', subject: { itemId: item.id } }, '/body/type'],
        [{ type: 'item.stage_changed', subject: { itemId: item.id }, data: {} }, '/body/type'],
        [{ type: 'call.incoming', subject: { itemId: item.id }, data: {} }, '/body/data/phone'],
        [{ type: 'call.incoming', subject: {}, data: { phone: '+1' } }, '/body/subject'],
        [
          { type: 'call.incoming', subject: { itemId: item.id }, data: { phone: '+1' }, colour: 'red' },
          '/body/colour',
        ],
        [
          [
            { type: 'chat.message', subject: { itemId: item.id } },
            { type: 'nope', subject: { itemId: item.id } },
          ],
          '/body/1/type',
        ],
      ];
      for (const [body, field] of cases) {
        const response = await t.request({ method: 'POST', url: '/api/v1/events', body });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(response.body.errors[0].field, field, JSON.stringify(response.body));
      }
      assert.equal(await eventCount(), before, 'a refused batch stores none of its events');
    });

    test('a batch answers each event: accepted or duplicate', async () => {
      const item = await newItem();
      const event = (id: string) => ({
        id,
        type: 'chat.message',
        subject: { itemId: item.id },
        data: { text: id },
      });
      const first = await t.request({
        method: 'POST',
        url: '/api/v1/events',
        body: [event('b-1'), event('b-2')],
      });
      assert.equal(first.status, 202);
      assert.deepEqual(first.body.results, [
        { id: 'b-1', status: 'accepted' },
        { id: 'b-2', status: 'accepted' },
      ]);
      const second = await t.request({
        method: 'POST',
        url: '/api/v1/events',
        body: [event('b-2'), event('b-3')],
      });
      assert.deepEqual(second.body.results, [
        { id: 'b-2', status: 'duplicate' },
        { id: 'b-3', status: 'accepted' },
      ]);
    });

    test('a viewer may not post events', async () => {
      const item = await newItem();
      const response = await t.request({
        method: 'POST',
        url: '/api/v1/events',
        as: 'viewer',
        body: { type: 'chat.message', subject: { itemId: item.id } },
      });
      assert.equal(response.status, 403);
    });

    test('a subject naming a document or a task reaches its item', async () => {
      await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        body: { name: 'viewed', stageId: stage('Touched'), eventType: 'document.viewed' },
      });
      const byDocument = await newItem();
      const document = (
        await t.request({
          method: 'POST',
          url: '/api/v1/documents',
          body: { itemId: byDocument.id, kind: 'quote', number: 'Q-1' },
        })
      ).body;
      await t.request({
        method: 'POST',
        url: '/api/v1/events',
        body: {
          type: 'document.viewed',
          subject: { documentId: document.id },
          data: { documentId: document.id },
        },
      });
      const viewed = await t.request({ method: 'GET', url: `/api/v1/items/${byDocument.id}` });
      assert.equal(viewed.body.stageId, stage('Touched'));
    });

    test('completing a task through the API is a task.status_changed event for triggers', async () => {
      await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        body: {
          name: 'task done',
          stageId: stage('Done'),
          eventType: 'task.status_changed',
          filter: { field: 'event.data.status', op: 'eq', value: 'completed' },
        },
      });
      const item = await newItem();
      const task = (
        await t.request({ method: 'POST', url: '/api/v1/tasks', body: { itemId: item.id, title: 'Call' } })
      ).body;
      await t.request({ method: 'PATCH', url: `/api/v1/tasks/${task.id}`, body: { status: 'in_progress' } });
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/items/${item.id}` })).body.stageId,
        stage('Open'),
      );
      await t.request({ method: 'PATCH', url: `/api/v1/tasks/${task.id}`, body: { status: 'completed' } });
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/items/${item.id}` })).body.stageId,
        stage('Done'),
      );
    });
  });
}
