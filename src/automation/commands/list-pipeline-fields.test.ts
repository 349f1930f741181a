import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type CustomFieldsPort, listPipelineFields } from './list-pipeline-fields.ts';

test('reads at most the 1000 most recent items and lists item fields before contact fields', async () => {
  const limits: number[] = [];
  const port: CustomFieldsPort = {
    sample: async (_pipelineId, limit) => {
      limits.push(limit);
      return { items: [{ b: 1 }, { a: 'x' }], contacts: [{ city: 'Berlin' }] };
    },
  };
  const fields = await listPipelineFields(port, 'p1');
  assert.deepEqual(limits, [1000]);
  assert.deepEqual(
    fields.map((field) => field.path),
    ['item.fields.a', 'item.fields.b', 'contact.fields.city'],
  );
});

test('an unknown pipeline is not found', async () => {
  const port: CustomFieldsPort = { sample: async () => undefined };
  await assert.rejects(listPipelineFields(port, 'nope'), { code: 'pipeline_not_found', kind: 'not_found' });
});
