import type { Facts } from '../domain/facts.ts';
import { readFact } from '../domain/facts.ts';
import type { Item } from '../domain/item.ts';
import type { Stage } from '../domain/pipeline.ts';
import type { Robot } from '../domain/rules.ts';
import { FINAL_RUN_STATUSES, type Run, type RunWork } from '../domain/run.ts';
import { planDueAt, type WorkDateField, watchedField, workDateOf } from '../domain/timing/timing.ts';
import { DEFAULT_CALENDAR, type User } from '../domain/user.ts';
import type { Cause, EngineContext } from './engine-context.ts';
import { buildFacts } from './facts-builder.ts';
import { chainFields } from './journal-chain.ts';
import type { EngineTx } from './ports.ts';

export interface Planned {
  readonly status: 'scheduled' | 'waiting';
  readonly dueAt: Date | null;
  readonly note: string;
  /**
   * With a timing relative to the item's work: the task or activity it is timed against, or null
   * while it waits for one. Undefined for other timings.
   */
  readonly work?: RunWork | null;
}

/** A task's deadline or an activity's start that a run is timed against. */
export interface WorkDate {
  readonly id: string;
  readonly title: string;
  /** ISO 8601. */
  readonly at: string;
}

/**
 * When a robot's run is due, in the responsible user's calendar and time zone. A timing relative
 * to the item's work (`task.deadline`, `activity.start`) reads `workDate`, looked up by `planOf`.
 */
export function dueOf(
  robot: Robot,
  facts: Facts,
  responsible: User | undefined,
  now: Date,
  workDate?: WorkDate,
): Planned {
  const timing = robot.timing;
  const work = workDateOf(timing);
  const remembered =
    work === undefined
      ? {}
      : {
          work:
            workDate === undefined
              ? null
              : {
                  kind: work.field === 'task.deadline' ? ('task' as const) : ('activity' as const),
                  id: workDate.id,
                },
        };
  const fieldValue =
    timing.kind !== 'at' ? undefined : work === undefined ? readFact(facts, timing.field) : workDate?.at;
  const plan = planDueAt(timing, {
    now,
    fieldValue,
    calendar: responsible?.calendar ?? DEFAULT_CALENDAR,
    timeZone: responsible?.timeZone ?? 'UTC',
  });
  // Only an `at` timing waits: for its field to be set, or for a task or activity to time it by.
  if ('waiting' in plan) {
    const note =
      work === undefined
        ? `waits until ${watchedField(timing)} is set`
        : `waits until the item has ${work.field === 'task.deadline' ? 'an open task with a deadline ahead' : `a planned ${work.activityType ?? 'activity'} ahead`}`;
    return { status: 'waiting', dueAt: null, note, ...remembered };
  }
  const of =
    workDate === undefined
      ? ''
      : ` (${timing.kind === 'at' ? timing.field : ''} of "${workDate.title}" at ${workDate.at})`;
  return {
    status: 'scheduled',
    dueAt: plan.dueAt,
    note: `due at ${plan.dueAt.toISOString()}${of}`,
    ...remembered,
  };
}

/**
 * `dueOf`, with the work date looked up first when the timing is relative to one: the nearest
 * still ahead of `lookAfter` (default: `now`).
 */
export async function planOf(
  tx: EngineTx,
  item: Item,
  robot: Robot,
  facts: Facts,
  responsible: User | undefined,
  now: Date,
  lookAfter: Date = now,
): Promise<Planned> {
  const work = workDateOf(robot.timing);
  const workDate =
    work === undefined
      ? undefined
      : await tx.facts.nextWorkDate({
          itemId: item.id,
          field: work.field,
          activityType: work.activityType,
          after: lookAfter,
        });
  return dueOf(robot, facts, responsible, now, workDate);
}

/**
 * Plans one run per enabled robot of the stage the item just entered. Runs of an `afterPrevious`
 * robot wait for the run planned just before them; `once-per-item` robots that ever ran for the
 * item are left out.
 */
