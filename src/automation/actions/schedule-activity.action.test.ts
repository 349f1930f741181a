import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fakeActionContext, paramProblems, testUser } from '../../../test/support/fake-action-context.ts';
import { scheduleActivityAction } from './schedule-activity.action.ts';

describe('schedule_activity action', () => {
  test('S1: "Follow-up call" in 1 working day for the responsible user, in the run’s stage, auto-completing', async () => {
    const anna = testUser('anna', { timeZone: 'Europe/Berlin' });
    const { ctx, recorded } = fakeActionContext({ users: [anna], item: { responsibleId: 'anna' } });
    const result = await scheduleActivityAction.run(
      { type: 'call', subject: 'Follow-up call: {{ item.title }}', due: { after: 'P1D', workingDays: true } },
      ctx,
    );
    const [activity] = recorded.activities;
    assert.equal(activity?.type, 'call');
    assert.equal(activity?.subject, 'Follow-up call: Boilers for Romashka');
    assert.equal(activity?.description, null);
    assert.equal(activity?.responsibleId, 'anna');
    assert.equal(activity?.stageId, 'stage-proposal');
    assert.equal(activity?.createdByRobotId, 'robot-1');
    assert.equal(activity?.autoComplete, true);
    // Friday 13:00 in Berlin + 1 working day = Monday 13:00 there.
    assert.equal(activity?.dueAt?.toISOString(), '2026-03-09T12:00:00.000Z');
    assert.deepEqual(result.changes, {
      activityId: 'activity-1',
      activityVersion: 1,
      type: 'call',
      responsibleId: 'anna',
      dueAt: '2026-03-09T12:00:00.000Z',
      autoComplete: true,
    });
  });

  test('autoComplete can be switched off; without due there is no due time', async () => {
    const { ctx, recorded } = fakeActionContext();
    await scheduleActivityAction.run(
      { type: 'meeting', subject: 'Demo', description: 'For {{ contact.name }}', autoComplete: false },
      ctx,
    );
    assert.equal(recorded.activities[0]?.autoComplete, false);
    assert.equal(recorded.activities[0]?.dueAt, null);
    assert.equal(recorded.activities[0]?.responsibleId, null);
    assert.equal(recorded.activities[0]?.description, 'For Ivan Petrov');
  });

  test('params: the type is one of call, meeting, email, todo; due is checked', async () => {
    const fields = async (params: unknown) =>
      (await paramProblems(scheduleActivityAction, params)).map((p) => p.field);
    assert.deepEqual(await fields({ type: 'todo', subject: 'S', due: { after: 'PT4H' } }), []);
    assert.ok((await fields({ type: 'visit', subject: 'S' })).includes('/body/action/params/type'));
    assert.deepEqual(await fields({ type: 'call', subject: 'S', due: { after: '-P1D' } }), [
      '/body/action/params/due/after',
    ]);
  });

  test('a robot acting as a person plans the activity in their name, and stays its planning robot', async () => {
    const anna = testUser('anna');
    const { ctx, recorded } = fakeActionContext({ users: [anna], item: { responsibleId: 'anna' } });
    await scheduleActivityAction.run({ type: 'meeting', subject: 'Demo' }, ctx);
    await scheduleActivityAction.run(
      { type: 'meeting', subject: 'Demo' },
      { ...ctx, author: { type: 'user', id: 'anna' } },
    );
    assert.deepEqual(
      recorded.activities.map((activity) => [activity.createdByRobotId, activity.createdByUserId]),
      [
        ['robot-1', null],
        ['robot-1', 'anna'],
      ],
    );
  });
});
