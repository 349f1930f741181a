import { type AppError, conflict, notFound } from '../../domain/errors.ts';
import type { Author, Item } from '../../domain/item.ts';
import type { JournalEntry } from '../../domain/journal.ts';
import { parseMoney } from '../../domain/money.ts';
import type { Actor } from '../../domain/revisions.ts';
import type { Run } from '../../domain/run.ts';
import type { ItemChangesInput } from '../actions/action-ports.ts';
import type { EngineContext } from '../engine-context.ts';
import { buildFacts } from '../facts-builder.ts';
import { replanFieldRuns } from '../planning.ts';
import type { EngineTx } from '../ports.ts';
import { moveInTransaction } from '../transition.ts';
import { planUndo, type UndoEffect } from './undo-effects.ts';
import { replanAfterActivity, replanAfterTask } from './work-timing.ts';

/** Who undoes a run: named in the journal, and the author of the moves and history entries it writes. */
export interface UndoBy {
  readonly actor: Actor;
  readonly author: Author;
}

/** What an undo would do (a preview) or did. */
export interface UndoReport {
  readonly runId: string;
  readonly itemId: string;
  readonly actionType: string;
  /** Whether an undo would be carried out now; when not, `blockedBy` says why. */
  readonly undoable: boolean;
  readonly blockedBy: string | null;
  readonly effects: readonly UndoEffect[];
  readonly undoneAt: string | null;
  readonly undoneBy: Run['undoneBy'];
}

/** What undoing the run would do, changing nothing. */
export function previewUndo(context: EngineContext, runId: string): Promise<UndoReport> {
  return context.store.transaction(async (tx) => {
    const run = await tx.runs.find(runId);
    if (run === undefined) throw notFound('run', runId);
    const blocked = runBlocker(run);
    const item = await tx.items.find(run.itemId);
    if (blocked !== undefined || item === undefined) {
      return report(run, blocked?.message ?? `item ${run.itemId} was deleted`, []);
    }
    const effects = await planUndo(tx, run, item);
    const refused = effects.filter((effect) => effect.verdict === 'refused');
    return report(run, refused.length === 0 ? null : refusalMessage(run, refused), effects);
  });
}

/**
 * Puts back what a succeeded run changed inside the CRM, all or nothing: when any effect would
 * overwrite a later change, nothing changes and `undo_refused` names each such effect. Outside
 * effects are listed as not undoable and do not stop it. Every compensating change is journaled
 * under one `run_undone` record naming who undid the run; the run is marked undone, once.
 * A move put back does not plan the robots of the stage the item returns to, and no trigger
 * reacts to it: an undo restores, it does not start automation again.
 */
export async function undoRun(context: EngineContext, runId: string, by: UndoBy): Promise<UndoReport> {
  const undone = await context.store.transaction(async (tx) => {
    // The item before the run: the order moves and the runner lock them in (no deadlock).
    await tx.items.findForUpdateOfRun(runId);
    const run = await tx.runs.findForUpdate(runId);
    if (run === undefined) throw notFound('run', runId);
    const blocked = runBlocker(run);
    if (blocked !== undefined) throw blocked;
    const item = await tx.items.findForUpdate(run.itemId);
    if (item === undefined)
      throw conflict('run_not_undoable', `Item ${run.itemId} of run ${run.id} was deleted`);
    const effects = await planUndo(tx, run, item);
    const refused = effects.filter((effect) => effect.verdict === 'refused');
    if (refused.length > 0) {
      throw conflict('undo_refused', refusalMessage(run, refused), { refused, effects });
    }
    const now = context.clock.now();
    const head = await tx.journal.add(
      {
        kind: 'run_undone',
        itemId: run.itemId,
        runId: run.id,
        robotId: run.robotId,
        stageId: run.stageId,
        depth: 0,
        message: `Run ${run.id} undone by ${by.actor.name}`,
        data: { undoneBy: by.actor, effects },
      },
      now,
    );
    await apply(context, tx, { run, item, effects, by, head });
    if (!(await tx.runs.markUndone(run.id, by.actor, now))) throw alreadyUndone(run.id);
    const marked = await tx.runs.find(run.id);
    return report(marked ?? run, null, effects);
  });
  // Restored date fields may have planned `at` runs again.
  context.wake('runs');
  return undone;
}

function report(run: Run, blockedBy: string | null, effects: readonly UndoEffect[]): UndoReport {
  return {
    runId: run.id,
    itemId: run.itemId,
    actionType: run.actionType,
    undoable: blockedBy === null,
    blockedBy,
    effects,
    undoneAt: run.undoneAt,
    undoneBy: run.undoneBy,
  };
}

/** Why this run cannot be undone whatever its effects, if it cannot. */
function runBlocker(run: Run): AppError | undefined {
  if (run.undoneAt !== null) return alreadyUndone(run.id, run.undoneBy?.name);
  if (run.status !== 'succeeded') {
    return conflict(
      'run_not_undoable',
      `Run ${run.id} is ${run.status}: only a succeeded run has changes to undo`,
    );
  }
  return undefined;
}

const alreadyUndone = (runId: string, by?: string): AppError =>
  conflict('run_already_undone', `Run ${runId} was undone already${by === undefined ? '' : ` by ${by}`}`);

function refusalMessage(run: Run, refused: readonly UndoEffect[]): string {
  const reasons = refused.map((effect) => effect.reason ?? effect.description).join('; ');
  return `Run ${run.id} cannot be undone without losing later changes: ${reasons}`;
}

