import assert from 'node:assert/strict';
import { test } from 'node:test';
import { entryStage, isFinalStage, type Stage } from './pipeline.ts';

const stage = (id: string, sort: number, semantics: Stage['semantics']): Stage => ({
  id,
  pipelineId: 'p',
  name: id,
  sort,
  semantics,
  color: null,
});

test('a new item enters the first open stage by sort, whatever the list order', () => {
  const stages = [stage('won', 100, 'won'), stage('b', 300, 'open'), stage('a', 200, 'open')];
  assert.equal(entryStage(stages)?.id, 'a');
  assert.equal(entryStage([stage('won', 100, 'won')]), undefined);
});

test('won and lost stages are final', () => {
  assert.ok(isFinalStage({ semantics: 'won' }));
  assert.ok(isFinalStage({ semantics: 'lost' }));
  assert.ok(!isFinalStage({ semantics: 'open' }));
});
