import type { Run } from '../domain/run.ts';
import type { EngineContext } from './engine-context.ts';
import { buildFacts } from './facts-builder.ts';
import { releaseFollowers } from './planning.ts';
import type { EngineTx } from './ports.ts';

// What every finished run leaves behind, whether it succeeded or failed.

/** Releases the runs chained after this one (afterPrevious), if the item is still in that stage entry. */
export async function releaseAfter(context: EngineContext, tx: EngineTx, run: Run): Promise<void> {
  // Most runs have no run chained after them: asked first, the item and its facts are read only
  // for a chain, not after every run.
  if ((await tx.runs.waitingFor(run.id)).length === 0) return;
  const item = await tx.items.find(run.itemId);
  if (item === undefined || item.stageEntryId !== run.stageEntryId) return;
  const facts = await buildFacts(tx, item);
  await releaseFollowers(context, tx, run, item, facts.facts, facts.responsible);
}

/** A record of the run's outcome that webhook subscriptions can ask for; it moves nothing. */
export async function recordRunEvent(
  context: EngineContext,
  tx: EngineTx,
  run: Run,
  type: 'run.succeeded' | 'run.failed',
  data: Record<string, unknown>,
  journalId?: string,
): Promise<void> {
  const now = context.clock.now();
  await tx.events.record(
    {
      id: context.ids(),
      type,
      source: 'stageflow',
      occurredAt: now,
      subject: { itemId: run.itemId },
      data: { runId: run.id, robotId: run.robotId, actionType: run.actionType, ...data },
      rootEventId: run.rootEventId ?? undefined,
      depth: run.depth + 1,
      causeRunId: run.id,
      causeJournalId: journalId,
    },
    now,
  );
}
