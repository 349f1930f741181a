import { evaluateCondition } from '../domain/conditions/evaluate-condition.ts';
import { AppError } from '../domain/errors.ts';
import type { Item } from '../domain/item.ts';
import { type Robot, storedRuleInvalid } from '../domain/rules.ts';
import type { Run } from '../domain/run.ts';
import type { WorkDateField } from '../domain/timing/timing.ts';
import { type Acting, actingFor } from './acting-as.ts';
import {
  type ActionContext,
  type ActionEngine,
  type ActionResult,
  type BoundAction,
  bindAction,
} from './actions/define-action.ts';
import { issueDocument } from './commands/issue-document.ts';
import { itemDocumentInput } from './commands/save-document.ts';
import type { EngineContext } from './engine-context.ts';
import { buildFacts, type FactsContext } from './facts-builder.ts';
import { createItemInTransaction } from './item-creation.ts';
import type { RunOutcome } from './metrics.ts';
import { replanWorkRuns } from './planning.ts';
import type { EngineTx } from './ports.ts';
import { recordFailure } from './run-failure.ts';
import { recordRunEvent, releaseAfter } from './run-records.ts';
import { moveInTransaction } from './transition.ts';
import { withWorkFacts } from './work-facts.ts';

type Outcome =
  | { readonly kind: 'succeeded'; readonly result: ActionResult }
  | {
      readonly kind: 'skipped' | 'cancelled';
      readonly reason: string;
      /** For the journal: `reason` as a stored code, and the values compared for a condition. */
      readonly data: Readonly<Record<string, unknown>>;
    };

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
      const prepared = await prepare(context, tx, run, robot);
      // Outside effects (mail, SMS, webhooks) must not hold a transaction open while they wait on
      // the network: they run after this one commits, keyed by the run id so a retry repeats none.
      if (prepared.kind === 'ready' && prepared.action.definition.external)
        return { kind: 'outside', run, prepared };
      const outcome =
        prepared.kind === 'ready' ? await runAction(context, tx, run, prepared, signal) : prepared;
      // The lease was lost while the action ran (another worker may hold the run now): commit
      // nothing; the transaction rolls back the action's writes.
      if (signal.aborted) throw leaseLost();
      await finish(context, tx, run, outcome, owner);
      return { kind: 'finished', run, outcome: outcome.kind };
    });
    if (settled === undefined) return;
    if (settled.kind === 'finished') {
      recorded = settled.outcome;
    } else {
      const outcome = await runAction(context, context.store.direct(), settled.run, settled.prepared, signal);
      await context.store.transaction((tx) => finish(context, tx, settled.run, outcome, owner));
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

/** Everything an action needs, checked and loaded inside the run's first transaction. */
interface Ready {
  readonly kind: 'ready';
  readonly action: BoundAction;
  readonly robot: Robot;
  readonly item: Item;
  readonly facts: FactsContext;
}

async function prepare(
  context: EngineContext,
  tx: EngineTx,
  run: Run,
  robot: Robot | undefined,
): Promise<Outcome | Ready> {
  if (robot === undefined || !robot.enabled)
    return {
      kind: 'skipped',
      reason: 'the robot was deleted or disabled',
      data: { reason: 'robot_disabled' },
    };
  const item = await tx.items.findForUpdate(run.itemId);
  if (item === undefined)
    return { kind: 'skipped', reason: 'the item no longer exists', data: { reason: 'item_missing' } };
  if (item.stageEntryId !== run.stageEntryId)
    return { kind: 'cancelled', reason: 'left stage', data: { reason: 'left stage' } };
  const action = boundActionOf(context, robot);
  const cause = run.causeEventId === null ? undefined : await tx.events.find(run.causeEventId);
  const facts = await withWorkFacts(
    tx,
    await buildFacts(tx, item, cause),
    run.work,
    context.outside?.publicUrl,
  );
  if (robot.condition !== null) {
    const verdict = evaluateCondition(robot.condition, facts.facts);
    if (!verdict.matched) {
      return {
        kind: 'skipped',
        reason: `condition not met: ${verdict.reason}`,
        data: {
          reason: 'condition',
          explanation: verdict.reason,
          ...(verdict.compared !== undefined && { compared: verdict.compared }),
        },
      };
    }
  }
  // Held with the transaction's other entries and written with them in one insert at its end
  // (see the engine store): its id and time are taken now, so it sorts before the action's.
  await tx.journal.add(
    {
      kind: 'run_started',
      itemId: item.id,
      runId: run.id,
      robotId: robot.id,
      stageId: run.stageId,
      rootEventId: run.rootEventId,
      depth: run.depth,
      message: `Robot "${robot.name}" started (attempt ${run.attempts})`,
    },
    context.clock.now(),
  );
  return { kind: 'ready', action, robot, item, facts };
}

/** The robot's action with its params narrowed to the action's type; refused when either is unknown. */
function boundActionOf(context: EngineContext, robot: Robot): BoundAction {
  const definition = context.findAction(robot.action.type);
  if (definition === undefined) {
    throw new AppError('unknown_action', 'invalid', `Action "${robot.action.type}" is not known`, {
      retryable: false,
    });
  }
  const bound = bindAction(definition, robot.action.params);
  if (bound === undefined) {
    const rule = { kind: 'robot', id: robot.id, name: robot.name } as const;
    throw storedRuleInvalid(rule, 'params', `do not match the params of ${robot.action.type}`);
  }
  return bound;
}

/** Runs the action with the params bound to it when the run was prepared. */
async function runAction(
  context: EngineContext,
  tx: EngineTx,
  run: Run,
  ready: Ready,
  signal: AbortSignal,
): Promise<Outcome> {
  const acting = await actingFor(tx, { kind: 'robot', ...ready.robot }, ready.item);
  const actionContext = makeActionContext(
    context,
    tx,
    run,
    ready.robot,
    ready.item,
    ready.facts,
    signal,
    acting,
  );
  const result = await ready.action.run(actionContext);
  return { kind: 'succeeded', result };
}

/** What an action is given for one run; a dry run builds it the same way. */
export function makeActionContext(
  context: EngineContext,
  tx: EngineTx,
  run: Run,
  robot: Robot,
  item: Item,
  facts: FactsContext,
  signal: AbortSignal,
  acting: Acting = { author: { type: 'robot', id: robot.id } },
): ActionContext {
  const cause = {
    rootEventId: run.rootEventId,
    depth: run.depth + 1,
    runId: run.id,
    eventId: run.causeEventId,
  };
  const { author, movedBy } = acting;
  const engine: ActionEngine = {
    async moveItem(itemId, toStageId) {
      const target = await tx.items.findForUpdate(itemId);
      if (target === undefined) return { moved: false, refusedBy: 'the item no longer exists' };
      const outcome = await moveInTransaction(context, tx, {
        item: target,
        toStageId,
        author,
        cause,
        manual: false,
        movedBy,
      });
      if (outcome.kind === 'moved') return { moved: true, stageEntryId: outcome.item.stageEntryId };
      if (outcome.kind === 'same_stage') return { moved: false };
      return { moved: false, refusedBy: outcome.message };
    },
    createItem: (input) => createItemInTransaction(context, tx, input, author, cause),
    async createDocument({ share, ...request }) {
      const input = await itemDocumentInput(tx, { ...request, itemId: item.id });
      const document = await issueDocument(context, tx, input, author, cause);
      if (share !== true) return { document };
      const token = await tx.documentShares.issueShareToken(document.id, context.clock.now(), null);
      return { document, sharePath: `/d/${token}` };
    },
  };
  return {
    tx,
    item,
    facts: facts.facts,
    robot,
    run,
    responsible: facts.responsible,
    supervisor: facts.supervisor,
    clock: context.clock,
    idempotencyKey: run.id,
    abortSignal: signal,
    templates: context.templates,
    engine,
    author,
    outside: context.outside ?? {},
    phones: context.phones,
  };
}

async function finish(
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
function leaseLost(): AppError {
  return new AppError('lease_lost', 'conflict', 'the worker no longer holds the run');
}
