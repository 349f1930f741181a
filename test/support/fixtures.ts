import assert from 'node:assert/strict';
import type { TestApp } from './harness.ts';

export interface Placed {
  readonly itemId: string;
  readonly pipelineId: string;
  /** The pipeline's two open stages; the item is in the first. */
  readonly stageIds: readonly [string, string];
}

/** A pipeline with stages of these names (all open), through the API; answers its id and stage ids. */
export async function createPipeline(
  t: TestApp,
  stageNames: readonly string[] = ['New'],
): Promise<{ id: string; stageIds: string[] }> {
  const response = await t.request({
    method: 'POST',
    url: '/api/v1/pipelines',
    body: { name: 'Sales', entityType: 'deal', stages: stageNames.map((name) => ({ name })) },
  });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return { id: response.body.id, stageIds: response.body.stages.map((stage: { id: string }) => stage.id) };
}

/** A pipeline with two open stages and one item ("Deal", 1000.00 USD) in the first. */
export async function placeItem(t: TestApp): Promise<Placed> {
  const pipeline = await createPipeline(t, ['Stage 0', 'Stage 1']);
  const [first, second] = pipeline.stageIds;
  assert.ok(first && second);
  const item = await t.request({
    method: 'POST',
    url: '/api/v1/items',
    body: { pipelineId: pipeline.id, stageId: first, title: 'Deal', amount: '1000.00', currency: 'USD' },
  });
  assert.equal(item.status, 201, JSON.stringify(item.body));
  return { itemId: item.body.id, pipelineId: pipeline.id, stageIds: [first, second] };
}

/** The ids of a list answer, in order. */
export const idsOf = (response: { body: { data: { id: string }[] } }) =>
  response.body.data.map((row) => row.id);
