import { notFound } from '../../domain/errors.ts';
import type { Task } from '../../domain/work.ts';
import type { EngineContext } from '../engine-context.ts';
import type { TaskChanges } from '../record-ports.ts';
import { commitChange, taskStatusEvents, writeChangeEvents } from './internal-events.ts';
import { checkWorkReferences } from './work-references.ts';

export interface UpdateTask {
  readonly taskId: string;
  readonly changes: TaskChanges;
  /** The version the change was made against; undefined: whatever is stored. */
  readonly expectedVersion?: number | undefined;
}

/**
 * Changes a task after checking every id it names, and writes task.status_changed when its
 * status changed, in one transaction; the runner processes the event after the commit.
 */
export function updateTask(context: EngineContext, command: UpdateTask): Promise<Task> {
  const { taskId, changes } = command;
  return commitChange(context, async (tx) => {
    const current = await tx.tasks.find(taskId);
    if (current === undefined) throw notFound('task', taskId);
    const itemId = changes.itemId === undefined ? current.itemId : changes.itemId;
    // A stage belongs to an item's pipeline: a task moved to another item leaves its old stage.
    const stageId =
      changes.stageId !== undefined ? changes.stageId : itemId === current.itemId ? undefined : null;
    await checkWorkReferences(tx.users, tx.tasks, { ...changes, itemId, stageId });
    const updated = await tx.tasks.update(
      taskId,
      { ...changes, ...(stageId !== undefined && { stageId }) },
      command.expectedVersion,
      context.clock.now(),
    );
    await writeChangeEvents(context, tx, taskStatusEvents(current, updated));
    return updated;
  });
}
