import type { WorkDateField } from '../../domain/timing/timing.ts';
import type { Activity, Task } from '../../domain/work.ts';
import type { EngineContext } from '../engine-context.ts';
import { replanWorkRuns } from '../planning.ts';
import type { EngineTx } from '../ports.ts';

/**
 * Runs timed against a task's deadline follow the task: created, its deadline moved, completed,
 * cancelled, reopened or moved to another item, each item it belonged to plans them again.
 * Answers how many runs changed.
 */
export function replanAfterTask(
  context: EngineContext,
  tx: EngineTx,
  before: Task | undefined,
  after: Task | undefined,
): Promise<number> {
  const decides = (task: Task | undefined) => [task?.itemId, task?.deadline, task?.status];
  return replanItems(context, tx, 'task.deadline', before, after, decides, 'task');
}

/** The same for runs timed against an activity's start: rescheduled, done, cancelled, moved. */
export function replanAfterActivity(
  context: EngineContext,
  tx: EngineTx,
  before: Activity | undefined,
  after: Activity | undefined,
): Promise<number> {
  const decides = (activity: Activity | undefined) => [
    activity?.itemId,
    activity?.dueAt,
    activity?.status,
    activity?.type,
  ];
  return replanItems(context, tx, 'activity.start', before, after, decides, 'activity');
}

async function replanItems<R extends { readonly id: string; readonly itemId: string | null }>(
  context: EngineContext,
  tx: EngineTx,
  field: WorkDateField,
  before: R | undefined,
  after: R | undefined,
  decides: (record: R | undefined) => unknown[],
  noun: string,
): Promise<number> {
  const same = JSON.stringify(decides(before)) === JSON.stringify(decides(after));
  if (same) return 0;
  const id = after?.id ?? before?.id;
  const what = before === undefined ? 'was created' : after === undefined ? 'was deleted' : 'changed';
  const items = new Set([before?.itemId, after?.itemId].filter((itemId) => itemId != null));
  let count = 0;
  for (const itemId of items) {
    count += await replanWorkRuns(context, tx, itemId, [field], `the ${noun} ${id} ${what}`);
  }
  return count;
}
