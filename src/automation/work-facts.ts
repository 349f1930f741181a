import type { Facts } from '../domain/facts.ts';
import type { RunWork } from '../domain/run.ts';
import type { FactsContext } from './facts-builder.ts';
import { DEFAULT_PUBLIC_URL } from './outside-ports.ts';
import type { EngineTx } from './ports.ts';

/**
 * The facts of the task or activity a run is timed against (`task.*`, `activity.*` of
 * domain/facts.ts), read as they are when the run fires: a meeting renamed since it was planned
 * is named as it is now. A task or activity deleted since leaves its root null, so its
 * placeholders render empty. Runs timed against nothing get the facts as they were.
 */
export async function withWorkFacts(
  tx: EngineTx,
  context: FactsContext,
  work: RunWork | null,
  publicUrl: string | undefined,
): Promise<FactsContext> {
  if (work === null) return context;
  const base = (publicUrl ?? DEFAULT_PUBLIC_URL).replace(/\/+$/, '');
  const link = (itemId: string | null, fallback: string) =>
    `${base}${itemId === null ? fallback : `/items/${itemId}`}`;
  let facts: Facts;
  if (work.kind === 'task') {
    const task = await tx.tasks.find(work.id);
    facts = {
      task:
        task === undefined
          ? null
          : {
              id: task.id,
              title: task.title,
              description: task.description,
              deadline: task.deadline,
              status: task.status,
              url: link(task.itemId, '/tasks'),
            },
    };
  } else {
    const activity = await tx.activities.find(work.id);
    facts = {
      activity:
        activity === undefined
          ? null
          : {
              id: activity.id,
              subject: activity.subject,
              type: activity.type,
              dueAt: activity.dueAt,
              description: activity.description,
              url: link(activity.itemId, '/board'),
            },
    };
  }
  return { ...context, facts: { ...context.facts, ...facts } };
}