export async function planEntryRuns(
  context: EngineContext,
  tx: EngineTx,
  item: Item,
  stage: Stage,
  facts: Facts,
  responsible: User | undefined,
  cause: Cause,
): Promise<Run[]> {
  const now = context.clock.now();
  // Every cascade passes through here (moves and new items alike): past the depth limit nothing
  // more is planned, so a robot that creates items or moves them cannot keep the chain going.
  if (cause.depth >= context.limits.maxDepth) {
    await tx.journal.add(
      {
        ...chainFields(cause),
        kind: 'loop_stopped',
        itemId: item.id,
        stageId: stage.id,
        message: `Loop stopped: no robots planned for "${stage.name}" at depth ${cause.depth} (limit ${context.limits.maxDepth})`,
      },
      now,
    );
    return [];
  }
  const planned: Run[] = [];
  let previous: Run | undefined;
  for (const robot of await tx.rules.robotsOf(stage.id)) {
    if (robot.repeat === 'once-per-item' && (await tx.runs.hasRunForItem(robot.id, item.id))) {
      await tx.journal.add(
        {
          ...chainFields(cause),
          kind: 'run_skipped',
          itemId: item.id,
          robotId: robot.id,
          stageId: stage.id,
          message: `Robot "${robot.name}" runs once per item and already ran`,
          data: { reason: 'once_per_item' },
        },
        now,
      );
      continue;
    }
    const chained = robot.afterPrevious && previous !== undefined;
    const plan: Planned = chained
      ? { status: 'waiting', dueAt: null, note: `waits for the previous robot's run ${previous?.id}` }
      : await planOf(tx, item, robot, facts, responsible, now);
    const run = await writePlannedRun(context, tx, {
      item,
      stage,
      robot,
      plan,
      previousRunId: chained ? (previous?.id ?? null) : null,
      cause,
    });
    planned.push(run);
    previous = run;
  }
  return planned;
}

export interface RunToPlan {
  readonly item: Item;
  readonly stage: Stage;
  readonly robot: Robot;
  readonly plan: Planned;
  /** The run this one waits for (`afterPrevious`), or null. */
  readonly previousRunId: string | null;
  readonly cause: Cause;
  /** Who planned it when a person did (a backfill): said in the journal's message and data. */
  readonly plannedBy?: { readonly message: string; readonly data: Readonly<Record<string, unknown>> };
}

/** Writes one run for the item's current stage entry and its `run_planned` journal entry. */
export async function writePlannedRun(
  context: EngineContext,
  tx: EngineTx,
  request: RunToPlan,
): Promise<Run> {
  const { item, stage, robot, plan, cause } = request;
  const now = context.clock.now();
  const run = await tx.runs.create(
    {
      robotId: robot.id,
      itemId: item.id,
      pipelineId: item.pipelineId,
      stageId: stage.id,
      stageEntryId: item.stageEntryId,
      actionType: robot.action.type,
      status: plan.status,
      dueAt: plan.dueAt,
      maxAttempts: robot.retry.maxAttempts,
      previousRunId: request.previousRunId,
      rootEventId: cause.rootEventId,
      causeEventId: cause.eventId ?? null,
      depth: cause.depth,
      // The robot as it was planned: a later edit does not rewrite what this run was.
      robotVersion: robot.version,
      work: plan.work ?? null,
    },
    now,
  );
  const by = request.plannedBy;
  await tx.journal.add(
    {
      ...chainFields(cause),
      kind: 'run_planned',
      itemId: item.id,
      robotId: robot.id,
      stageId: stage.id,
      runId: run.id,
      message: `Robot "${robot.name}" planned${by === undefined ? '' : ` ${by.message}`}: ${plan.note}`,
      data: { dueAt: plan.dueAt?.toISOString() ?? null, status: plan.status, ...by?.data },
    },
    now,
  );
  return run;
}

/**
 * Plans again the runs of the item's current entry whose `at` timing reads a field that changed,
 * and the waiting ones whose field is now set.
 */
export async function replanFieldRuns(
  context: EngineContext,
  tx: EngineTx,
  item: Item,
  changedPaths: readonly string[],
  facts: Facts,
  responsible: User | undefined,
  cause: Cause,
): Promise<number> {
  const now = context.clock.now();
  let count = 0;
  for (const run of await tx.runs.notStartedOfEntry(item.id, item.stageEntryId)) {
    // A chained run waits for its previous run first; once that finished, its own timing counts.
    if (run.previousRunId !== null) {
      const previous = await tx.runs.find(run.previousRunId);
      if (previous !== undefined && !FINAL_RUN_STATUSES.includes(previous.status)) continue;
    }
    const robot = await tx.rules.findRobot(run.robotId);
    const timing = robot?.timing;
    if (robot === undefined || timing?.kind !== 'at' || !changedPaths.includes(timing.field)) continue;
    const plan = await planOf(tx, item, robot, facts, responsible, now);
    const moved = await tx.runs.transition(
      run.id,
      ['waiting', 'scheduled'],
      plan.status,
      { dueAt: plan.dueAt, work: plan.work },
      now,
    );
    if (!moved) continue;
    count += 1;
    await tx.journal.add(
      {
        ...chainFields(cause),
        // No cause record: the journal then shows it under the record that planned its run,
        // with the run's other records, rather than under the event that changed the field.
        causeId: null,
        kind: 'run_replanned',
        itemId: item.id,
        runId: run.id,
        robotId: robot.id,
        stageId: run.stageId,
        eventId: cause.eventId ?? null,
        message: `Robot "${robot.name}" planned again because ${timing.field} changed: ${plan.note}`,
        data: { dueAt: plan.dueAt?.toISOString() ?? null, status: plan.status },
      },
      now,
    );
  }
  return count;
}

