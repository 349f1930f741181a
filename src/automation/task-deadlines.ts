import { writeChangeEvents } from './commands/internal-events.ts';
import type { EngineContext } from './engine-context.ts';
import { notifyTaskOverdue } from './task-notifications.ts';

/** How many due checks one pass takes; the rest wait for the next pass, which comes at once. */
const CHECKS_PER_PASS = 50;

/**
 * Fires the overdue checks that became due: `task.overdue` for each open task of an item whose
 * deadline passed, and a `task` notification to its responsible person (for tasks of no item too).
 * A check is planned in the task's row (`overdue_at`) by the transaction that set the deadline, so
 * it survives restarts; here it is taken and its event and notification written in one
 * transaction, so both are recorded exactly once per deadline. Answers how many fired.
 */
export async function fireDueOverdueChecks(context: EngineContext): Promise<number> {
  let fired = 0;
  for (;;) {
    const now = context.clock.now();
    const due = await context.store.direct().tasks.dueOverdue(now, CHECKS_PER_PASS);
    for (const id of due) {
      const took = await context.store.transaction(async (tx) => {
        // Taken again under the write: a deadline moved or a task closed since the read is left.
        if (!(await tx.tasks.takeOverdue(id, now))) return false;
        const task = await tx.tasks.find(id);
        if (task === undefined || task.deadline === null) return false;
        await notifyTaskOverdue(tx, task, now);
        // A task of no item has no pipeline to drive: its check ends without an event.
        if (task.itemId === null) return true;
        await writeChangeEvents(context, tx, [
          {
            type: 'task.overdue',
            subject: { itemId: task.itemId },
            data: {
              taskId: task.id,
              title: task.title,
              deadline: task.deadline,
              responsibleId: task.responsibleId,
            },
          },
        ]);
        return true;
      });
      if (took) fired += 1;
    }
    if (due.length < CHECKS_PER_PASS) return fired;
  }
}

/** How long until the next overdue check is due, in ms (0 when one is); undefined when none is planned. */
export async function nextOverdueCheckInMs(context: EngineContext): Promise<number | undefined> {
  const next = await context.store.direct().tasks.nextOverdueAt();
  if (next === undefined) return undefined;
  return Math.max(0, Date.parse(next) - context.clock.now().getTime());
}
