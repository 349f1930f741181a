import { type ConditionTrace, explainCondition } from '../../domain/conditions/explain-condition.ts';
import type { Item } from '../../domain/item.ts';
import type { Stage } from '../../domain/pipeline.ts';
import type { Robot } from '../../domain/rules.ts';
import { FINAL_RUN_STATUSES, type Run } from '../../domain/run.ts';
import { buildFacts } from '../facts-builder.ts';
import { type Planned, planOf } from '../planning.ts';
import type { EngineTx } from '../ports.ts';
import type { BackfillReason } from './backfill-shapes.ts';

/** Whether a robot may be applied to an item now in its stage, and the run it would get. */
export interface RobotVerdict {
  readonly reasonCode: BackfillReason;
  readonly reason: string;
  readonly condition: ConditionTrace | null;
  /** For an eligible item: the run's timing and the run it waits for. */
  readonly plan: (Planned & { readonly previousRunId: string | null }) | null;
}

export interface RobotScene {
  readonly robot: Robot;
  readonly stage: Stage;
  /** The enabled robots of the stage, by sort: an `afterPrevious` robot follows the one before it. */
  readonly stageRobots: readonly Robot[];
  readonly now: Date;
}

/**
 * Judges one item already in the robot's stage, as its entry would have if the robot had been
 * there: refused when the entry already has a run of this robot (any status), when a
 * once-per-item robot already ran for the item, or when the condition does not hold now (it is
 * checked again when the run fires). The run is due as planned from the time the item entered the
 * stage, but never before now.
 */
export async function judgeRobotBackfill(tx: EngineTx, scene: RobotScene, item: Item): Promise<RobotVerdict> {
  const { robot, stage } = scene;
  const { facts, responsible } = await buildFacts(tx, item);
  const condition = robot.condition === null ? null : explainCondition(robot.condition, facts);
  const refused = (reasonCode: BackfillReason, reason: string): RobotVerdict => ({
    reasonCode,
    reason,
    condition,
    plan: null,
  });
  const runs = await tx.backfill.runsOfEntry(item.id, item.stageEntryId);
  const own = runs.findLast((run) => run.robotId === robot.id);
  if (own !== undefined) {
    return refused(
      'already_planned',
      `the item already has a run of this robot (${own.status}) since it entered "${stage.name}"`,
    );
  }
  if (robot.repeat === 'once-per-item' && (await tx.runs.hasRunForItem(robot.id, item.id))) {
    return refused('once_per_item', 'the robot runs once per item and already ran for this item');
  }
  if (condition !== null && !condition.matched) return refused('condition', `condition: ${condition.reason}`);

  const previous = robot.afterPrevious ? previousRun(scene, runs) : undefined;
  if (previous !== undefined && !FINAL_RUN_STATUSES.includes(previous.status)) {
    const plan = {
      status: 'waiting',
      dueAt: null,
      note: `waits for the previous robot's run ${previous.id}`,
      previousRunId: previous.id,
    } as const;
    return { reasonCode: 'ok', reason: plan.note, condition, plan };
  }
  const planned = await planOf(tx, item, robot, facts, responsible, new Date(item.stageEnteredAt), scene.now);
  if (planned.dueAt === null) {
    return { reasonCode: 'ok', reason: planned.note, condition, plan: { ...planned, previousRunId: null } };
  }
  const dueAt = planned.dueAt < scene.now ? scene.now : planned.dueAt;
  const note = `due at ${dueAt.toISOString()}`;
  return {
    reasonCode: 'ok',
    reason: note,
    condition,
    plan: { status: 'scheduled', dueAt, note, previousRunId: null },
  };
}

/**
 * The run an `afterPrevious` robot follows: the latest run of this entry of the nearest robot
 * before it in the stage's order that has one (the run planning on entry would have chained it to).
 */
function previousRun(scene: RobotScene, runs: readonly Run[]): Run | undefined {
  const index = scene.stageRobots.findIndex((robot) => robot.id === scene.robot.id);
  for (const robot of scene.stageRobots.slice(0, Math.max(index, 0)).reverse()) {
    const run = runs.findLast((candidate) => candidate.robotId === robot.id);
    if (run !== undefined) return run;
  }
  return undefined;
}