/** Starts the runs that waited for `finished` (an `afterPrevious` chain). */
export async function releaseFollowers(
  context: EngineContext,
  tx: EngineTx,
  finished: Run,
  item: Item,
  facts: Facts,
  responsible: User | undefined,
): Promise<void> {
  const now = context.clock.now();
  for (const run of await tx.runs.waitingFor(finished.id)) {
    const robot = await tx.rules.findRobot(run.robotId);
    if (robot === undefined) continue;
    const plan = await planOf(tx, item, robot, facts, responsible, now);
    const changes = { dueAt: plan.dueAt, work: plan.work };
    if (!(await tx.runs.transition(run.id, ['waiting'], plan.status, changes, now))) continue;
    await tx.journal.add(
      {
        kind: 'run_replanned',
        itemId: item.id,
        runId: run.id,
        robotId: robot.id,
        stageId: run.stageId,
        message: `Robot "${robot.name}": the previous run finished; ${plan.note}`,
        data: { dueAt: plan.dueAt?.toISOString() ?? null, status: plan.status, previousRunId: finished.id },
        rootEventId: run.rootEventId,
        depth: run.depth,
      },
      now,
    );
  }
}

/**
 * Plans again the not-started runs of the item's current entry that are timed against its work
 * (`task.deadline`, `activity.start`), after its tasks or activities changed: a deadline moved,
 * a meeting rescheduled, completed or cancelled. A run whose task or activity is gone waits for the
 * next one. Each run that changed is journaled. Answers how many changed: the caller wakes the
 * runner for them once its transaction committed.
 */
export async function replanWorkRuns(
  context: EngineContext,
  tx: EngineTx,
  itemId: string,
  changed: readonly WorkDateField[],
  reason: string,
): Promise<number> {
  const item = await tx.items.find(itemId);
  if (item === undefined) return 0;
  const now = context.clock.now();
  let count = 0;
  let factsContext: Awaited<ReturnType<typeof buildFacts>> | undefined;
  for (const run of await tx.runs.notStartedOfEntry(item.id, item.stageEntryId)) {
    const robot = await tx.rules.findRobot(run.robotId);
    const work = robot === undefined ? undefined : workDateOf(robot.timing);
    if (robot === undefined || work === undefined || !changed.includes(work.field)) continue;
    if (run.previousRunId !== null) {
      const previous = await tx.runs.find(run.previousRunId);
      if (previous !== undefined && !FINAL_RUN_STATUSES.includes(previous.status)) continue;
    }
    factsContext ??= await buildFacts(tx, item);
    const plan = await planOf(tx, item, robot, factsContext.facts, factsContext.responsible, now);
    const dueBefore = run.dueAt === null ? null : new Date(run.dueAt).getTime();
    // Another task or meeting at the same time is still a change: the run names the one it is for.
    const sameWork = (plan.work?.id ?? null) === (run.work?.id ?? null);
    if (plan.status === run.status && (plan.dueAt?.getTime() ?? null) === dueBefore && sameWork) continue;
    const moved = await tx.runs.transition(
      run.id,
      ['waiting', 'scheduled'],
      plan.status,
      { dueAt: plan.dueAt, work: plan.work },
      now,
    );
    if (!moved) continue;
    count += 1;
    await tx.journal.add(
      {
        kind: 'run_replanned',
        itemId: item.id,
        runId: run.id,
        robotId: robot.id,
        stageId: run.stageId,
        message: `Robot "${robot.name}" planned again because ${reason}: ${plan.note}`,
        data: { dueAt: plan.dueAt?.toISOString() ?? null, status: plan.status, field: work.field },
        rootEventId: run.rootEventId,
        depth: run.depth,
      },
      now,
    );
  }
  return count;
}
