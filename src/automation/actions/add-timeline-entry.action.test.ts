import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fakeActionContext, paramProblems } from '../../../test/support/fake-action-context.ts';
import { addTimelineEntryAction } from './add-timeline-entry.action.ts';

describe('add_timeline_entry action', () => {
  test('writes a robot entry authored by the robot, linked to the root event', async () => {
    const { ctx, recorded } = fakeActionContext();
    const result = await addTimelineEntryAction.run({ text: 'The client called: {{ contact.name }}' }, ctx);
    assert.deepEqual(recorded.timeline, [
      {
        itemId: 'item-1',
        kind: 'robot_entry',
        text: 'The client called: Ivan Petrov',
        data: { robotId: 'robot-1', runId: 'run-1' },
        author: { type: 'robot', id: 'robot-1' },
        rootEventId: 'event-root',
      },
    ]);
    assert.deepEqual(result.changes, { timelineEntryId: 'entry-1' });
  });

  test('long output is cut to the timeline’s limit', async () => {
    const { ctx, recorded } = fakeActionContext();
    await addTimelineEntryAction.run({ text: `{% for i in (1..3000) %}word {% endfor %}` }, ctx);
    const text = recorded.timeline[0]?.text ?? '';
    assert.equal(text.length, 10_000);
    assert.ok(text.endsWith('…'));
  });

  test('params: text is required and non-empty', async () => {
    assert.ok((await paramProblems(addTimelineEntryAction, { text: '' })).length > 0);
    assert.ok((await paramProblems(addTimelineEntryAction, {})).length > 0);
  });
});
