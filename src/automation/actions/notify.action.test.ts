import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  fakeActionContext,
  paramProblems,
  testUser,
  validationContext,
} from '../../../test/support/fake-action-context.ts';
import { notifyAction } from './notify.action.ts';

const boss = testUser('boss');
const anna = testUser('anna', { supervisorId: 'boss' });
const vera = testUser('vera');

describe('notify action', () => {
  test('S1: the responsible manager’s supervisor gets the deal title, client and amount', async () => {
    const { ctx, recorded } = fakeActionContext({ users: [anna, boss], item: { responsibleId: 'anna' } });
    const result = await notifyAction.run(
      {
        to: ['supervisor'],
        title: 'Big deal: {{ item.title }}',
        body: '{{ contact.company }} — {{ item.amount | money: item.currency }}',
      },
      ctx,
    );
    assert.equal(recorded.notifications.length, 1);
    const [sent] = recorded.notifications;
    assert.equal(sent?.userId, 'boss');
    assert.equal(sent?.itemId, 'item-1');
    assert.equal(sent?.title, 'Big deal: Boilers for Romashka');
    assert.match(sent?.body ?? '', /^Romashka Ltd — 150[\s\u00a0]?000\.00 RUB$/);
    assert.deepEqual(result.changes, { notificationIds: ['notification-1'], recipientIds: ['boss'] });
  });

  test('a person named twice gets one notification', async () => {
    const { ctx, recorded } = fakeActionContext({ users: [anna, boss], item: { responsibleId: 'anna' } });
    await notifyAction.run(
      { to: ['responsible', { userId: 'anna' }, 'supervisor'], title: 'Hi', body: '' },
      ctx,
    );
    assert.deepEqual(
      recorded.notifications.map((n) => n.userId),
      ['anna', 'boss'],
    );
  });

  test('recipients that do not exist are skipped and reported; the others are still told', async () => {
    const { ctx, recorded } = fakeActionContext({ users: [vera], item: { responsibleId: 'vera' } });
    const result = await notifyAction.run(
      { to: ['supervisor', { userId: 'ghost' }, 'responsible'], title: 'Hi', body: 'x' },
      ctx,
    );
    assert.deepEqual(
      recorded.notifications.map((n) => n.userId),
      ['vera'],
    );
    assert.deepEqual(result.changes['skipped'], [
      { recipient: 'supervisor', reason: 'the responsible user Vera has no supervisor' },
      { recipient: 'user ghost', reason: 'user ghost does not exist' },
    ]);
  });

  test('an item without a responsible user notifies nobody and says why', async () => {
    const { ctx, recorded } = fakeActionContext();
    const result = await notifyAction.run({ to: ['responsible', 'supervisor'], title: 'Hi', body: '' }, ctx);
    assert.equal(recorded.notifications.length, 0);
    assert.deepEqual(result.changes, {
      notificationIds: [],
      recipientIds: [],
      skipped: [
        { recipient: 'responsible', reason: 'the item has no responsible user' },
        { recipient: 'supervisor', reason: 'the item has no responsible user, so no supervisor' },
      ],
    });
  });

  test('a title that renders empty fails the run instead of sending a blank notification', async () => {
    const { ctx } = fakeActionContext({ users: [anna], item: { responsibleId: 'anna' } });
    await assert.rejects(
      notifyAction.run({ to: ['responsible'], title: '{{ item.fields.missing }}', body: '' }, ctx),
      (error: Error & { code?: string; retryable?: boolean }) =>
        error.code === 'template_rendered_empty' && error.retryable === false,
    );
  });

  test('params: recipients are required (1 to 20), unknown params and unknown users are refused', async () => {
    const fields = async (params: unknown, users: string[] = []) =>
      (await paramProblems(notifyAction, params, validationContext(users))).map((p) => p.field);
    assert.deepEqual(await fields({ to: ['supervisor'], title: 'Hi', body: '' }), []);
    assert.ok((await fields({ to: [], title: 'Hi', body: '' })).includes('/body/action/params/to'));
    assert.ok((await fields({ to: ['boss'], title: 'Hi', body: '' })).includes('/body/action/params/to/0'));
    assert.ok(
      (await fields({ to: ['supervisor'], title: 'Hi', body: '', cc: 1 })).includes('/body/action/params/cc'),
    );
    assert.ok((await fields({ to: ['supervisor'], body: '' })).includes('/body/action/params'));
    const to = Array.from({ length: 21 }, () => 'responsible');
    assert.ok((await fields({ to, title: 'Hi', body: '' })).includes('/body/action/params/to'));
    assert.deepEqual(
      await fields({ to: ['responsible', { userId: 'anna' }, { userId: 'ghost' }], title: 'Hi', body: '' }, [
        'anna',
      ]),
      ['/body/action/params/to/2/userId'],
    );
  });
});
