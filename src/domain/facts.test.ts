import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainUnknownFact } from './facts.ts';
import { workRootOfTiming } from './timing/timing.ts';

test('task.* and activity.* are readable only where the rule is timed against that task or activity', () => {
  assert.equal(explainUnknownFact('activity.subject', { work: 'activity' }), undefined);
  assert.equal(explainUnknownFact('task.deadline', { work: 'task' }), undefined);
  assert.match(explainUnknownFact('activity.subject') ?? '', /only a robot timed against an activity/);
  assert.match(explainUnknownFact('task.title', { work: 'activity' }) ?? '', /timed against a task/);
  assert.match(explainUnknownFact('activity.start', { work: 'activity' }) ?? '', /not a known field/);
});

test("a timing's work root: task.deadline is a task, activity.start an activity, anything else none", () => {
  assert.equal(workRootOfTiming({ kind: 'at', field: 'task.deadline', offset: '-PT1H' }), 'task');
  assert.equal(
    workRootOfTiming({ kind: 'at', field: 'activity.start', activityType: 'meeting' }),
    'activity',
  );
  assert.equal(workRootOfTiming({ kind: 'at', field: 'item.createdAt' }), undefined);
  assert.equal(workRootOfTiming({ kind: 'after', duration: 'P1D' }), undefined);
  assert.equal(workRootOfTiming('task.deadline'), undefined);
});
