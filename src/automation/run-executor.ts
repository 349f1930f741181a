import { AppError } from '../domain/errors.ts';
import type { Run } from '../domain/run.ts';
import type { EngineContext } from './engine-context.ts';
import type { RunOutcome } from './metrics.ts';
import { recordFailure } from './run-failure.ts';
import { leaseLost, type Outcome, recordOutcome } from './run-outcome.ts';
import { prepareRun, type Ready, runAction } from './run-preparation.ts';

/**
 * Executes one run the caller has claimed (status `running`). Internal actions run inside one
 * transaction with the run's new status, so their writes and "succeeded" commit together; a
 * failure rolls the action back and is recorded in a second transaction, as a retry or a final
 * failure that notifies the responsible user. External actions run between two transactions.
 * `owner` is the worker holding the lease: nothing is recorded once another worker holds it.
 */
export async function executeRun(
  context: EngineContext,
  runId: string,
  signal: AbortSignal,
  owner: string,
): Promise<void> {
  // Monotonic, not the engine's clock: a manual clock stands still while the action works.
  const startedAt = performance.now();
  let executed: Run | undefined;
  // Reported once the outcome committed (a rolled-back attempt counts as what is recorded next),
  // and outside the try: counting must never turn into a failure of the run.
  let recorded: RunOutcome | undefined;
  try {
    // Grouped: where every commit waits for the disk (SQLite), runs finishing together share one.
    const settled = await context.store.grouped(async (tx): Promise<Settled | undefined> => {
      // Locks in the order every move takes them: the item, then its runs. A move locks the item
      // and then cancels or plans its runs; taking the run first here would deadlock with a move
      // of the same item. The item read here is the one the run's checks read below.
      await tx.items.findForUpdateOfRun(runId);
      // The row lock (PostgreSQL) fences the lease: a worker that reclaims the run after ours
      // expired waits for this transaction, and finds the run finished.
      const found = await tx.runs.findForExecution(runId);
      if (found === undefined) return undefined;
      const { run, robot } = found;
      if (run.status !== 'running') return undefined;
      if (run.leaseOwner !== owner) return undefined;
      executed = run;
      // A run whose workers keep dying while they hold it (its lease expires again and again)
      // would be reclaimed forever: past its attempts it is failed instead.
      if (run.attempts > run.maxAttempts + 1) {
        throw new AppError(
          'worker_lost',
          'internal',
          `its worker stopped during ${run.attempts - 1} attempts`,
          {
            retryable: false,
          },
        );
      }
      const prepared = await prepareRun(context, tx, run, robot);
      // Outside effects (mail, SMS, webhooks) must not hold a transaction open while they wait on
      // the network: they run after this one commits, keyed by the run id so a retry repeats none.
      if (prepared.kind === 'ready' && prepared.action.definition.external)
        return { kind: 'outside', run, prepared };
      const outcome =
        prepared.kind === 'ready' ? await runAction(context, tx, run, prepared, signal) : prepared;
      // The lease was lost while the action ran (another worker may hold the run now): commit
      // nothing; the transaction rolls back the action's writes.
      if (signal.aborted) throw leaseLost();
      await recordOutcome(context, tx, run, outcome, owner);
      return { kind: 'finished', run, outcome: outcome.kind };
    });
    if (settled === undefined) return;
    if (settled.kind === 'finished') {
      recorded = settled.outcome;
    } else {
      const outcome = await runAction(context, context.store.direct(), settled.run, settled.prepared, signal);
      await context.store.transaction((tx) => recordOutcome(context, tx, settled.run, outcome, owner));
      recorded = outcome.kind;
    }
  } catch (error) {
    // Stopped or lease lost: the worker gives the run back (or another worker has it); recording
    // a failure here would take it from them.
    if (signal.aborted) return;
    recorded = await context.store.transaction((tx) => recordFailure(context, tx, runId, error, owner));
  }
  if (recorded === undefined || executed === undefined) return;
  context.metrics?.runFinished({
    action: executed.actionType,
    outcome: recorded,
    latenessSeconds: latenessOf(executed),
    durationSeconds: (performance.now() - startedAt) / 1000,
  });
}

/** What the run's first transaction left to do: nothing more, or the outside action. */
type Settled =
  | { readonly kind: 'finished'; readonly run: Run; readonly outcome: Outcome['kind'] }
  | { readonly kind: 'outside'; readonly run: Run; readonly prepared: Ready };

/** From the due time to the worker's claim; undefined for a run that was never due at a time. */
function latenessOf(run: Run): number | undefined {
  if (run.dueAt === null || run.startedAt === null) return undefined;
  return Math.max(0, Date.parse(run.startedAt) - Date.parse(run.dueAt)) / 1000;
}
