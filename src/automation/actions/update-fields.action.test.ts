import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  fakeActionContext,
  paramProblems,
  validationContext,
} from '../../../test/support/fake-action-context.ts';
import { updateFieldsAction } from './update-fields.action.ts';

describe('update_fields action', () => {
  test('S1: potentialRevenue is set to the quote’s amount, with the change described for the journal', async () => {
    const { ctx, recorded } = fakeActionContext({
      item: { fields: { source: 'cold call' } },
      eventData: { amount: 180000 },
    });
    const result = await updateFieldsAction.run(
      { set: { 'fields.potentialRevenue': { fromFact: 'event.data.amount' } } },
      ctx,
    );
    assert.deepEqual(recorded.itemUpdates, [
      {
        id: 'item-1',
        changes: { fields: { source: 'cold call', potentialRevenue: 180000 } },
        expectedVersion: 3,
      },
    ]);
    assert.deepEqual(result.changes, {
      fields: ['item.fields.potentialRevenue'],
      before: { 'item.fields.potentialRevenue': null },
      after: { 'item.fields.potentialRevenue': 180000 },
    });
  });

  test('title and amount from templates and constants, in one write', async () => {
    const { ctx, recorded } = fakeActionContext();
    const result = await updateFieldsAction.run(
      { set: { title: '{{ item.title }} (VIP)', amount: '200000.50', 'fields.vip': true } },
      ctx,
    );
    assert.deepEqual(recorded.itemUpdates[0]?.changes, {
      title: 'Boilers for Romashka (VIP)',
      amountMinor: 20_000_050,
      fields: { vip: true },
    });
    assert.deepEqual(result.changes, {
      fields: ['item.title', 'item.amount', 'item.fields.vip'],
      before: { 'item.title': 'Boilers for Romashka', 'item.amount': '150000.00', 'item.fields.vip': null },
      after: {
        'item.title': 'Boilers for Romashka (VIP)',
        'item.amount': '200000.50',
        'item.fields.vip': true,
      },
    });
  });

  test('values equal to the current ones are neither written nor reported as changed', async () => {
    const { ctx, recorded } = fakeActionContext({ item: { fields: { stage: 'hot' } } });
    const result = await updateFieldsAction.run(
      { set: { title: 'Boilers for Romashka', amount: 150000, 'fields.stage': 'hot' } },
      ctx,
    );
    assert.equal(recorded.itemUpdates.length, 0);
    assert.deepEqual(result.changes, { fields: [], before: {}, after: {} });
  });

  test('a fact without a value leaves its path unchanged and says so', async () => {
    const { ctx, recorded } = fakeActionContext({ eventData: {} });
    const result = await updateFieldsAction.run(
      { set: { 'fields.potentialRevenue': { fromFact: 'event.data.amount' } } },
      ctx,
    );
    assert.equal(recorded.itemUpdates.length, 0);
    assert.deepEqual(result.changes['skipped'], [
      { path: 'fields.potentialRevenue', reason: 'event.data.amount has no value' },
    ]);
  });

  test('an amount that renders to something else than money fails the run without retries', async () => {
    const { ctx } = fakeActionContext({ eventData: { amount: 'a lot' } });
    await assert.rejects(
      updateFieldsAction.run({ set: { amount: '{{ event.data.amount }}' } }, ctx),
      (error: Error & { code?: string; retryable?: boolean }) =>
        error.code === 'invalid_amount' && error.retryable === false,
    );
  });

  test('a field named __proto__ stays a plain field', async () => {
    const { ctx, recorded } = fakeActionContext();
    await updateFieldsAction.run({ set: { 'fields.__proto__': 'x' } }, ctx);
    const fields = recorded.itemUpdates[0]?.changes.fields ?? {};
    assert.ok(Object.hasOwn(fields, '__proto__'));
    assert.equal(Object.getPrototypeOf(fields), Object.prototype);
  });

  test('params: paths, value kinds, facts and templates are checked when the robot is saved', async () => {
    const base = '/body/action/params/set';
    const problems = async (set: unknown, hasEvent?: boolean) =>
      (
        await paramProblems(
          updateFieldsAction,
          { set },
          validationContext([], hasEvent === undefined ? {} : { hasEvent }),
        )
      ).map((p) => p.field);
    assert.deepEqual(
      await problems({
        title: 'Deal {{ item.title }}',
        amount: 1500.5,
        'fields.potentialRevenue': { fromFact: 'event.data.amount' },
        'fields.note': null,
      }),
      [],
    );
    assert.deepEqual(await problems({ stage: 'x', 'fields.bad-name': 1, 'a/b': 1 }), [
      `${base}/stage`,
      `${base}/fields.bad-name`,
      `${base}/a~1b`,
    ]);
    assert.deepEqual(await problems({ 'fields.x': { fromFact: 'item.amout' } }), [
      `${base}/fields.x/fromFact`,
    ]);
    // A robot may run without an event; a missing fact is then skipped, so S1's copy is accepted.
    assert.deepEqual(await problems({ 'fields.x': { fromFact: 'event.data.amount' } }, false), []);
    assert.deepEqual(await problems({ 'fields.x': { fromFact: 'event.datum' } }, false), [
      `${base}/fields.x/fromFact`,
    ]);
    assert.deepEqual(await problems({ amount: '12.345', title: 5 }), [`${base}/amount`, `${base}/title`]);
    assert.deepEqual(await problems({ amount: true }), [`${base}/amount`]);
    assert.deepEqual(await problems({ 'fields.x': 'Hello {{ item.titel }}' }), [`${base}/fields.x`]);
    assert.ok((await problems({})).includes('/body/action/params/set'));
  });
});