interface Undoing {
  readonly run: Run;
  readonly item: Item;
  readonly effects: readonly UndoEffect[];
  readonly by: UndoBy;
  readonly head: JournalEntry;
}

async function apply(context: EngineContext, tx: EngineTx, undoing: Undoing): Promise<void> {
  const todo = undoing.effects.filter((effect) => effect.verdict === 'undo');
  const values = todo.filter((effect) => effect.kind === 'field' || effect.kind === 'responsible');
  if (values.length > 0) await restoreValues(context, tx, undoing, values);
  for (const effect of todo) {
    if (effect.kind === 'stage') await moveBack(context, tx, undoing, effect);
    if (effect.kind === 'task' || effect.kind === 'activity') await cancelWork(context, tx, undoing, effect);
  }
}

/** One journal record per compensating change, under the undo's own record. */
async function journal(
  context: EngineContext,
  tx: EngineTx,
  { run, by, head }: Undoing,
  effect: UndoEffect,
  done: string,
): Promise<void> {
  await tx.journal.add(
    {
      kind: 'undo_applied',
      itemId: run.itemId,
      runId: run.id,
      robotId: run.robotId,
      stageId: run.stageId,
      causeId: head.id,
      depth: 0,
      message: `${done}: undone by ${by.actor.name}, run ${run.id}`,
      data: { effect, undoneBy: by.actor },
    },
    context.clock.now(),
  );
}

async function restoreValues(
  context: EngineContext,
  tx: EngineTx,
  undoing: Undoing,
  effects: readonly UndoEffect[],
): Promise<void> {
  const { item, by } = undoing;
  const now = context.clock.now();
  const fields: Record<string, unknown> = { ...item.fields };
  let changes: ItemChangesInput = {};
  for (const { target, before } of effects) {
    if (target === 'item.title') changes = { ...changes, title: String(before) };
    else if (target === 'item.amount') changes = { ...changes, amountMinor: parseMoney(String(before)) ?? 0 };
    else if (target === 'item.responsibleId') {
      changes = { ...changes, responsibleId: typeof before === 'string' ? before : null };
    } else if (target !== undefined) {
      const name = target.slice('item.fields.'.length);
      // A field the run added (it had no value) goes away again.
      if (before === null) delete fields[name];
      else fields[name] = before;
      changes = { ...changes, fields };
    }
  }
  const restored = await tx.itemWrites.update(item.id, changes, item.version, now);
  for (const effect of effects) {
    await journal(
      context,
      tx,
      undoing,
      effect,
      `${effect.target} put back to ${JSON.stringify(effect.before)}`,
    );
    if (effect.kind === 'responsible') {
      await tx.timeline.add(
        {
          itemId: item.id,
          kind: 'note',
          text: `Responsible user put back (run ${undoing.run.id} undone by ${by.actor.name})`,
          data: { fromUserId: effect.after, toUserId: effect.before, undoneRunId: undoing.run.id },
          author: by.author,
        },
        now,
      );
    }
  }
  const paths = effects.flatMap((effect) => (effect.target === undefined ? [] : [effect.target]));
  const { facts, responsible } = await buildFacts(tx, restored);
  await replanFieldRuns(context, tx, restored, paths, facts, responsible, {
    rootEventId: null,
    depth: 0,
    journalId: undoing.head.id,
  });
}

async function moveBack(
  context: EngineContext,
  tx: EngineTx,
  undoing: Undoing,
  effect: UndoEffect,
): Promise<void> {
  const { run, by, head } = undoing;
  const item = await tx.items.findForUpdate(run.itemId);
  if (item === undefined) throw conflict('run_not_undoable', `Item ${run.itemId} was deleted`);
  const outcome = await moveInTransaction(context, tx, {
    item,
    toStageId: String(effect.before),
    author: by.author,
    cause: { rootEventId: null, depth: 0, journalId: head.id },
    manual: true,
    quiet: true,
    movedBy: { message: `undoing run ${run.id}`, data: { undoneRunId: run.id, undoneBy: by.actor } },
  });
  // The plan read the same locked item and checked the guards: anything else is a bug to roll back.
  if (outcome.kind !== 'moved') {
    throw conflict(
      'undo_refused',
      `Run ${run.id} cannot be undone: the item could not move back (${outcome.kind})`,
    );
  }
  await journal(context, tx, undoing, effect, `Item moved back to "${outcome.to.name}"`);
}

async function cancelWork(
  context: EngineContext,
  tx: EngineTx,
  undoing: Undoing,
  effect: UndoEffect,
): Promise<void> {
  const id = String(effect.target);
  const now = context.clock.now();
  if (effect.kind === 'task') {
    const task = await tx.tasks.find(id);
    const cancelled = await tx.tasks.update(id, { status: 'cancelled' }, task?.version, now);
    // Runs timed against the nearest deadline move to the next open task, as for any cancel.
    await replanAfterTask(context, tx, task, cancelled);
    await journal(context, tx, undoing, effect, `Task "${task?.title ?? id}" cancelled`);
  } else {
    const activity = await tx.activities.find(id);
    const cancelled = await tx.activities.update(id, { status: 'cancelled' }, activity?.version, now);
    await replanAfterActivity(context, tx, activity, cancelled);
    await journal(context, tx, undoing, effect, `Activity "${activity?.subject ?? id}" cancelled`);
  }
}
