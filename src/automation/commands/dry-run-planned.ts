import type { StoredEvent } from '../../domain/events/event.ts';
import type { Item } from '../../domain/item.ts';
import type { Stage } from '../../domain/pipeline.ts';
import type { Run } from '../../domain/run.ts';
import { type PlannedRun, tryRun } from './dry-run-run.ts';
import type { DryRunSession } from './dry-run-session.ts';
import type { DryRunRun } from './dry-run-types.ts';

/**
 * The runs the engine planned for the item's new entry into `stage` (in the sandbox), one per
 * enabled robot of the stage in the planner's order; a robot without a run was left out by the
 * planner (it runs once per item and already ran, or the chain reached its depth limit). Each run
 * is then tried, in that order.
 */
export async function tryPlannedRuns(
  session: DryRunSession,
  item: Item,
  stage: Stage,
  event: StoredEvent,
): Promise<DryRunRun[]> {
  const { tx } = session;
  const runs = await tx.runs.notStartedOfEntry(item.id, item.stageEntryId);
  const planned: PlannedRun[] = (await tx.rules.robotsOf(stage.id)).map((robot) => {
    const run = runs.find((candidate) => candidate.robotId === robot.id);
    if (run === undefined) {
      return {
        robot,
        draft: false,
        status: 'skipped',
        dueAt: null,
        ...(robot.repeat === 'once-per-item'
          ? { skipReason: 'once_per_item', note: 'it runs once per item and already ran' }
          : { skipReason: 'chain_depth', note: 'not planned: the chain of causes is too deep' }),
      };
    }
    return {
      robot,
      draft: false,
      status: run.status === 'waiting' ? 'waiting' : 'scheduled',
      dueAt: run.dueAt,
      waitsFor: run.status !== 'waiting' ? undefined : run.previousRunId === null ? 'field' : 'previous',
      note: noteOf(run, robot.timing),
      run,
    };
  });
  const tried: DryRunRun[] = [];
  for (const one of planned) tried.push(await tryRun(session, one, item.id, event));
  return tried;
}

function noteOf(run: Run, timing: unknown): string {
  if (run.status !== 'waiting') return `due at ${run.dueAt}`;
  if (run.previousRunId !== null) return 'runs after the previous robot finishes, then by its own timing';
  const field = (timing as { field?: unknown } | null)?.field;
  return `waits until ${typeof field === 'string' ? field : 'its date field'} is set`;
}
