import { evaluateCondition } from '../domain/conditions/evaluate-condition.ts';
import { invalid } from '../domain/errors.ts';
import type { Author, Item } from '../domain/item.ts';
import type { Stage } from '../domain/pipeline.ts';
import type { Guard } from '../domain/rules.ts';
import type { Cause, EngineContext } from './engine-context.ts';
import { buildFacts } from './facts-builder.ts';
import { planEntryRuns } from './planning.ts';
import type { EngineTx } from './ports.ts';

export interface MoveRequest {
  readonly item: Item;
  readonly toStageId: string;
  readonly author: Author;
  readonly cause: Cause;
  /** A person asked for it (API/UI): a guard refusal becomes a 409 for them. */
  readonly manual: boolean;
  readonly expectedVersion?: number | undefined;
  /** Who made the move when a person confirmed it for a rule (a backfill): said in the journal. */
  readonly movedBy?:
    | { readonly message: string; readonly data: Readonly<Record<string, unknown>> }
    | undefined;
}

export type MoveOutcome =
  | { readonly kind: 'moved'; readonly item: Item; readonly from: Stage; readonly to: Stage }
  | { readonly kind: 'same_stage'; readonly item: Item }
  | { readonly kind: 'refused'; readonly item: Item; readonly guard: Guard; readonly message: string }
  | { readonly kind: 'loop'; readonly item: Item; readonly message: string };

/** The field a bad target stage is reported on, as the HTTP move request names it. */
export const TARGET_STAGE_FIELD = '/body/stageId';

/**
 * The one code path of every stage change (manual, trigger, robot), inside the caller's
 * transaction. The order matters and is the invariant of the whole engine:
 *   guards → cancel the left entry's not-started runs → auto-complete its activities → enter the
 *   new stage (a new entry id) → timeline → journal → item.stage_changed event → plan the new
 *   entry's runs.
 * Cancelling before planning means a run of the old entry can never fire after the item left,
 * and all of it commits together or not at all.
 */
