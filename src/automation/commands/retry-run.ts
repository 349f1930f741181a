import { AppError, conflict, notFound } from '../../domain/errors.ts';
import type { Run } from '../../domain/run.ts';
import type { EngineContext } from '../engine-context.ts';
import type { EngineTx } from '../ports.ts';

export interface RetryRefusal {
  readonly id: string;
  readonly code: string;
  readonly message: string;
}

export interface RetryOutcome {
  /** Ids of the runs scheduled again, in the order asked. */
  readonly retried: string[];
  readonly refused: RetryRefusal[];
}

/**
 * Gives a failed run one more attempt, due now. The status change is conditional on `failed`, so
 * two retries at once, or a retry racing anything else, schedule the run at most once. The error
 * stays until the run executes again, so the reason of the failure remains visible.
 */
async function retryInTransaction(
  context: EngineContext,
  tx: EngineTx,
  id: string,
  retriedBy: string,
): Promise<Run> {
  const run = await tx.runs.find(id);
  if (run === undefined) throw notFound('run', id);
  const now = context.clock.now();
  const maxAttempts = run.attempts + 1;
  const changes = { dueAt: now, finishedAt: null, maxAttempts };
  if (!(await tx.runs.transition(id, ['failed'], 'scheduled', changes, now))) {
    throw conflict('run_not_failed', `Run ${id} is ${run.status}; only a failed run can be retried`, {
      runId: id,
      // Not `status`: problem details are spread into the problem document beside its HTTP status.
      runStatus: run.status,
    });
  }
  await tx.journal.add(
    {
      kind: 'run_planned',
      itemId: run.itemId,
      runId: run.id,
      robotId: run.robotId,
      stageId: run.stageId,
      message: `retried by ${retriedBy}`,
      data: { retriedBy, dueAt: now.toISOString(), maxAttempts },
      rootEventId: run.rootEventId,
      causeId: (await tx.journal.lastOfRun(id, 'run_failed')) ?? null,
      depth: run.depth,
    },
    now,
  );
  const retried = await tx.runs.find(id);
  if (retried === undefined) throw notFound('run', id);
  return retried;
}

/** Retries a failed run (`run_not_failed` otherwise) and, once that committed, wakes the runners. */
export async function retryRun(context: EngineContext, id: string, retriedBy: string): Promise<Run> {
  const run = await context.store.transaction((tx) => retryInTransaction(context, tx, id, retriedBy));
  // Due now: the runner here and, on PostgreSQL, those of the other processes take it at once.
  context.wake('runs');
  return run;
}

/**
 * Retries each run as `retryRun` does, each in its own transaction: a run that is not failed, or
 * does not exist, is refused with its error's code and message, and the others still go ahead.
 * The runners are woken once, after the last commit, when any run was retried.
 */
export async function retryRuns(
  context: EngineContext,
  ids: readonly string[],
  retriedBy: string,
): Promise<RetryOutcome> {
  const retried: string[] = [];
  const refused: RetryRefusal[] = [];
  try {
    for (const id of ids) {
      try {
        await context.store.transaction((tx) => retryInTransaction(context, tx, id, retriedBy));
        retried.push(id);
      } catch (error) {
        if (!(error instanceof AppError) || (error.kind !== 'conflict' && error.kind !== 'not_found'))
          throw error;
        refused.push({ id, code: error.code, message: error.message });
      }
    }
  } finally {
    // Those retried before an unexpected failure are committed and due all the same.
    if (retried.length > 0) context.wake('runs');
  }
  return { retried, refused };
}
