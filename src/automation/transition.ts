import { evaluateCondition } from '../domain/conditions/evaluate-condition.ts';
import { invalid } from '../domain/errors.ts';
import type { Author, Item } from '../domain/item.ts';
import type { Stage } from '../domain/pipeline.ts';
import type { Guard } from '../domain/rules.ts';
import { notifyUser } from './commands/notify-user.ts';
import type { Cause, EngineContext } from './engine-context.ts';
import { buildFacts } from './facts-builder.ts';
import { causeFields } from './journal-chain.ts';
import { moveCause } from './move-cause.ts';
import type { EngineTx } from './ports.ts';
import { recordStageEntry } from './stage-entry.ts';

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
  /**
   * A move that puts back what a run did (an undo): the stage's robots are not planned and its
   * item.stage_changed is recorded for subscriptions but not processed, so no trigger reacts.
   * Guards still apply. Default: false.
   */
  readonly quiet?: boolean | undefined;
}

export type MoveOutcome =
  | { readonly kind: 'moved'; readonly item: Item; readonly from: Stage; readonly to: Stage }
  | { readonly kind: 'same_stage'; readonly item: Item }
  | { readonly kind: 'refused'; readonly item: Item; readonly guard: Guard; readonly message: string }
  | { readonly kind: 'loop'; readonly item: Item; readonly message: string };

/** The field a bad target stage is reported on, as the HTTP move request names it. */
export const TARGET_STAGE_FIELD = '/body/stageId';

/** A guard that refuses an item entry, and its verdict for the journal. */
export interface GuardRefusal {
  readonly guard: Guard;
  readonly verdict: ReturnType<typeof evaluateCondition>;
}

/**
 * The one code path of every stage change (manual, trigger, robot), inside the caller's
 * transaction. The order matters and is the invariant of the whole engine:
 *   loop and guard checks → cancel the left entry's not-started runs → auto-complete its
 *   activities → enter the new stage (a new entry id) → timeline → journal → item.stage_changed
 *   event → plan the new entry's runs.
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
  const to = await targetStage(tx, request);
  if (to.id === item.stageId) return { kind: 'same_stage', item };
  const from = await tx.items.stageOf(item.stageId);
  if (from === undefined) throw new Error(`item ${item.id} is in a stage that does not exist`);
  const move: Move = {
    request,
    from,
    to,
    now,
    base: { itemId: item.id, stageId: to.id, ...causeFields(cause) },
  };

  // Every check comes before the first change: a stopped or refused move writes its own journal
  // record and nothing else, so no run is cancelled and no activity completed for a move that
  // did not happen.
  const loop = await detectLoop(context, tx, item, to, cause);
  if (loop !== undefined) {
    await tx.journal.add({ ...move.base, kind: 'loop_stopped', message: loop }, now);
    return { kind: 'loop', item, message: loop };
  }
  const refusal = await refusingGuard(tx, item, to);
  if (refusal !== undefined) return refuse(tx, move, refusal);

  // Leave before entering, with the item as it was: its runs are found by the entry it leaves,
  // which enterStage replaces, and the journal tells their cancelling before the move.
  const completed = await leaveStage(tx, move);
  const moved = await tx.items.enterStage(
    item.id,
    to.id,
    context.ids(),
    now,
    request.expectedVersion ?? item.version,
  );
  await enter(context, tx, move, moved, completed);
  return { kind: 'moved', item: moved, from, to };
}

/** What every step of one move reads. */
interface Move {
  readonly request: MoveRequest;
  readonly from: Stage;
  readonly to: Stage;
  readonly now: Date;
  /** The fields each journal record of this move shares. */
  readonly base: { readonly itemId: string; readonly stageId: string } & ReturnType<typeof causeFields>;
}

/** The stage asked for, if it exists in the item's pipeline. */
async function targetStage(tx: EngineTx, request: MoveRequest): Promise<Stage> {
  const { item } = request;
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
  return to;
}

/**
 * The first guard of `to` that refuses the item as it is now, or undefined when every guard
 * admits it. It writes nothing: what a refusal means is the caller's (a journaled refusal for a
 * move, a creation rolled back).
 */
export async function refusingGuard(tx: EngineTx, item: Item, to: Stage): Promise<GuardRefusal | undefined> {
  const before = await buildFacts(tx, item);
  for (const guard of await tx.rules.guardsOf(to.id)) {
    const verdict = evaluateCondition(guard.condition, before.facts);
    if (verdict.matched) continue;
    return { guard, verdict };
  }
  return undefined;
}

/** Journals the refusal and, when no person is there to be told, notifies the responsible. */
async function refuse(tx: EngineTx, move: Move, { guard, verdict }: GuardRefusal): Promise<MoveOutcome> {
  const { request, from, to, now } = move;
  const { item } = request;
  await tx.journal.add(
    {
      ...move.base,
      kind: 'move_refused',
      guardId: guard.id,
      message: `Move to "${to.name}" refused by guard "${guard.name}": ${guard.message}`,
      data: {
        fromStageId: from.id,
        toStageId: to.id,
        reason: verdict.reason,
        guardMessage: guard.message,
        manual: request.manual,
        cause: moveCause(request.author, request.cause),
        ...(verdict.compared !== undefined && { compared: verdict.compared }),
      },
    },
    now,
  );
  if (!request.manual && item.responsibleId !== null) {
    await notifyUser(
      tx,
      {
        userId: item.responsibleId,
        kind: 'system',
        itemId: item.id,
        title: { en: `Move of "${item.title}" refused`, ru: `Перевод «${item.title}» отклонён` },
        body: {
          en: `The move to "${to.name}" was refused: ${guard.message}`,
          ru: `Перевод на стадию «${to.name}» отклонён: ${guard.message}`,
        },
      },
      now,
    );
  }
  return { kind: 'refused', item, guard, message: guard.message };
}

/**
 * Cancels the not-started runs of the entry the item leaves and completes its activities
 * that close with the stage; answers the ids of those activities.
 */
async function leaveStage(tx: EngineTx, move: Move): Promise<string[]> {
  const { request, from, now } = move;
  const { item } = request;
  for (const run of await tx.runs.notStartedOfEntry(item.id, item.stageEntryId)) {
    // A run the worker took meanwhile is not cancelled, and not journaled as if it were.
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
        ...move.base,
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
  return tx.activities.completeOnStageLeave(item.id, from.id, now);
}

/** Records the entry into the new stage and plans its robots. */
async function enter(
  context: EngineContext,
  tx: EngineTx,
  move: Move,
  moved: Item,
  completed: readonly string[],
): Promise<void> {
  const { request, from, to, now } = move;
  const by = request.movedBy;
  await recordStageEntry(context, tx, {
    item: moved,
    from,
    to,
    author: request.author,
    cause: request.cause,
    now,
    timeline: {
      kind: 'stage_changed',
      text: `Moved from "${from.name}" to "${to.name}"`,
      data: {
        fromStageId: from.id,
        toStageId: to.id,
        ...(completed.length > 0 && { completedActivityIds: completed }),
      },
    },
    journal: {
      message: `Moved from "${from.name}" to "${to.name}" by ${describe(request.author)}${by === undefined ? '' : `, ${by.message}`}`,
      data: { completedActivityIds: completed, ...by?.data },
    },
    event: { type: 'item.stage_changed', data: { fromStageId: from.id, toStageId: to.id } },
    quiet: request.quiet === true,
  });
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

function describe(author: Author): string {
  return author.id === null ? author.type : `${author.type} ${author.id}`;
}
