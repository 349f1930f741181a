import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ApiError } from '../../web/src/api/client.ts';
import { workScopeOf } from '../../web/src/pages/automation/automation-types.ts';
import { guardDraft, robotDraft, saveBody } from '../../web/src/pages/automation/rule-form/drafts.ts';
import { saveFailure } from '../../web/src/pages/automation/rule-form/save-rule.ts';
import {
  insertPlaceholder,
  placeholderOptions,
} from '../../web/src/pages/automation/rule-form/template-text.ts';

test('a new rule is created with its pipeline; an edited one is sent with the version it was read at', () => {
  const draft = robotDraft(undefined, 'stage-1', 'notify');
  assert.equal(draft.action.type, 'notify');
  assert.deepEqual(draft.retry, { maxAttempts: 5, initialDelay: 'PT30S', maxDelay: 'PT1H' });
  assert.deepEqual(saveBody(draft, 'p1', undefined), { ...draft, pipelineId: 'p1' });
  assert.deepEqual(saveBody(draft, 'p1', 4), { ...draft, version: 4 });
  assert.deepEqual(guardDraft(undefined, 's').condition, { all: [] });
});

test("a save's field errors are placed relative to the body; a stale version is a conflict", () => {
  const invalid = new ApiError({
    status: 400,
    code: 'validation_failed',
    errors: [
      { field: '/body/action/params/title', message: 'must not be empty' },
      { field: '/timing/duration', message: 'must be an ISO 8601 duration' },
    ],
  });
  assert.deepEqual(saveFailure(invalid), {
    kind: 'fields',
    errors: [
      { field: '/action/params/title', message: 'must not be empty' },
      { field: '/timing/duration', message: 'must be an ISO 8601 duration' },
    ],
  });
  assert.deepEqual(saveFailure(new ApiError({ status: 409, code: 'stale_version' })), { kind: 'conflict' });
  assert.deepEqual(saveFailure(new ApiError({ status: 409, code: 'guard_refused' })), { kind: 'other' });
  assert.deepEqual(saveFailure(new Error('offline')), { kind: 'other' });
});

test('a placeholder is inserted at the cursor, replacing the selection, with the cursor after it', () => {
  assert.deepEqual(insertPlaceholder('Hello !', 6, 6, 'contact.name'), {
    text: 'Hello {{ contact.name }}!',
    cursor: 24,
  });
  assert.deepEqual(insertPlaceholder('Dear X', 5, 6, 'contact.name'), {
    text: 'Dear {{ contact.name }}',
    cursor: 23,
  });
  assert.equal(insertPlaceholder('', 10, 10, 'item.title').text, '{{ item.title }}');
});

test('the placeholder list searches paths and descriptions in both languages, event facts only with an event', () => {
  const facts = [
    {
      path: 'item.title',
      kind: 'string' as const,
      scope: 'item' as const,
      description: { en: 'Title', ru: 'Название' },
    },
    {
      path: 'event.type',
      kind: 'string' as const,
      scope: 'event' as const,
      description: { en: 'Event type', ru: 'Тип' },
    },
  ];
  const fields = [{ path: 'item.fields.city', kind: 'string' as const, examples: ['Riga'] }];
  assert.deepEqual(
    placeholderOptions(facts, fields, false, '').map((option) => option.path),
    ['item.title', 'item.fields.city'],
  );
  assert.deepEqual(
    placeholderOptions(facts, fields, true, 'название').map((option) => option.path),
    ['item.title'],
  );
  assert.deepEqual(
    placeholderOptions(facts, fields, true, 'CITY').map((option) => option.example),
    ['Riga'],
  );
});

test("a robot timed against a meeting or a task lists that meeting's or task's placeholders, and only then", () => {
  const facts = [
    {
      path: 'item.title',
      kind: 'string' as const,
      scope: 'item' as const,
      description: { en: 'T', ru: 'Н' },
    },
    {
      path: 'activity.subject',
      kind: 'string' as const,
      scope: 'activity' as const,
      description: { en: 'Subject', ru: 'Тема' },
    },
    {
      path: 'task.title',
      kind: 'string' as const,
      scope: 'task' as const,
      description: { en: 'T', ru: 'Н' },
    },
  ];
  const paths = (withEvent: boolean, work?: 'task' | 'activity') =>
    placeholderOptions(facts, [], withEvent, '', work).map((option) => option.path);
  assert.deepEqual(paths(true), ['item.title']);
  assert.deepEqual(paths(false, 'activity'), ['item.title', 'activity.subject']);
  assert.deepEqual(paths(false, 'task'), ['item.title', 'task.title']);
  assert.equal(workScopeOf({ kind: 'at', field: 'activity.start', offset: '-PT1H' }), 'activity');
  assert.equal(workScopeOf({ kind: 'at', field: 'task.deadline' }), 'task');
  assert.equal(workScopeOf({ kind: 'at', field: 'item.createdAt' }), undefined);
  assert.equal(workScopeOf({ kind: 'immediately' }), undefined);
});
