import { conflict, notFound } from '../../domain/errors.ts';
import type { Trigger } from '../../domain/rules.ts';
import type { EngineContext } from '../engine-context.ts';
import { buildFacts } from '../facts-builder.ts';
import type { EngineTx } from '../ports.ts';
import { moveInTransaction } from '../transition.ts';
import {
  BACKFILL_LIMIT,
  type BackfillApplied,
  type BackfillCandidate,
  type BackfillConfirmer,
  type BackfillPreview,
  type BackfillResult,
  type BackfillSkipped,
  backfillNote,
  distinctIds,
} from './backfill-shapes.ts';
import { judgeTriggerBackfill, type TriggerScene } from './trigger-backfill-verdict.ts';

async function sceneOf(context: EngineContext, tx: EngineTx, triggerId: string): Promise<TriggerScene> {
  const trigger = await tx.backfill.findTrigger(triggerId);
  if (trigger === undefined) throw notFound('trigger', triggerId);
  if (!trigger.enabled) throw triggerDisabled(trigger);
  const stages = new Map((await tx.backfill.stagesOf(trigger.pipelineId)).map((stage) => [stage.id, stage]));
  const target = stages.get(trigger.stageId);
  if (target === undefined) throw notFound('stage', trigger.stageId);
  return { trigger, target, stages, guards: await tx.rules.guardsOf(target.id), now: context.clock.now() };
}

const triggerDisabled = (trigger: Trigger) =>
  conflict('rule_disabled', `Trigger "${trigger.name}" is disabled: enable it before applying it to items`, {
    triggerId: trigger.id,
  });

/** The pipeline's items outside the trigger's stage (the first 500 by entry), each judged now. */
export async function previewTriggerBackfill(
  context: EngineContext,
  triggerId: string,
): Promise<BackfillPreview> {
  const tx = context.store.direct();
  const scene = await sceneOf(context, tx, triggerId);
  const { items, truncated } = await tx.backfill.itemsOfPipeline(
    scene.trigger.pipelineId,
    scene.target.id,
    BACKFILL_LIMIT,
  );
  const candidates: BackfillCandidate[] = [];
  for (const item of items) {
    const { facts } = await buildFacts(tx, item);
    const verdict = judgeTriggerBackfill(scene, item, facts, true);
    candidates.push({
      itemId: item.id,
      title: item.title,
      stageId: item.stageId,
      stageName: scene.stages.get(item.stageId)?.name ?? '',
      stageEnteredAt: item.stageEnteredAt,
      eligible: verdict.reasonCode === 'ok',
      reasonCode: verdict.reasonCode,
      reason: verdict.reason,
      condition: verdict.condition,
      dueAt: null,
      guard: verdict.guard,
    });
  }
  return {
    kind: 'trigger',
    ruleId: scene.trigger.id,
    ruleName: scene.trigger.name,
    now: scene.now.toISOString(),
    candidates,
    eligibleCount: candidates.filter((c) => c.eligible).length,
    truncated,
  };
}

/**
 * Moves each confirmed item to the trigger's stage, each in its own transaction with the item's
 * row locked: judged again there (stage order, condition), then through the one move path, whose
 * guards decide again. The match and the move are journaled as a backfill by the person who
 * confirmed; what the move causes (robots, triggers on item.stage_changed) follows as for any move.
 */
export async function applyTriggerBackfill(
  context: EngineContext,
  triggerId: string,
  itemIds: readonly string[],
  by: BackfillConfirmer,
): Promise<BackfillResult> {
  await sceneOf(context, context.store.direct(), triggerId);
  const applied: BackfillApplied[] = [];
  const skipped: BackfillSkipped[] = [];
  for (const itemId of distinctIds(itemIds)) {
    const outcome = await context.store.transaction((tx) => moveOne(context, tx, triggerId, itemId, by));
    if ('runId' in outcome) applied.push(outcome);
    else skipped.push(outcome);
  }
  // Committed: the moves wrote item.stage_changed events and planned runs for the runner.
  if (applied.length > 0) {
    context.wake('events');
    context.wake('runs');
  }
  return { applied, skipped };
}

async function moveOne(
  context: EngineContext,
  tx: EngineTx,
  triggerId: string,
  itemId: string,
  by: BackfillConfirmer,
): Promise<BackfillApplied | BackfillSkipped> {
  const scene = await sceneOf(context, tx, triggerId);
  const { trigger, target } = scene;
  const item = await tx.items.findForUpdate(itemId);
  if (item === undefined) return { itemId, reasonCode: 'not_found', reason: 'the item does not exist' };
  if (item.pipelineId !== trigger.pipelineId) {
    return { itemId, reasonCode: 'not_in_pipeline', reason: "the item is not in the trigger's pipeline" };
  }
  const { facts } = await buildFacts(tx, item);
  const verdict = judgeTriggerBackfill(scene, item, facts, false);
  if (verdict.reasonCode !== 'ok') return { itemId, reasonCode: verdict.reasonCode, reason: verdict.reason };
  const note = backfillNote(by);
  const now = context.clock.now();
  const matched = await tx.journal.add(
    {
      kind: 'trigger_matched',
      itemId,
      triggerId: trigger.id,
      stageId: target.id,
      message: `Trigger "${trigger.name}" applied ${note.message}: ${verdict.reason}`,
      data: { reason: 'matched', explanation: verdict.reason, toStageId: target.id, ...note.data },
    },
    now,
  );
  const outcome = await moveInTransaction(context, tx, {
    item,
    toStageId: target.id,
    author: { type: 'trigger', id: trigger.id },
    cause: { rootEventId: null, depth: 0, triggerId: trigger.id, journalId: matched.id },
    // A person confirmed it: a refusal is told to them in the answer, nobody is notified.
    manual: true,
    movedBy: note,
  });
  switch (outcome.kind) {
    case 'moved':
      return { itemId, runId: null, dueAt: null };
    case 'refused':
      return {
        itemId,
        reasonCode: 'guard',
        reason: `guard "${outcome.guard.name}" refuses the move: ${outcome.guard.message}`,
      };
    case 'same_stage':
      return { itemId, reasonCode: 'same_stage', reason: `the item is already in "${target.name}"` };
    case 'loop':
      return { itemId, reasonCode: 'loop', reason: outcome.message };
  }
}
