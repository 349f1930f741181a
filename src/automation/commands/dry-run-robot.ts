import { invalid } from '../../domain/errors.ts';
import type { StoredEvent } from '../../domain/events/event.ts';
import type { Item } from '../../domain/item.ts';
import type { Robot } from '../../domain/rules.ts';
import { buildFacts } from '../facts-builder.ts';
import { planOf } from '../planning.ts';
import { type PlannedRun, tryRun } from './dry-run-run.ts';
import type { DryRunSession } from './dry-run-session.ts';
import type { DryRunRun } from './dry-run-types.ts';

/**
 * A robot's one run on the item. In the robot's stage, the run is timed from the item's entry
 * into it (`stageEnteredAt`), as the run planned then was; elsewhere the item enters the stage in
 * the sandbox now (no guards: the robot is tried, not the move) and the run is timed from now.
 * Once-per-item and after-previous are decided as the planner decides them.
 */
export async function tryRobot(
  session: DryRunSession,
  robot: Robot,
  draft: boolean,
  item: Item,
  event: StoredEvent | undefined,
): Promise<DryRunRun> {
  const { tx } = session;
  if (robot.pipelineId !== item.pipelineId) {
    throw invalid(
      '/body/itemId',
      `item ${item.id} is not in the robot's pipeline`,
      'item_of_another_pipeline',
    );
  }
  const inStage = item.stageId === robot.stageId;
  const stage = await tx.items.stageOf(robot.stageId);
  const stageName = stage?.name ?? robot.stageId;
  const subject = inStage
    ? item
    : await tx.items.enterStage(item.id, robot.stageId, session.engine.ids(), session.now, item.version);
  const from = inStage
    ? `from the item's entry into "${stageName}" at ${item.stageEnteredAt}`
    : `as if the item entered "${stageName}" now`;
  return tryRun(session, await plan(session, robot, draft, subject, inStage, from), subject.id, event);
}

async function plan(
  session: DryRunSession,
  robot: Robot,
  draft: boolean,
  item: Item,
  inStage: boolean,
  from: string,
): Promise<PlannedRun> {
  const { tx } = session;
  if (robot.repeat === 'once-per-item' && (await tx.runs.hasRunForItem(robot.id, item.id))) {
    // In its stage, the run of this very entry may be the one it had: that one still counts.
    const ofThisEntry = (await tx.runs.notStartedOfEntry(item.id, item.stageEntryId)).some(
      (run) => run.robotId === robot.id,
    );
    if (!inStage || !ofThisEntry) {
      const note = `${from}: it runs once per item and already ran`;
      return { robot, draft, status: 'skipped', dueAt: null, skipReason: 'once_per_item', note };
    }
  }
  if (robot.afterPrevious) {
    const previous = await previousRobot(session, robot, item);
    if (previous !== undefined) {
      return {
        robot,
        draft,
        status: 'waiting',
        dueAt: null,
        waitsFor: 'previous',
        note: `${from}: runs after the previous robot "${previous.name}" finishes, then by its own timing`,
      };
    }
  }
  const { facts, responsible } = await buildFacts(tx, item);
  const base = inStage ? new Date(item.stageEnteredAt) : session.now;
  const planned = await planOf(tx, item, robot, facts, responsible, base, session.now);
  return {
    robot,
    draft,
    status: planned.status,
    dueAt: planned.dueAt?.toISOString() ?? null,
    // The planner waits only for an `at` timing's empty date field.
    waitsFor: planned.status === 'waiting' ? 'field' : undefined,
    note: `${from}: ${planned.note}`,
    work: planned.work,
  };
}

/** The robot planned just before this one in its stage (the planner chains to it), if any. */
async function previousRobot(session: DryRunSession, robot: Robot, item: Item): Promise<Robot | undefined> {
  const { tx } = session;
  let previous: Robot | undefined;
  for (const other of await tx.rules.robotsOf(robot.stageId)) {
    if (other.id === robot.id) break;
    if (other.sort > robot.sort) break;
    if (other.repeat === 'once-per-item' && (await tx.runs.hasRunForItem(other.id, item.id))) continue;
    previous = other;
  }
  return previous;
}
