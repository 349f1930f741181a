import { notFound } from '../../domain/errors.ts';
import { type Author, personOf } from '../../domain/item.ts';
import type { Task } from '../../domain/work.ts';
import type { EngineContext } from '../engine-context.ts';
import type { NewTaskRecord, TaskChanges } from '../record-ports.ts';
import { notifyTaskAssigned } from '../task-notifications.ts';
import { taskStatusEvents } from './internal-events.ts';
import type { RecordUpdate } from './update-record.ts';
import { checkWorkReferences } from './work-references.ts';
import { replanAfterTask } from './work-timing.ts';

/**
 * Creates a task after checking every id it names; a stage is only what the input names. Runs
 * of its item timed against the nearest task deadline are planned again. A person as the author
 * (the signed-in user) is kept as the task's creator; an API token leaves it without one. The
 * responsible person is notified, unless they created it for themselves.
 */
export async function createTask(
  context: EngineContext,
  input: NewTaskRecord,
  author: Author,
): Promise<Task> {
  const createdByUserId = personOf(author);
  // Runs planned again and the notification's mail are the runner's once this commits.
  let due = false;
  const task = await context.store.transaction(async (tx) => {
    await checkWorkReferences(tx.users, tx.tasks, { ...input, itemId: input.itemId ?? null });
    const now = context.clock.now();
    const created = await tx.tasks.create({ ...input, createdByUserId }, now);
    const notified = await notifyTaskAssigned(tx, undefined, created, author, now);
    due = (await replanAfterTask(context, tx, undefined, created)) > 0 || notified;
    return created;
  });
  if (due) context.wake('runs');
  return task;
}

/**
 * A change to a task by `author`, every id it names checked first; task.status_changed when its
 * status changed, the runs timed against its deadline planned again, and the new responsible
 * person notified when someone else gave them the task.
 */
export const taskUpdate = (author: Author): RecordUpdate<Task, TaskChanges> => ({
  resource: 'task',
  read: (tx, id) => tx.tasks.find(id),
  async write(tx, current, { id, changes, expectedVersion }, now) {
    const itemId = changes.itemId === undefined ? current.itemId : changes.itemId;
    // A stage belongs to an item's pipeline: a task moved to another item leaves its old stage.
    const stageId =
      changes.stageId !== undefined ? changes.stageId : itemId === current.itemId ? undefined : null;
    await checkWorkReferences(tx.users, tx.tasks, { ...changes, itemId, stageId });
    return tx.tasks.update(
      id,
      { ...changes, ...(stageId !== undefined && { stageId }) },
      expectedVersion,
      now,
    );
  },
  events: taskStatusEvents,
  async followUp(context, tx, before, after) {
    // A notification counts as work for the runner too: its mail loop wakes with the runs.
    const notified = await notifyTaskAssigned(tx, before, after, author, context.clock.now());
    return (await replanAfterTask(context, tx, before, after)) + (notified ? 1 : 0);
  },
});

/** Deletes a task; runs of its item timed against the nearest task deadline are planned again. */
export async function deleteTask(context: EngineContext, id: string): Promise<void> {
  const replanned = await context.store.transaction(async (tx) => {
    const task = await tx.tasks.find(id);
    if (task === undefined) throw notFound('task', id);
    await tx.tasks.delete(id);
    return replanAfterTask(context, tx, task, undefined);
  });
  if (replanned > 0) context.wake('runs');
}
