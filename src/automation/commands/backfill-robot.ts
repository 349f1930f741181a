import { conflict, notFound } from '../../domain/errors.ts';
import type { Item } from '../../domain/item.ts';
import type { Robot } from '../../domain/rules.ts';
import type { EngineContext } from '../engine-context.ts';
import { writePlannedRun } from '../planning.ts';
import type { EngineTx } from '../ports.ts';
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
import { judgeRobotBackfill, type RobotScene, type RobotVerdict } from './robot-backfill-verdict.ts';

/** A robot that may be applied to its stage's items: it exists and is enabled. */
async function sceneOf(context: EngineContext, tx: EngineTx, robotId: string): Promise<RobotScene> {
  const robot = await tx.backfill.findRobot(robotId);
  if (robot === undefined) throw notFound('robot', robotId);
  if (!robot.enabled) throw robotDisabled(robot);
  const stage = await tx.items.stageOf(robot.stageId);
  if (stage === undefined) throw notFound('stage', robot.stageId);
  return { robot, stage, stageRobots: await tx.rules.robotsOf(stage.id), now: context.clock.now() };
}

const robotDisabled = (robot: Robot) =>
  conflict('rule_disabled', `Robot "${robot.name}" is disabled: enable it before applying it to items`, {
    robotId: robot.id,
  });

/** Every item now in the robot's stage (the first 500 by entry), each judged as a backfill would. */
export async function previewRobotBackfill(
  context: EngineContext,
  robotId: string,
): Promise<BackfillPreview> {
  const tx = context.store.direct();
  const scene = await sceneOf(context, tx, robotId);
  const { items, truncated } = await tx.backfill.itemsInStage(scene.stage.id, BACKFILL_LIMIT);
  const candidates: BackfillCandidate[] = [];
  for (const item of items)
    candidates.push(candidate(scene, item, await judgeRobotBackfill(tx, scene, item)));
  return {
    kind: 'robot',
    ruleId: scene.robot.id,
    ruleName: scene.robot.name,
    now: scene.now.toISOString(),
    candidates,
    eligibleCount: candidates.filter((c) => c.eligible).length,
    truncated,
  };
}

function candidate(scene: RobotScene, item: Item, verdict: RobotVerdict): BackfillCandidate {
  return {
    itemId: item.id,
    title: item.title,
    stageId: scene.stage.id,
    stageName: scene.stage.name,
    stageEnteredAt: item.stageEnteredAt,
    eligible: verdict.reasonCode === 'ok',
    reasonCode: verdict.reasonCode,
    reason: verdict.reason,
    condition: verdict.condition,
    dueAt: verdict.plan?.dueAt?.toISOString() ?? null,
    guard: null,
  };
}

/**
 * Plans the robot's run for each confirmed item, each in its own transaction with the item's row
 * locked, judged again there: an item that left the stage, got a run meanwhile or no longer meets
 * the condition is skipped with its reason, so confirming twice plans nothing twice. Runs are
 * written by the planner's own code, chained like an entry's (see judgeRobotBackfill), and
 * journaled as planned by the person who confirmed.
 */
export async function applyRobotBackfill(
  context: EngineContext,
  robotId: string,
  itemIds: readonly string[],
  by: BackfillConfirmer,
): Promise<BackfillResult> {
  await sceneOf(context, context.store.direct(), robotId);
  const applied: BackfillApplied[] = [];
  const skipped: BackfillSkipped[] = [];
  for (const itemId of distinctIds(itemIds)) {
    const outcome = await context.store.transaction(
      async (tx): Promise<BackfillApplied | BackfillSkipped> => {
        const scene = await sceneOf(context, tx, robotId);
        const item = await tx.items.findForUpdate(itemId);
        if (item === undefined) return { itemId, reasonCode: 'not_found', reason: 'the item does not exist' };
        if (item.stageId !== scene.stage.id) {
          return {
            itemId,
            reasonCode: 'not_in_stage',
            reason: `the item is no longer in "${scene.stage.name}"`,
          };
        }
        const verdict = await judgeRobotBackfill(tx, scene, item);
        if (verdict.plan === null) return { itemId, reasonCode: verdict.reasonCode, reason: verdict.reason };
        const run = await writePlannedRun(context, tx, {
          item,
          stage: scene.stage,
          robot: scene.robot,
          plan: verdict.plan,
          previousRunId: verdict.plan.previousRunId,
          cause: { rootEventId: null, depth: 0 },
          plannedBy: backfillNote(by),
        });
        return { itemId, runId: run.id, dueAt: run.dueAt };
      },
    );
    if ('runId' in outcome) applied.push(outcome);
    else skipped.push(outcome);
  }
  // Committed: the runs that are due now fire without waiting for some other wake-up.
  if (applied.length > 0) context.wake('runs');
  return { applied, skipped };
}
