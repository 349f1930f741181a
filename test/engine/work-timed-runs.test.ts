import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

/**
 * Robots timed against the item's work: "remind the responsible an hour before the meeting",
 * "half an hour before the task's deadline". The run follows the meeting or task: planned when one
 * is planned, again when it moves, back to waiting when it is done or cancelled.
 */
for (const dialect of DIALECTS) {
  describe(`robots timed against a task deadline or an activity start (${dialect})`, () => {
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
        stages: ['Meeting', 'Tasks', 'Booked'].map((name) => ({ name, semantics: 'open' })),
      });
      pipelineId = created.id;
      stage = Object.fromEntries(created.stages.map((s: { id: string; name: string }) => [s.name, s.id]));
      await post('/api/v1/robots', {
        name: 'remind before the meeting',
        stageId: stage['Meeting'],
        timing: { kind: 'at', field: 'activity.start', offset: '-PT1H', activityType: 'meeting' },
        action: notify('Meeting soon: {{ item.title }}'),
      });
      await post('/api/v1/robots', {
        name: 'remind before the deadline',
        stageId: stage['Tasks'],
        timing: { kind: 'at', field: 'task.deadline', offset: '-PT30M' },
        action: notify('Deadline soon: {{ item.title }}'),
      });
      await post('/api/v1/robots', {
        name: 'book a meeting',
        stageId: stage['Booked'],
        action: {
          type: 'schedule_activity',
          params: { type: 'meeting', subject: 'Kick-off', due: { after: 'P1D' } },
        },
      });
      await post('/api/v1/robots', {
        name: 'remind before the booked meeting',
        stageId: stage['Booked'],
        timing: { kind: 'at', field: 'activity.start', offset: '-PT2H' },
        action: notify('Kick-off soon: {{ item.title }}'),
      });
    });
    after(() => t.close());

    function notify(title: string) {
      return { type: 'notify', params: { to: ['responsible'], title, body: '' } };
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
    const get = async (url: string) => (await t.request({ method: 'GET', url })).body;
    const inHours = (hours: number) => new Date(t.clock.now().getTime() + hours * 3_600_000).toISOString();
    const deal = (title: string, stageName: string) =>
      post('/api/v1/items', { pipelineId, stageId: stage[stageName], title, responsibleId: userId });
    const activity = (itemId: string, type: string, dueAt: string) =>
      post('/api/v1/activities', { itemId, type, subject: `The ${type}`, dueAt, responsibleId: userId });
    const reminderRun = async (itemId: string, robotName: string) => {
      const runs = (await get(`/api/v1/runs?itemId=${itemId}`)).data as {
        id: string;
        robotName?: string;
        robotId: string;
        status: string;
        dueAt: string | null;
      }[];
      const robots = (await get('/api/v1/robots')).data as { id: string; name: string }[];
      const robotId = robots.find((robot) => robot.name === robotName)?.id;
      const run = runs.find((candidate) => candidate.robotId === robotId);
      assert.ok(run !== undefined, `a run of "${robotName}"`);
      return run;
    };
    /** What the robots told (the task notifications of tasks given to Nina are not theirs). */
    const titles = async (itemId: string) =>
      (
        (await get(`/api/v1/notifications?userId=${userId}&itemId=${itemId}`)).data as {
          kind: string;
          title: string;
        }[]
      )
        .filter((note) => note.kind === 'robot')
        .map((note) => note.title);
    const replanned = async (itemId: string, runId: string) =>
      (
        (await get(`/api/v1/items/${itemId}/journal?kind=run_replanned`)).data as {
          runId: string;
          message: string;
        }[]
      ).filter((entry) => entry.runId === runId);

    test('a reminder waits for a meeting, is planned an hour before it, and follows it when it moves', async () => {
      const item = await deal('Acme', 'Meeting');
      const waiting = await reminderRun(item.id, 'remind before the meeting');
      assert.equal(waiting.status, 'waiting');
      await activity(item.id, 'call', inHours(2));
      assert.equal(
        (await reminderRun(item.id, 'remind before the meeting')).status,
        'waiting',
        'a call is no meeting',
      );
      const meeting = await activity(item.id, 'meeting', inHours(3));
      const planned = await reminderRun(item.id, 'remind before the meeting');
      assert.equal(planned.status, 'scheduled');
      assert.equal(Date.parse(planned.dueAt ?? ''), Date.parse(meeting.dueAt) - 3_600_000);
      await t.advance('PT1H');
      const later = await patch(`/api/v1/activities/${meeting.id}`, { dueAt: inHours(4) });
      const moved = await reminderRun(item.id, 'remind before the meeting');
      assert.equal(Date.parse(moved.dueAt ?? ''), Date.parse(later.dueAt) - 3_600_000);
      const entries = await replanned(item.id, moved.id);
      assert.ok(
        entries.some((entry) => entry.message.includes(`the activity ${meeting.id} changed`)),
        JSON.stringify(entries),
      );
      await t.advance('PT2H59M');
      assert.deepEqual(await titles(item.id), [], 'not at the old time');
      await t.advance('PT1M');
      assert.deepEqual(await titles(item.id), ['Meeting soon: Acme']);
      assert.equal((await reminderRun(item.id, 'remind before the meeting')).status, 'succeeded');
    });

    test('a meeting cancelled or held takes its reminder back; the next meeting plans it again', async () => {
      const item = await deal('Globex', 'Meeting');
      const first = await activity(item.id, 'meeting', inHours(3));
      const second = await activity(item.id, 'meeting', inHours(6));
      assert.equal(
        Date.parse((await reminderRun(item.id, 'remind before the meeting')).dueAt ?? ''),
        Date.parse(first.dueAt) - 3_600_000,
        'the nearest meeting counts',
      );
      await patch(`/api/v1/activities/${first.id}`, { status: 'cancelled' });
      assert.equal(
        Date.parse((await reminderRun(item.id, 'remind before the meeting')).dueAt ?? ''),
        Date.parse(second.dueAt) - 3_600_000,
      );
      await patch(`/api/v1/activities/${second.id}`, { status: 'completed' });
      const run = await reminderRun(item.id, 'remind before the meeting');
      assert.equal(run.status, 'waiting');
      assert.equal(run.dueAt, null);
      await t.advance('PT7H');
      assert.deepEqual(await titles(item.id), [], 'no meeting, no reminder');
      const third = await activity(item.id, 'meeting', inHours(2));
      assert.equal(
        Date.parse((await reminderRun(item.id, 'remind before the meeting')).dueAt ?? ''),
        Date.parse(third.dueAt) - 3_600_000,
      );
      await t.advance('PT1H');
      assert.deepEqual(await titles(item.id), ['Meeting soon: Globex']);
    });

    test('a reminder before a task deadline follows the nearest open task and stops when it is done', async () => {
      const item = await deal('Initech', 'Tasks');
      const task = await post('/api/v1/tasks', {
        itemId: item.id,
        title: 'Send the offer',
        responsibleId: userId,
        deadline: inHours(2),
      });
      const run = await reminderRun(item.id, 'remind before the deadline');
      assert.equal(run.status, 'scheduled');
      assert.equal(Date.parse(run.dueAt ?? ''), Date.parse(task.deadline) - 1_800_000);
      await patch(`/api/v1/tasks/${task.id}`, { status: 'completed' });
      assert.equal((await reminderRun(item.id, 'remind before the deadline')).status, 'waiting');
      await t.advance('PT2H');
      assert.deepEqual(await titles(item.id), []);
      await patch(`/api/v1/tasks/${task.id}`, { status: 'in_progress', deadline: inHours(1) });
      await t.advance('PT30M');
      assert.deepEqual(await titles(item.id), ['Deadline soon: Initech']);
    });

    test('a meeting planned by another robot of the stage plans the reminder', async () => {
      const item = await deal('Umbrella', 'Booked');
      const run = await reminderRun(item.id, 'remind before the booked meeting');
      const meetings = (await get(`/api/v1/activities?itemId=${item.id}`)).data as { dueAt: string }[];
      assert.equal(meetings.length, 1);
      assert.equal(run.status, 'scheduled');
      assert.equal(Date.parse(run.dueAt ?? ''), Date.parse(meetings[0]?.dueAt ?? '') - 2 * 3_600_000);
      await t.advance('PT22H');
      assert.deepEqual(await titles(item.id), ['Kick-off soon: Umbrella']);
    });

    test('undoing the run that booked the meeting takes the reminder timed before it back', async () => {
      const item = await deal('Globex', 'Booked');
      assert.equal((await reminderRun(item.id, 'remind before the booked meeting')).status, 'scheduled');
      const booking = await reminderRun(item.id, 'book a meeting');
      assert.equal(booking.status, 'succeeded');
      await post(`/api/v1/runs/${booking.id}/undo`, {});
      const meetings = (await get(`/api/v1/activities?itemId=${item.id}`)).data as { status: string }[];
      assert.deepEqual(
        meetings.map((meeting) => meeting.status),
        ['cancelled'],
      );
      const reminder = await reminderRun(item.id, 'remind before the booked meeting');
      assert.equal(reminder.status, 'waiting', 'no meeting is left to remind of');
      await t.advance('P2D');
      assert.deepEqual(await titles(item.id), []);
    });

    test('refuses an activity type with another field, and an unknown activity type', async () => {
      for (const timing of [
        { kind: 'at', field: 'task.deadline', activityType: 'meeting' },
        { kind: 'at', field: 'activity.start', activityType: 'party' },
      ]) {
        const response = await t.request({
          method: 'POST',
          url: '/api/v1/robots',
          body: { name: 'bad', stageId: stage['Meeting'], timing, action: notify('x') },
        });
        assert.equal(response.status, 400, JSON.stringify(response.body));
        assert.match(JSON.stringify(response.body), /timing\/activityType/);
      }
    });
  });
}
