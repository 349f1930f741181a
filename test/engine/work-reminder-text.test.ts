import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

/**
 * A reminder names what it reminds of: a robot timed against a meeting's start or a task's
 * deadline reads that meeting as `activity` and that task as `task` in its texts, the one its
 * run was last planned for, as it is when the run fires.
 */
for (const dialect of DIALECTS) {
  describe(`reminders that name their meeting or task (${dialect})`, () => {
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
        stages: ['Meeting', 'Tasks'].map((name) => ({ name, semantics: 'open' })),
      });
      pipelineId = created.id;
      stage = Object.fromEntries(created.stages.map((s: { id: string; name: string }) => [s.name, s.id]));
      await post('/api/v1/robots', {
        name: 'remind before the meeting',
        stageId: stage['Meeting'],
        timing: { kind: 'at', field: 'activity.start', offset: '-PT1H', activityType: 'meeting' },
        action: notify(
          'Reminder: {{ activity.subject }} at {{ activity.dueAt | date: "%H:%M" }}',
          '{{ activity.type }}: {{ activity.description }} {{ activity.url }}',
        ),
      });
      await post('/api/v1/robots', {
        name: 'remind before the deadline',
        stageId: stage['Tasks'],
        timing: { kind: 'at', field: 'task.deadline', offset: '-PT30M' },
        action: notify(
          'Due soon: {{ task.title }} ({{ task.status }})',
          '{{ task.deadline | date: "%H:%M" }} {{ task.description }} {{ task.url }}',
        ),
      });
    });
    after(() => t.close());

    function notify(title: string, body: string) {
      return { type: 'notify', params: { to: ['responsible'], title, body } };
    }
    async function post(url: string, body: unknown) {
      const response = await t.request({ method: 'POST', url, body });
      assert.ok(response.status < 300, `${url}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    }
    async function patch(url: string, body: unknown) {
      const response = await t.request({ method: 'PATCH', url, body });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body;
    }
    const at = (hours: number) => new Date(t.clock.now().getTime() + hours * 3_600_000).toISOString();
    const hhmm = (iso: string) => iso.slice(11, 16);
    const deal = (title: string, stageName: string) =>
      post('/api/v1/items', { pipelineId, stageId: stage[stageName], title, responsibleId: userId });
    const meeting = (itemId: string, subject: string, dueAt: string) =>
      post('/api/v1/activities', {
        itemId,
        type: 'meeting',
        subject,
        description: 'bring the contract',
        dueAt,
        responsibleId: userId,
      });
    const notes = async (itemId: string) =>
      (
        (await t.request({ method: 'GET', url: `/api/v1/notifications?userId=${userId}&itemId=${itemId}` }))
          .body.data as { kind: string; title: string; body: string }[]
      ).filter((note) => note.kind === 'robot');

    test('a notify robot an hour before a meeting names the meeting and its time', async () => {
      const item = await deal('Acme', 'Meeting');
      const demo = await meeting(item.id, 'Demo at Acme', at(3));
      await t.advance('PT1H59M');
      assert.deepEqual(await notes(item.id), []);
      await t.advance('PT1M');
      const told = await notes(item.id);
      assert.deepEqual(
        told.map((note) => note.title),
        [`Reminder: Demo at Acme at ${hhmm(demo.dueAt)}`],
      );
      assert.equal(told[0]?.body, `meeting: bring the contract http://localhost:3000/items/${item.id}`);
    });

    test('after the meeting is moved, the re-planned run names the meeting it now waits for', async () => {
      const item = await deal('Globex', 'Meeting');
      const first = await meeting(item.id, 'First visit', at(2));
      const second = await meeting(item.id, 'Second visit', at(4));
      // The first meeting moves after the second: the reminder is now for the second one.
      await patch(`/api/v1/activities/${first.id}`, { dueAt: at(6) });
      // The journal's run says which meeting it is timed against.
      const runs = await t.request({ method: 'GET', url: `/api/v1/runs?itemId=${item.id}` });
      assert.deepEqual(
        runs.body.data.map((run: { work: unknown }) => run.work),
        [{ kind: 'activity', id: second.id }],
      );
      await t.advance('PT3H');
      assert.deepEqual(
        (await notes(item.id)).map((note) => note.title),
        [`Reminder: Second visit at ${hhmm(second.dueAt)}`],
      );
    });

    test('a meeting renamed or moved without another one coming first is named as it is when the run fires', async () => {
      const item = await deal('Initech', 'Meeting');
      const visit = await meeting(item.id, 'Visit', at(2));
      const moved = await patch(`/api/v1/activities/${visit.id}`, {
        subject: 'Visit with the CEO',
        dueAt: at(5),
      });
      await t.advance('PT4H');
      assert.deepEqual(
        (await notes(item.id)).map((note) => note.title),
        [`Reminder: Visit with the CEO at ${hhmm(moved.dueAt)}`],
      );
    });

    test('a robot before a task deadline names the task', async () => {
      const item = await deal('Umbrella', 'Tasks');
      const task = await post('/api/v1/tasks', {
        itemId: item.id,
        title: 'Send the offer',
        description: 'with the discount',
        responsibleId: userId,
        deadline: at(2),
      });
      await t.advance('PT1H30M');
      const told = await notes(item.id);
      assert.deepEqual(
        told.map((note) => note.title),
        ['Due soon: Send the offer (new)'],
      );
      assert.equal(
        told[0]?.body,
        `${hhmm(task.deadline)} with the discount http://localhost:3000/items/${item.id}`,
      );
    });

    test('a robot not timed against a meeting or task cannot name one: 400, nothing saved', async () => {
      const before = (await t.request({ method: 'GET', url: '/api/v1/robots' })).body.data.length;
      const immediate = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'no meeting here',
          stageId: stage['Meeting'],
          action: notify('Reminder: {{ activity.subject }}', ''),
        },
      });
      assert.equal(immediate.status, 400);
      assert.match(
        JSON.stringify(immediate.body),
        /activity\.subject.*only a robot timed against an activity/,
      );
      const wrongRoot = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'task of a meeting',
          stageId: stage['Meeting'],
          timing: { kind: 'at', field: 'activity.start', offset: '-PT1H' },
          action: notify('{{ task.title }}', ''),
        },
      });
      assert.equal(wrongRoot.status, 400);
      assert.match(JSON.stringify(wrongRoot.body), /task\.title.*only a robot timed against a task/);
      assert.equal((await t.request({ method: 'GET', url: '/api/v1/robots' })).body.data.length, before);
    });
  });
}
