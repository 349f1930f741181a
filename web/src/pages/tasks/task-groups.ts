import { dayOf } from '../shared/zoned-time.ts';
import { CLOSED, type Task } from './task-types.ts';

export const GROUPS = ['overdue', 'today', 'later'] as const;
export type Group = (typeof GROUPS)[number];

/**
 * Sorts open tasks into overdue (the server decides, by its clock), due today (in the user's
 * time zone) and later (or without a deadline), each soonest first.
 */
export function groupTasks(
  tasks: readonly Task[],
  overdueIds: ReadonlySet<string>,
  today: string,
  timeZone: string,
): Record<Group, Task[]> {
  const groups: Record<Group, Task[]> = { overdue: [], today: [], later: [] };
  for (const task of tasks) {
    if (CLOSED.includes(task.status)) continue;
    if (overdueIds.has(task.id)) groups.overdue.push(task);
    else if (task.deadline !== null && dayOf(task.deadline, timeZone) <= today) groups.today.push(task);
    else groups.later.push(task);
  }
  const byDeadline = (a: Task, b: Task) =>
    (a.deadline ?? '9999').localeCompare(b.deadline ?? '9999') || a.title.localeCompare(b.title);
  for (const group of GROUPS) groups[group].sort(byDeadline);
  return groups;
}
