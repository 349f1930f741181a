import type { Author } from '../domain/item.ts';
import type { Localized } from '../domain/localized.ts';
import { formatMailTime } from '../domain/notification-mail.ts';
import type { User } from '../domain/user.ts';
import { CLOSED_TASK_STATUSES, type Task } from '../domain/work.ts';
import type { NotificationsPort } from './actions/action-ports.ts';
import { notifyUser } from './commands/notify-user.ts';

/**
 * Tells a person about their tasks (notification kind `task`, mailed as their preferences ask):
 * a task given to them by someone else, and a task of theirs whose deadline passed. Called inside
 * the transaction that made the change, so the notification commits with it or not at all.
 */

type TaskNotificationTx = {
  readonly notifications: NotificationsPort;
  readonly users: { find(id: string): Promise<User | undefined> };
};

/**
 * Notifies the task's responsible person when the task became theirs (created for them, or its
 * responsible changed to them) by someone else: `by` is a person (the signed-in user), an API
 * token or a robot. Nothing for people assigning themselves, for a closed task, or when the
 * responsible stayed the same. A robot passes itself even when it acts as a person (`actAs`): a
 * robot acting as the item's responsible still tells them about the task it made for them.
 * Answers whether it notified.
 */
export async function notifyTaskAssigned(
  tx: TaskNotificationTx,
  before: Task | undefined,
  after: Task,
  by: Author,
  now: Date,
): Promise<boolean> {
  const userId = after.responsibleId;
  if (userId === null || userId === before?.responsibleId) return false;
  if (by.type === 'user' && by.id === userId) return false;
  if (CLOSED_TASK_STATUSES.includes(after.status)) return false;
  const user = await tx.users.find(userId);
  if (user === undefined || !user.active) return false;
  const deadline = deadlineText(after, user);
  await notifyUser(
    tx,
    {
      userId,
      kind: 'task',
      title: { en: `New task for you: ${after.title}`, ru: `Вам поручена задача: ${after.title}` },
      body: {
        en: lines(deadline === undefined ? undefined : `Deadline: ${deadline.en}`, after.description),
        ru: lines(deadline === undefined ? undefined : `Срок: ${deadline.ru}`, after.description),
      },
      itemId: after.itemId,
      link: linkOf(after),
    },
    now,
  );
  return true;
}

/** Notifies the responsible person that their task is overdue: called once per passed deadline. */
export async function notifyTaskOverdue(tx: TaskNotificationTx, task: Task, now: Date): Promise<boolean> {
  if (task.responsibleId === null || task.deadline === null) return false;
  const user = await tx.users.find(task.responsibleId);
  if (user === undefined || !user.active) return false;
  const deadline = deadlineText(task, user) ?? { en: task.deadline, ru: task.deadline };
  await notifyUser(
    tx,
    {
      userId: user.id,
      kind: 'task',
      title: { en: `Task overdue: ${task.title}`, ru: `Задача просрочена: ${task.title}` },
      body: { en: `The deadline was ${deadline.en}.`, ru: `Срок был ${deadline.ru}.` },
      itemId: task.itemId,
      link: linkOf(task),
    },
    now,
  );
  return true;
}

/** The deadline in the person's time zone, in each language. */
function deadlineText(task: Task, user: User): Localized | undefined {
  if (task.deadline === null) return undefined;
  return {
    en: formatMailTime(task.deadline, 'en', user.timeZone),
    ru: formatMailTime(task.deadline, 'ru', user.timeZone),
  };
}

/** A task of an item is shown on the item's page; one without an item on the tasks page. */
const linkOf = (task: Task): string | null => (task.itemId === null ? '/tasks' : null);

const lines = (...parts: (string | null | undefined)[]): string =>
  parts.filter((part): part is string => part !== undefined && part !== null && part !== '').join('\n');
