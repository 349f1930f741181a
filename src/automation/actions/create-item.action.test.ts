import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fakeActionContext, paramProblems } from '../../../test/support/fake-action-context.ts';
import { createItemAction } from './create-item.action.ts';

describe('create_item action', () => {
  test('creates a deal from the lead, copying contact, responsible user and amount, with rendered fields', async () => {
    const { ctx, recorded } = fakeActionContext({ item: { responsibleId: 'anna', amount: '1500.50' } });
    const result = await createItemAction.run(
      {
        pipelineId: 'pipeline-deals',
        title: 'Deal: {{ item.title }}',
        fields: { source: 'lead {{ item.id }}' },
      },
      ctx,
    );
    assert.deepEqual(recorded.creates, [
      {
        pipelineId: 'pipeline-deals',
        stageId: undefined,
        title: 'Deal: Boilers for Romashka',
        amountMinor: 150050,
        currency: 'RUB',
        contactId: 'contact-1',
        responsibleId: 'anna',
        fields: { source: 'lead item-1' },
      },
    ]);
    assert.deepEqual(result.changes, {
      createdItemId: 'item-created',
      pipelineId: 'pipeline-deals',
      stageId: 'stage-entry',
    });
  });

  test('copying can be switched off', async () => {
    const { ctx, recorded } = fakeActionContext({ item: { responsibleId: 'anna' } });
    await createItemAction.run(
      {
        pipelineId: 'pipeline-deals',
        stageId: 'stage-x',
        title: 'T',
        copyContact: false,
        copyResponsible: false,
        copyAmount: false,
      },
      ctx,
    );
    const [input] = recorded.creates;
    assert.equal(input?.stageId, 'stage-x');
    assert.equal(input?.contactId, null);
    assert.equal(input?.responsibleId, null);
    assert.equal(input?.amountMinor, undefined);
    assert.equal(input?.currency, undefined);
  });

  test('params: the pipeline must exist and the stage belong to it; field names and templates are checked', async () => {
    const fields = async (params: unknown) =>
      (await paramProblems(createItemAction, params)).map((p) => p.field);
    const base = '/body/action/params';
    assert.deepEqual(await fields({ pipelineId: 'pipeline-sales', stageId: 'stage-info', title: 'T' }), []);
    assert.deepEqual(await fields({ pipelineId: 'pipeline-nope', title: 'T' }), [`${base}/pipelineId`]);
    assert.deepEqual(await fields({ pipelineId: 'pipeline-sales', stageId: 'stage-x', title: 'T' }), [
      `${base}/stageId`,
    ]);
    assert.deepEqual(
      await fields({
        pipelineId: 'pipeline-sales',
        title: 'T',
        fields: { 'bad name': 'x', ok: '{{ item.titel }}' },
      }),
      [`${base}/fields/bad name`, `${base}/fields/ok`],
    );
  });
});
