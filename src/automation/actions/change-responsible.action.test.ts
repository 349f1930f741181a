import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  fakeActionContext,
  paramProblems,
  testUser,
  validationContext,
} from '../../../test/support/fake-action-context.ts';
import { changeResponsibleAction } from './change-responsible.action.ts';

const anna = testUser('anna', { supervisorId: 'senior' });
const senior = testUser('senior', { name: 'Senior Manager' });
const boris = testUser('boris');
const vera = testUser('vera');
const gone = testUser('gone', { active: false });

describe('change_responsible action', () => {
  test('S2: hands the lead to the senior manager against the item’s version and writes a timeline entry', async () => {
    const { ctx, recorded } = fakeActionContext({ users: [anna, senior], item: { responsibleId: 'anna' } });
    const result = await changeResponsibleAction.run({ to: { userId: 'senior' } }, ctx);
    assert.deepEqual(recorded.itemUpdates, [
      { id: 'item-1', changes: { responsibleId: 'senior' }, expectedVersion: 3 },
    ]);
    assert.equal(recorded.timeline[0]?.kind, 'robot_entry');
    assert.equal(recorded.timeline[0]?.text, 'Responsible user changed from Anna to Senior Manager');
    assert.deepEqual(recorded.timeline[0]?.author, { type: 'robot', id: 'robot-1' });
    assert.deepEqual(result.changes, {
      responsibleId: 'senior',
      fields: ['item.responsibleId'],
      before: { 'item.responsibleId': 'anna' },
      after: { 'item.responsibleId': 'senior' },
      timelineEntryId: 'entry-1',
    });
  });

  test('to the supervisor of the current responsible user', async () => {
    const { ctx, recorded } = fakeActionContext({ users: [anna, senior], item: { responsibleId: 'anna' } });
    await changeResponsibleAction.run({ to: 'supervisor' }, ctx);
    assert.equal(recorded.itemUpdates[0]?.changes.responsibleId, 'senior');
  });

  test('no change when the user is already responsible: nothing written, no field reported', async () => {
    const { ctx, recorded } = fakeActionContext({ users: [anna], item: { responsibleId: 'anna' } });
    const result = await changeResponsibleAction.run({ to: { userId: 'anna' } }, ctx);
    assert.equal(recorded.itemUpdates.length, 0);
    assert.equal(recorded.timeline.length, 0);
    assert.deepEqual(result.changes['fields'], []);
  });

  test('round robin picks the active candidate with the fewest open items, ties by order', async () => {
    const users = [anna, boris, vera, gone];
    const pick = async (openItems: Record<string, number>) => {
      const { ctx, recorded } = fakeActionContext({ users, openItems, item: { responsibleId: 'anna' } });
      await changeResponsibleAction.run({ to: { roundRobin: ['gone', 'boris', 'vera', 'ghost'] } }, ctx);
      return recorded.itemUpdates[0]?.changes.responsibleId;
    };
    assert.equal(await pick({ boris: 3, vera: 1 }), 'vera');
    assert.equal(await pick({ boris: 2, vera: 2 }), 'boris');
    // The inactive user has none, but is never chosen.
    assert.equal(await pick({ gone: 0, boris: 1, vera: 1 }), 'boris');
  });

  test('a missing target fails the run without retries', async () => {
    const { ctx, recorded } = fakeActionContext({ users: [boris, gone], item: { responsibleId: 'boris' } });
    const refused = (error: Error & { code?: string; retryable?: boolean }) =>
      error.code === 'responsible_user_missing' && error.retryable === false;
    await assert.rejects(changeResponsibleAction.run({ to: 'supervisor' }, ctx), refused);
    await assert.rejects(changeResponsibleAction.run({ to: { userId: 'ghost' } }, ctx), refused);
    await assert.rejects(
      changeResponsibleAction.run({ to: { roundRobin: ['gone', 'ghost'] } }, ctx),
      refused,
    );
    assert.equal(recorded.itemUpdates.length, 0);
  });

  test('params: one of the three forms; named users must exist', async () => {
    const fields = async (params: unknown) =>
      (await paramProblems(changeResponsibleAction, params, validationContext(['anna', 'boris']))).map(
        (p) => p.field,
      );
    const base = '/body/action/params';
    assert.deepEqual(await fields({ to: 'supervisor' }), []);
    assert.deepEqual(await fields({ to: { roundRobin: ['anna', 'boris'] } }), []);
    assert.deepEqual(await fields({ to: { userId: 'ghost' } }), [`${base}/to/userId`]);
    assert.deepEqual(await fields({ to: { roundRobin: ['anna', 'ghost'] } }), [`${base}/to/roundRobin/1`]);
    assert.ok((await fields({ to: { roundRobin: [] } })).length > 0);
    assert.ok((await fields({ to: { roundRobin: ['anna', 'anna'] } })).length > 0);
    assert.ok((await fields({ to: 'responsible' })).includes(`${base}/to`));
  });
});
