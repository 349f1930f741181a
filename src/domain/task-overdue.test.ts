import assert from 'node:assert/strict';
import { test } from 'node:test';
import { overdueAtAfter } from './task-overdue.ts';

const NOW = new Date('2026-03-02T09:00:00.000Z');
const EARLY = '2026-03-02T08:00:00.000Z';
const LATER = '2026-03-02T12:00:00.000Z';
const LATEST = '2026-03-03T12:00:00.000Z';

test('a new open task with a deadline is checked at it; without one, or closed, never', () => {
  assert.equal(overdueAtAfter(undefined, { status: 'new', deadline: LATER }, NOW), LATER);
  assert.equal(overdueAtAfter(undefined, { status: 'new', deadline: null }, NOW), null);
  assert.equal(overdueAtAfter(undefined, { status: 'completed', deadline: LATER }, NOW), null);
});

test('a moved deadline re-arms the check; the same instant written again leaves it alone', () => {
  const before = { status: 'in_progress' as const, deadline: LATER };
  assert.equal(overdueAtAfter(before, { ...before, deadline: LATEST }, NOW), LATEST);
  assert.equal(overdueAtAfter(before, { ...before, deadline: null }, NOW), null);
  assert.equal(overdueAtAfter(before, { ...before, deadline: '2026-03-02T12:00:00Z' }, NOW), undefined);
  assert.equal(overdueAtAfter(before, { ...before, status: 'deferred' }, NOW), undefined);
});

test('closing disarms; reopening re-arms only a deadline still ahead', () => {
  assert.equal(
    overdueAtAfter({ status: 'new', deadline: LATER }, { status: 'cancelled', deadline: LATER }, NOW),
    null,
  );
  const closed = { status: 'completed' as const, deadline: LATER };
  assert.equal(overdueAtAfter(closed, { status: 'new', deadline: LATER }, NOW), LATER);
  const passed = { status: 'completed' as const, deadline: EARLY };
  assert.equal(overdueAtAfter(passed, { status: 'new', deadline: EARLY }, NOW), null);
});
