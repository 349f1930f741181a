import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

/** A task's deadline drives the pipeline: task.overdue, once per deadline, through the manual clock. */
for (const dialect of DIALECTS) {
  describe(`task.overdue (${dialect})`, () => {
    let t: TestApp;
    let userId: string;
    let pipelineId: string;
    let stage: Record<string, string>;
    before(async () => {
      t = await createTestApp(dialect);
      userId = (await post('/api/v1/users', { name: 'Nina', email: 'nina@example.com', role: 'manager' })).id;
      const created = await post('/api/v1/pipelines', {
        name: 'Deals',
        entityType: 'deal',
        stages: ['New', 'Overdue'].map((name) => ({ name, semantics: 'open' })),
      });
      pipelineId = created.id;
      stage = Object.fromEntries(created.stages.map((s: { id: string; name: string }) => [s.name, s.id]));
      await post('/api/v1/triggers', { name: 'late', stageId: stage['Overdue'], eventType: 'task.overdue' });
      await post('/api/v1/robots', {
        name: 'tell Nina',
        stageId: stage['Overdue'],
        action: {
          type: 'notify',
          params: { to: ['responsible'], title: 'Overdue: {{ item.title }}', body: '' },
        },
      });
    });
    after(() => t.close());

    async function post(url: string, body: unknown) {
      const response = await t.request({ method: 'POST', url, body });
      assert.ok(response.status < 300, `${url}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    }
    const get = async (url: string) => (await t.request({ method: 'GET', url })).body;
    const patch = async (url: string, body: unknown) => {
      const response = await t.request({ method: 'PATCH', url, body });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body;
    };
    const inHours = (hours: number) => new Date(t.clock.now().getTime() + hours * 3_600_000).toISOString();
    const deal = (title: string) => post('/api/v1/items', { pipelineId, title, responsibleId: userId });
    const task = (itemId: string, deadline: string) =>
      post('/api/v1/tasks', { itemId, title: 'Call back', responsibleId: userId, deadline });
    const stageOf = async (id: string) => {
      const current = (await get(`/api/v1/items/${id}`)).stageId;
      return Object.entries(stage).find(([, value]) => value === current)?.[0];
    };
    const json = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value);
    /** The task.overdue events recorded, of one item or (no item) all of them. */
    const overdueEvents = async (itemId?: string) => {
      const rows = await t.context.store.db
        .selectFrom('events')
        .select(['status', 'subject', 'data'])
        .where('type', '=', 'task.overdue')
        .orderBy('seq')
        .execute();
      return rows
        .map((row) => ({ status: row.status, subject: json(row.subject), data: json(row.data) }))
        .filter((row) => itemId === undefined || row.subject.itemId === itemId);
    };
    /** What the robots told (task notifications about the task itself are tested elsewhere). */
    const notes = async (itemId: string) =>
      (await get(`/api/v1/notifications?userId=${userId}&itemId=${itemId}`)).data.filter(
        (note: { kind: string }) => note.kind === 'robot',
      );

    test('past its deadline an open task moves its item to "Overdue", where the notify robot runs', async () => {
      const item = await deal('Late deal');
      const created = await task(item.id, inHours(2));
      await t.advance('PT1H59M');
      assert.equal(await stageOf(item.id), 'New');
      assert.equal((await overdueEvents(item.id)).length, 0);
      await t.advance('PT1M');
      assert.equal(await stageOf(item.id), 'Overdue');
      const events = await overdueEvents(item.id);
      assert.equal(events.length, 1);
      assert.equal(events[0]?.status, 'processed');
      assert.deepEqual(events[0]?.subject, { itemId: item.id });
      assert.deepEqual(events[0]?.data, {
        taskId: created.id,
        title: 'Call back',
        deadline: created.deadline,
        responsibleId: userId,
      });
      const told = await notes(item.id);
      assert.equal(told.length, 1);
      assert.equal(told[0]?.title, 'Overdue: Late deal');
      await t.advance('P1D');
      assert.equal((await overdueEvents(item.id)).length, 1, 'once per deadline');
    });

    test('a task completed or cancelled before its deadline fires nothing', async () => {
      const item = await deal('Done in time');
      const done = await task(item.id, inHours(1));
      const dropped = await task(item.id, inHours(1));
      await patch(`/api/v1/tasks/${done.id}`, { status: 'completed' });
      await patch(`/api/v1/tasks/${dropped.id}`, { status: 'cancelled' });
      await t.advance('PT2H');
      assert.equal((await overdueEvents(item.id)).length, 0);
      assert.equal(await stageOf(item.id), 'New');
    });

    test('a deadline moved later fires at the new time only; moved again after firing, it fires again', async () => {
      const item = await deal('Moved deadline');
      const created = await task(item.id, inHours(1));
      const later = inHours(3);
      await patch(`/api/v1/tasks/${created.id}`, { deadline: later });
      await t.advance('PT2H');
      assert.equal((await overdueEvents(item.id)).length, 0, 'the old deadline is disarmed');
      await t.advance('PT1H');
      const events = await overdueEvents(item.id);
      assert.equal(events.length, 1);
      assert.equal(Date.parse(events[0]?.data.deadline), Date.parse(later));
      await patch(`/api/v1/tasks/${created.id}`, { deadline: inHours(1) });
      await t.advance('PT1H');
      assert.equal((await overdueEvents(item.id)).length, 2, 'a new deadline re-arms');
    });

    test('a task without a deadline, or of no item, records no event', async () => {
      const item = await deal('No deadline');
      await post('/api/v1/tasks', { itemId: item.id, title: 'Someday' });
      await post('/api/v1/tasks', { title: 'Loose', deadline: inHours(1) });
      await t.advance('PT2H');
      assert.equal((await overdueEvents(item.id)).length, 0);
      // Only the three of the tests before: the loose task's check ended without an event.
      assert.equal((await overdueEvents()).length, 3);
    });
  });
}
