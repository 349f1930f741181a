import { AppError } from '../domain/errors.ts';
import type { Run } from '../domain/run.ts';
import type { WorkDateField } from '../domain/timing/timing.ts';
import type { ActionResult } from './actions/define-action.ts';
import type { EngineContext } from './engine-context.ts';
import { replanWorkRuns } from './planning.ts';
import type { EngineTx } from './ports.ts';
import { recordRunEvent, releaseAfter } from './run-records.ts';

/** How a run ended when its action did not throw: the action's result, or why it did not run. */
export type Outcome =
  | { readonly kind: 'succeeded'; readonly result: ActionResult }
  | {
      readonly kind: 'skipped' | 'cancelled';
      readonly reason: string;
      /** For the journal: `reason` as a stored code, and the values compared for a condition. */
      readonly data: Readonly<Record<string, unknown>>;
    };

/**
 * Records the run's outcome in the caller's transaction: its status (only while `owner` holds the
 * lease), its journal entry, the events it caused, and the release of the runs chained after it.
 */
export async function recordOutcome(
  context: EngineContext,
  tx: EngineTx,
  run: Run,
  outcome: Outcome,
  owner: string,
): Promise<void> {
  const now = context.clock.now();
  const base = {
    itemId: run.itemId,
    runId: run.id,
    robotId: run.robotId,
    stageId: run.stageId,
    rootEventId: run.rootEventId,
    depth: run.depth,
  };
  if (outcome.kind === 'succeeded') {
    const done = await tx.runs.transition(
      run.id,
      ['running'],
      'succeeded',
      { finishedAt: now, result: outcome.result.changes, error: null },
      now,
      owner,
    );
    if (!done) throw leaseLost();
    const succeeded = await tx.journal.add(
      { ...base, kind: 'run_succeeded', message: 'Run succeeded', data: { changes: outcome.result.changes } },
      now,
    );
    await emitFieldChanges(context, tx, run, outcome.result, succeeded.id);
    const work = WORK_OF_ACTION.get(run.actionType);
    if (work !== undefined) {
      // The worker looks for the next due run once this one is recorded: no wake-up needed.
      await replanWorkRuns(
        context,
        tx,
        run.itemId,
        work,
        `the robot's ${run.actionType} changed the item's work`,
      );
    }
    await recordRunEvent(
      context,
      tx,
      run,
      'run.succeeded',
      { changes: outcome.result.changes },
      succeeded.id,
    );
  } else {
    const done = await tx.runs.transition(
      run.id,
      ['running'],
      outcome.kind,
      { finishedAt: now, reason: outcome.reason },
      now,
      owner,
    );
    if (!done) throw leaseLost();
    await tx.journal.add(
      {
        ...base,
        kind: outcome.kind === 'skipped' ? 'run_skipped' : 'run_cancelled',
        message: `Run ${outcome.kind}: ${outcome.reason}`,
        data: outcome.data,
      },
      now,
    );
    if (outcome.kind === 'cancelled') return;
  }
  await releaseAfter(context, tx, run);
}

/** The work dates an internal action can change, whose timed runs it must plan again. */
const WORK_OF_ACTION: ReadonlyMap<string, readonly WorkDateField[]> = new Map([
  ['create_task', ['task.deadline']],
  ['complete_tasks', ['task.deadline']],
  ['schedule_activity', ['activity.start']],
]);

/** Fields an action changed become an item.field_changed event (re-plans `at` runs, fires triggers). */
async function emitFieldChanges(
  context: EngineContext,
  tx: EngineTx,
  run: Run,
  result: ActionResult,
  journalId: string,
): Promise<void> {
  const fields = result.changes['fields'];
  if (!Array.isArray(fields) || fields.length === 0) return;
  const now = context.clock.now();
  await tx.events.insert(
    {
      id: context.ids(),
      type: 'item.field_changed',
      source: 'stageflow',
      occurredAt: now,
      subject: { itemId: run.itemId },
      data: {
        fields,
        changes: { before: result.changes['before'] ?? null, after: result.changes['after'] ?? null },
      },
      rootEventId: run.rootEventId ?? undefined,
      depth: run.depth + 1,
      causeRunId: run.id,
      causeJournalId: journalId,
    },
    now,
  );
}

/** Another worker holds the run now (ours expired): roll back whatever this attempt wrote. */
export function leaseLost(): AppError {
  return new AppError('lease_lost', 'conflict', 'the worker no longer holds the run');
}
