import { evaluateCondition } from '../domain/conditions/evaluate-condition.ts';
import { AppError } from '../domain/errors.ts';
import type { Item } from '../domain/item.ts';
import { type Robot, storedRuleInvalid } from '../domain/rules.ts';
import type { Run } from '../domain/run.ts';
import { actingFor } from './acting-as.ts';
import { type BoundAction, bindAction } from './actions/define-action.ts';
import type { EngineContext } from './engine-context.ts';
import { buildFacts, type FactsContext } from './facts-builder.ts';
import type { EngineTx } from './ports.ts';
import { makeActionContext } from './run-action-context.ts';
import type { Outcome } from './run-outcome.ts';
import { withWorkFacts } from './work-facts.ts';

/** Everything an action needs, checked and loaded inside the run's first transaction. */
export interface Ready {
  readonly kind: 'ready';
  readonly action: BoundAction;
  readonly robot: Robot;
  readonly item: Item;
  readonly facts: FactsContext;
}

/**
 * Checks a claimed run inside its first transaction: the robot still enabled, the item still in
 * the run's stage entry, the condition met now. Answers the outcome that ends the run here, or
 * what the action needs, with its start journaled.
 */
export async function prepareRun(
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
export async function runAction(
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
