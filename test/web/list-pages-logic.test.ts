import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { activeFilters, filtersFromParams, runsQuery } from '../../web/src/pages/runs/run-query.ts';
import { dayOf, shiftDay, startOfDay } from '../../web/src/pages/shared/zoned-time.ts';
import { groupTasks } from '../../web/src/pages/tasks/task-groups.ts';
import type { Task } from '../../web/src/pages/tasks/task-types.ts';

/** The time arithmetic of the list pages: days in the user's zone, not the browser's or UTC. */
describe('days in a time zone', () => {
  test('an instant falls on the day of the zone', () => {
    assert.equal(dayOf('2026-12-01T22:30:00Z', 'Europe/Moscow'), '2026-12-02');
    assert.equal(dayOf('2026-12-01T22:30:00Z', 'America/New_York'), '2026-12-01');
    assert.equal(dayOf('2026-12-01T22:30:00Z', 'UTC'), '2026-12-01');
  });

  test('a day starts at local midnight, also on a daylight saving change', () => {
    assert.equal(startOfDay('2026-12-02', 'Europe/Moscow'), '2026-12-01T21:00:00.000Z');
    assert.equal(startOfDay('2026-12-02', 'Asia/Yekaterinburg'), '2026-12-01T19:00:00.000Z');
    // Berlin: winter UTC+1, summer UTC+2; the clocks moved on 2026-03-29.
    assert.equal(startOfDay('2026-03-29', 'Europe/Berlin'), '2026-03-28T23:00:00.000Z');
    assert.equal(startOfDay('2026-03-30', 'Europe/Berlin'), '2026-03-29T22:00:00.000Z');
  });

  test('calendar days shift across months and years', () => {
    assert.equal(shiftDay('2026-12-31', 1), '2027-01-01');
    assert.equal(shiftDay('2026-03-01', -1), '2026-02-28');
  });
});

describe('the runs query', () => {
  const none = { statuses: [], pipelineId: '', robotId: '', period: '', from: '', to: '' } as const;
  const now = Date.parse('2026-12-01T22:30:00Z'); // 2 December in Moscow

  test('asks for failed runs first and leaves unset filters out', () => {
    const query = runsQuery(none, 'Europe/Moscow', now);
    assert.equal(query.order, 'failed-first');
    assert.equal(query.status, undefined);
    assert.equal(query.from, undefined);
    assert.equal(query.to, undefined);
  });

  test('reads the filters from the address, ignoring what it does not know', () => {
    const plain = filtersFromParams(new URLSearchParams(''));
    assert.deepEqual(plain, none);
    assert.equal(activeFilters(plain), 0);
    const asked = filtersFromParams(new URLSearchParams('status=failed,done,skipped&period=7d&robot=r1'));
    assert.deepEqual(asked.statuses, ['failed', 'skipped']);
    assert.equal(asked.period, '7d');
    assert.equal(activeFilters(asked), 3);
    assert.equal(filtersFromParams(new URLSearchParams('period=forever')).period, '');
  });

  test('sends several statuses as one comma list', () => {
    assert.equal(
      runsQuery({ ...none, statuses: ['failed', 'skipped'] }, 'UTC', now).status,
      'failed,skipped',
    );
  });

  test('the last seven days end with today in the user zone', () => {
    const query = runsQuery({ ...none, period: '7d' }, 'Europe/Moscow', now);
    assert.equal(query.from, '2026-11-25T21:00:00.000Z');
    assert.equal(query.to, '2026-12-02T21:00:00.000Z');
  });

  test('chosen days include the last one whole', () => {
    const query = runsQuery({ ...none, period: 'custom', from: '2026-11-03', to: '2026-11-04' }, 'UTC', now);
    assert.equal(query.from, '2026-11-03T00:00:00.000Z');
    assert.equal(query.to, '2026-11-05T00:00:00.000Z');
  });
});

describe('my tasks in groups', () => {
  const task = (id: string, deadline: string | null, status: Task['status'] = 'new'): Task => ({
    id,
    itemId: null,
    title: id,
    description: null,
    responsibleId: 'u',
    deadline,
    status,
    createdByRobotId: null,
    createdByUserId: null,
    version: 1,
  });

  test('overdue is what the server says; today is the user day; closed tasks are left out', () => {
    const groups = groupTasks(
      [
        task('late', '2026-12-01T08:00:00Z'),
        task('tonight', '2026-12-02T20:00:00Z'),
        task('after-midnight-in-moscow', '2026-12-02T21:30:00Z'),
        task('someday', null),
        task('done', '2026-12-02T10:00:00Z', 'completed'),
        task('dropped', '2026-12-01T10:00:00Z', 'cancelled'),
      ],
      new Set(['late']),
      '2026-12-02',
      'Europe/Moscow',
    );
    assert.deepEqual(
      Object.fromEntries(Object.entries(groups).map(([name, tasks]) => [name, tasks.map((t) => t.id)])),
      { overdue: ['late'], today: ['tonight'], later: ['after-midnight-in-moscow', 'someday'] },
    );
  });
});