export async function moveInTransaction(
  context: EngineContext,
  tx: EngineTx,
  request: MoveRequest,
): Promise<MoveOutcome> {
  const { item, cause } = request;
  const now = context.clock.now();
  const to = await tx.items.stageOf(request.toStageId);
  if (to === undefined)
    throw invalid(TARGET_STAGE_FIELD, `stage ${request.toStageId} does not exist`, 'unknown_stage');
  if (to.pipelineId !== item.pipelineId) {
    throw invalid(
      TARGET_STAGE_FIELD,
      `stage ${to.id} belongs to another pipeline than the item's`,
      'stage_of_another_pipeline',
    );
  }
  if (to.id === item.stageId) return { kind: 'same_stage', item };
  const from = await tx.items.stageOf(item.stageId);
  if (from === undefined) throw new Error(`item ${item.id} is in a stage that does not exist`);
  const base = {
    itemId: item.id,
    stageId: to.id,
    eventId: cause.eventId ?? null,
    runId: cause.runId ?? null,
    triggerId: cause.triggerId ?? null,
    rootEventId: cause.rootEventId,
    depth: cause.depth,
    causeId: cause.journalId ?? null,
  };

  const loop = await detectLoop(context, tx, item, to, cause);
  if (loop !== undefined) {
    await tx.journal.add({ ...base, kind: 'loop_stopped', message: loop }, now);
    return { kind: 'loop', item, message: loop };
  }

  const before = await buildFacts(tx, item);
  for (const guard of await tx.rules.guardsOf(to.id)) {
    const verdict = evaluateCondition(guard.condition, before.facts);
    if (verdict.matched) continue;
    await tx.journal.add(
      {
        ...base,
        kind: 'move_refused',
        guardId: guard.id,
        message: `Move to "${to.name}" refused by guard "${guard.name}": ${guard.message}`,
        data: {
          fromStageId: from.id,
          toStageId: to.id,
          reason: verdict.reason,
          guardMessage: guard.message,
          manual: request.manual,
          cause: moveCause(request.author, cause),
          ...(verdict.compared !== undefined && { compared: verdict.compared }),
        },
      },
      now,
    );
    if (!request.manual && item.responsibleId !== null) {
      await tx.notifications.create(
        {
          userId: item.responsibleId,
          itemId: item.id,
          title: `Move of "${item.title}" refused`,
          body: `The move to "${to.name}" was refused: ${guard.message}`,
        },
        now,
      );
    }
    return { kind: 'refused', item, guard, message: guard.message };
  }

  for (const run of await tx.runs.notStartedOfEntry(item.id, item.stageEntryId)) {
    if (
      !(await tx.runs.transition(
        run.id,
        ['waiting', 'scheduled'],
        'cancelled',
        { reason: 'left stage', finishedAt: now },
        now,
      ))
    )
      continue;
    await tx.journal.add(
      {
        ...base,
        kind: 'run_cancelled',
        stageId: run.stageId,
        runId: run.id,
        robotId: run.robotId,
        message: `Run cancelled: the item left "${from.name}" before it was due`,
        data: { reason: 'left stage', dueAt: run.dueAt },
      },
      now,
    );
  }
  const completed = await tx.activities.completeOnStageLeave(item.id, from.id, now);

  const moved = await tx.items.enterStage(
    item.id,
    to.id,
    context.ids(),
    now,
    request.expectedVersion ?? item.version,
  );
  await tx.timeline.add(
    {
      itemId: item.id,
      kind: 'stage_changed',
      text: `Moved from "${from.name}" to "${to.name}"`,
      data: {
        fromStageId: from.id,
        toStageId: to.id,
        ...(completed.length > 0 && { completedActivityIds: completed }),
      },
      author: request.author,
      rootEventId: cause.rootEventId,
    },
    now,
  );
  const eventId = context.ids();
  const rootEventId = cause.rootEventId ?? eventId;
  const journal = await tx.journal.add(
    {
      ...base,
      rootEventId,
      kind: 'moved',
      message: `Moved from "${from.name}" to "${to.name}" by ${describe(request.author)}${request.movedBy === undefined ? '' : `, ${request.movedBy.message}`}`,
      data: {
        fromStageId: from.id,
        toStageId: to.id,
        author: request.author,
        cause: moveCause(request.author, cause),
        completedActivityIds: completed,
        ...request.movedBy?.data,
      },
    },
    now,
  );
  await tx.events.insert(
    {
      id: eventId,
      type: 'item.stage_changed',
      source: 'stageflow',
      occurredAt: now,
      subject: { itemId: item.id },
      data: { pipelineId: item.pipelineId, fromStageId: from.id, toStageId: to.id },
      rootEventId,
      depth: cause.depth + 1,
      causeRunId: cause.runId ?? undefined,
      causeJournalId: journal.id,
    },
    now,
  );
  const after = await buildFacts(tx, moved);
  await planEntryRuns(context, tx, moved, to, after.facts, after.responsible, {
    ...cause,
    rootEventId,
    journalId: journal.id,
  });
  return { kind: 'moved', item: moved, from, to };
}

async function detectLoop(
  context: EngineContext,
  tx: EngineTx,
  item: Item,
  to: Stage,
  cause: Cause,
): Promise<string | undefined> {
  if (cause.depth >= context.limits.maxDepth) {
    return `Loop stopped: the chain of causes reached depth ${cause.depth} (limit ${context.limits.maxDepth}) before moving to "${to.name}"`;
  }
  if (cause.rootEventId === null) return undefined;
  const entries = await tx.journal.entriesInChain(item.id, to.id, cause.rootEventId);
  if (entries >= context.limits.maxReentries) {
    return `Loop stopped: the item entered "${to.name}" ${entries} times in one chain of causes`;
  }
  return undefined;
}

/** What made a move, for the journal: a trigger, a robot's run, a person (API or UI), the system. */
export type MoveCause =
  | { readonly kind: 'trigger'; readonly triggerId: string | null }
  | { readonly kind: 'robot'; readonly robotId: string | null; readonly runId: string | null }
  | { readonly kind: 'manual'; readonly authorType: 'api' | 'user'; readonly authorId: string | null }
  | { readonly kind: 'system' };

export function moveCause(author: Author, cause: Cause): MoveCause {
  switch (author.type) {
    case 'trigger':
      return { kind: 'trigger', triggerId: cause.triggerId ?? author.id };
    case 'robot':
      return { kind: 'robot', robotId: author.id, runId: cause.runId ?? null };
    case 'api':
    case 'user':
      return { kind: 'manual', authorType: author.type, authorId: author.id };
    default:
      return { kind: 'system' };
  }
}

function describe(author: Author): string {
  return author.id === null ? author.type : `${author.type} ${author.id}`;
}
