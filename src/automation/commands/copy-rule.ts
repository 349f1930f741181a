import { invalid, notFound } from '../../domain/errors.ts';
import type { Actor } from '../../domain/revisions.ts';
import type { Guard, Robot, Trigger } from '../../domain/rules.ts';
import type { RuleContext, RuleTx } from '../rule-ports.ts';
import { createGuardIn } from './save-guard.ts';
import { createRobotIn } from './save-robot.ts';
import { createTriggerIn, type WriteOrigin } from './save-trigger.ts';

/** Where a copy goes: a stage of the rule's own pipeline, under the rule's name unless another is given. */
export interface CopyTarget {
  readonly stageId: string;
  /** Default: the copied rule's name. */
  readonly name?: string | undefined;
}

/**
 * The target stage must exist and belong to the rule's pipeline: a rule's event types, fields and
 * stages are those of its pipeline, so a copy elsewhere would point at things that are not there.
 */
async function checkTarget(tx: RuleTx, pipelineId: string, stageId: string): Promise<void> {
  const stage = await tx.pipelines.findStage(stageId);
  if (stage === undefined) throw invalid('/body/stageId', `stage ${stageId} does not exist`);
  if (stage.pipelineId !== pipelineId) {
    throw invalid(
      '/body/stageId',
      `stage ${stage.id} ("${stage.name}") is in pipeline ${stage.pipelineId}; a rule is copied only to a stage ` +
        `of its own pipeline (${pipelineId})`,
    );
  }
}

const created = (actor: Actor): WriteOrigin => ({ actor, change: 'created' });

/**
 * Copies a stored robot into a stage of its pipeline, after that stage's robots. The copy is made
 * from the stored params, so secrets the API only ever shows masked (a webhook's signing secret,
 * an Authorization header) are copied as they are; a client could not send them back itself.
 */
export function copyRobot(
  context: RuleContext,
  actor: Actor,
  id: string,
  target: CopyTarget,
): Promise<Robot> {
  return context.store.transaction(async (tx) => {
    const source = await tx.rules.findRobot(id);
    if (source === undefined) throw notFound('robot', id);
    await checkTarget(tx, source.pipelineId, target.stageId);
    const { name, pipelineId, enabled, action, timing, condition, afterPrevious, repeat, retry, actAs } =
      source;
    // No sort: the store places a robot without one after the last robot of its stage.
    const input = { pipelineId, enabled, action, timing, condition, afterPrevious, repeat, retry, actAs };
    return createRobotIn(
      tx,
      context,
      { ...input, name: target.name ?? name, stageId: target.stageId },
      created(actor),
    );
  });
}

/** Copies a stored trigger into a stage of its pipeline. A webhook token is not copied: each trigger has its own. */
export function copyTrigger(
  context: RuleContext,
  actor: Actor,
  id: string,
  target: CopyTarget,
): Promise<Trigger> {
  return context.store.transaction(async (tx) => {
    const source = await tx.rules.findTrigger(id);
    if (source === undefined) throw notFound('trigger', id);
    await checkTarget(tx, source.pipelineId, target.stageId);
    const { name, pipelineId, enabled, eventType, filter, condition, allowBackward, actAs } = source;
    const input = { pipelineId, enabled, eventType, filter, condition, allowBackward, actAs };
    return createTriggerIn(
      tx,
      context,
      { ...input, name: target.name ?? name, stageId: target.stageId },
      created(actor),
    );
  });
}

/** Copies a stored guard into a stage of its pipeline. */
export function copyGuard(
  context: RuleContext,
  actor: Actor,
  id: string,
  target: CopyTarget,
): Promise<Guard> {
  return context.store.transaction(async (tx) => {
    const source = await tx.rules.findGuard(id);
    if (source === undefined) throw notFound('guard', id);
    await checkTarget(tx, source.pipelineId, target.stageId);
    const { name, pipelineId, enabled, condition, message } = source;
    return createGuardIn(
      tx,
      context,
      { pipelineId, enabled, condition, message, name: target.name ?? name, stageId: target.stageId },
      created(actor),
    );
  });
}
