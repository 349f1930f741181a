import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  fakeActionContext,
  paramProblems,
  testUser,
  validationContext,
} from '../../../test/support/fake-action-context.ts';
import { createTaskAction } from './create-task.action.ts';

/** Anna works in Moscow (UTC+3); the run fires on Friday 2026-03-06 at 15:00 her time. */
const anna = testUser('anna', { supervisorId: 'boss', timeZone: 'Europe/Moscow' });
const boss = testUser('boss', { timeZone: 'Asia/Kolkata' });
const vera = testUser('vera');

describe('create_task action', () => {
  test('S1: "Call the client back" for the responsible manager, due next working day at 10:00 her time', async () => {
    const { ctx, recorded } = fakeActionContext({ users: [anna, boss], item: { responsibleId: 'anna' } });
    const result = await createTaskAction.run(
      {
        title: 'Call the client back',
        description: 'Deal {{ item.title }} with {{ contact.company }}',
        deadline: { after: 'P1D', workingDays: true, at: '10:00' },
      },
      ctx,
    );
    const [task] = recorded.tasks;
    assert.equal(task?.title, 'Call the client back');
    assert.equal(task?.description, 'Deal Boilers for Romashka with Romashka Ltd');
    assert.equal(task?.responsibleId, 'anna');
    assert.equal(task?.itemId, 'item-1');
    assert.equal(task?.stageId, 'stage-proposal');
    assert.equal(task?.createdByRobotId, 'robot-1');
    // Monday 10:00 in Moscow, skipping the weekend.
    assert.equal(task?.deadline?.toISOString(), '2026-03-09T07:00:00.000Z');
    assert.deepEqual(result.changes, {
      taskId: 'task-1',
      taskVersion: 1,
      responsibleId: 'anna',
      deadline: '2026-03-09T07:00:00.000Z',
      observerIds: [],
    });
  });

  test('working days skip the responsible user’s holidays', async () => {
    const calendar = {
      weekDays: [1, 2, 3, 4, 5],
      hours: { start: '09:00', end: '18:00' },
      holidays: ['2026-03-09'],
    };
    const { ctx, recorded } = fakeActionContext({
      users: [testUser('anna', { calendar })],
      item: { responsibleId: 'anna' },
    });
    await createTaskAction.run(
      { title: 'T', deadline: { after: 'P1D', workingDays: true, at: '10:00' } },
      ctx,
    );
    assert.equal(recorded.tasks[0]?.deadline?.toISOString(), '2026-03-10T10:00:00.000Z');
  });

  test('the deadline is counted in the calendar of the task’s responsible user, here the supervisor', async () => {
    const { ctx, recorded } = fakeActionContext({ users: [anna, boss], item: { responsibleId: 'anna' } });
    await createTaskAction.run(
      {
        title: 'Review',
        responsible: 'supervisor',
        deadline: { after: 'P1D', workingDays: true, at: '10:00' },
      },
      ctx,
    );
    assert.equal(recorded.tasks[0]?.responsibleId, 'boss');
    // Monday 10:00 in Kolkata (UTC+5:30).
    assert.equal(recorded.tasks[0]?.deadline?.toISOString(), '2026-03-09T04:30:00.000Z');
  });

  test('without a deadline the task has none; calendar days without workingDays', async () => {
    const { ctx, recorded } = fakeActionContext({ users: [anna], item: { responsibleId: 'anna' } });
    await createTaskAction.run({ title: 'No deadline' }, ctx);
    await createTaskAction.run({ title: 'Saturday', deadline: { after: 'P1D' } }, ctx);
    assert.equal(recorded.tasks[0]?.deadline, null);
    assert.equal(recorded.tasks[1]?.deadline?.toISOString(), '2026-03-07T12:00:00.000Z');
  });

  test('observers are resolved, deduplicated, never the responsible user; missing ones are reported', async () => {
    const { ctx, recorded } = fakeActionContext({
      users: [anna, boss, vera],
      item: { responsibleId: 'anna' },
    });
    const result = await createTaskAction.run(
      {
        title: 'T',
        observers: ['supervisor', { userId: 'vera' }, { userId: 'boss' }, 'responsible', { userId: 'ghost' }],
      },
      ctx,
    );
    assert.deepEqual(recorded.tasks[0]?.observerIds, ['boss', 'vera']);
    assert.deepEqual(result.changes['skippedObservers'], [
      { observer: 'user ghost', reason: 'user ghost does not exist' },
    ]);
  });

  test('an item without a responsible user gets an unassigned task', async () => {
    const { ctx, recorded } = fakeActionContext();
    await createTaskAction.run(
      { title: 'T', deadline: { after: 'P1D', workingDays: true, at: '10:00' } },
      ctx,
    );
    assert.equal(recorded.tasks[0]?.responsibleId, null);
    assert.equal(recorded.tasks[0]?.deadline?.toISOString(), '2026-03-09T10:00:00.000Z');
  });

  test('a named responsible user or supervisor that does not exist fails the run, not retried', async () => {
    const { ctx, recorded } = fakeActionContext({ users: [vera], item: { responsibleId: 'vera' } });
    const refused = (error: Error & { code?: string; retryable?: boolean }) =>
      error.code === 'task_responsible_missing' && error.retryable === false;
    await assert.rejects(
      createTaskAction.run({ title: 'T', responsible: { userId: 'ghost' } }, ctx),
      refused,
    );
    await assert.rejects(createTaskAction.run({ title: 'T', responsible: 'supervisor' }, ctx), refused);
    assert.equal(recorded.tasks.length, 0);
  });

  test('params: deadline and users are checked when the robot is saved', async () => {
    const fields = async (params: unknown) =>
      (await paramProblems(createTaskAction, params, validationContext(['anna']))).map((p) => p.field);
    const base = '/body/action/params';
    assert.deepEqual(
      await fields({ title: 'T', responsible: { userId: 'anna' }, deadline: { after: 'P1D' } }),
      [],
    );
    assert.deepEqual(await fields({ title: 'T', deadline: { after: 'P3X' } }), [`${base}/deadline/after`]);
    assert.deepEqual(await fields({ title: 'T', deadline: { after: 'PT2H', workingDays: true } }), [
      `${base}/deadline/after`,
    ]);
    assert.ok((await fields({ title: 'T', deadline: { at: '25:00' } })).includes(`${base}/deadline/at`));
    assert.ok((await fields({ title: 'T', deadline: { in: 'P1D' } })).includes(`${base}/deadline/in`));
    assert.deepEqual(
      await fields({
        title: 'T',
        responsible: { userId: 'ghost' },
        observers: ['supervisor', { userId: 'nope' }],
      }),
      [`${base}/responsible/userId`, `${base}/observers/1/userId`],
    );
    assert.ok((await fields({ title: '' })).includes(`${base}/title`));
  });

  test('a robot acting as a person creates the task in their name, and stays its creating robot', async () => {
    const { ctx, recorded } = fakeActionContext({ users: [anna, vera], item: { responsibleId: 'anna' } });
    await createTaskAction.run({ title: 'Call back' }, ctx);
    await createTaskAction.run({ title: 'Call back' }, { ...ctx, author: { type: 'user', id: 'vera' } });
    assert.deepEqual(
      recorded.tasks.map((task) => [task.createdByRobotId, task.createdByUserId]),
      [
        ['robot-1', null],
        ['robot-1', 'vera'],
      ],
    );
  });
});
