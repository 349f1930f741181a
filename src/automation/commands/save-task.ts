import { notFound } from '../../domain/errors.ts';
import { type Author, personOf } from '../../domain/item.ts';
import type { Task } from '../../domain/work.ts';
import type { EngineContext } from '../engine-context.ts';
import type { NewTaskRecord, TaskChanges } from '../record-ports.ts';
import { taskStatusEvents } from './internal-events.ts';
import type { RecordUpdate } from './update-record.ts';
import { checkWorkReferences } from './work-references.ts';
import { replanAfterTask } from './work-timing.ts';

/**
 * Creates a task after checking every id it names; a stage is only what the input names. Runs
 * of its item timed against the nearest task deadline are planned again. A person as the author
 * (the signed-in user) is kept as the task's creator; an API token leaves it without one.
 */
export async function createTask(
  context: EngineContext,
  input: NewTaskRecord,
  author: Author,
): Promise<Task> {
  const createdByUserId = personOf(author);
  let replanned = 0;
  const task = await context.store.transaction(async (tx) => {
    await checkWorkReferences(tx.users, tx.tasks, { ...input, itemId: input.itemId ?? null });
    const created = await tx.tasks.create({ ...input, createdByUserId }, context.clock.now());
    replanned = await replanAfterTask(context, tx, undefined, created);
    return created;
  });
  if (replanned > 0) context.wake('runs');
  return task;
}

/**
 * A change to a task, every id it names checked first; task.status_changed when its status changed,
 * and the runs timed against its deadline planned again.
 */
export const taskUpdate: RecordUpdate<Task, TaskChanges> = {
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
  followUp: replanAfterTask,
};

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
