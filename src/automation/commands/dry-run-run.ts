import { explainCondition } from '../../domain/conditions/explain-condition.ts';
import type { StoredEvent } from '../../domain/events/event.ts';
import type { Facts } from '../../domain/facts.ts';
import type { Item } from '../../domain/item.ts';
import type { Robot } from '../../domain/rules.ts';
import type { Run, RunWork } from '../../domain/run.ts';
import { maskUrlCredentials } from '../../domain/secrets.ts';
import { type Acting, actingFor } from '../acting-as.ts';
import { type ActionContext, type ActionDefinition, bindAction } from '../actions/define-action.ts';
import { buildFacts } from '../facts-builder.ts';
import { makeActionContext } from '../run-action-context.ts';
import { withWorkFacts } from '../work-facts.ts';
import { describeMove, explainGuards } from './dry-run-move.ts';
import type { DryRunSession } from './dry-run-session.ts';
import type { DryRunRun, RunSkipReason, RunWaitsFor, TemplatePreviewResult } from './dry-run-types.ts';
import { renderResult } from './template-results.ts';

/** Template params rendered as HTML, by action type (send_email's `html`, as the action renders it). */
const HTML_PARAMS: Readonly<Record<string, readonly string[]>> = { send_email: ['html'] };

/** A run as planned (by the engine, or by the dry run for a robot tried alone). */
export interface PlannedRun {
  readonly robot: Robot;
  /** A draft has no saved version. */
  readonly draft: boolean;
  readonly status: 'scheduled' | 'waiting' | 'skipped';
  readonly dueAt: string | null;
  /** What a `waiting` run waits for. */
  readonly waitsFor?: RunWaitsFor | undefined;
  /** Why a run the planner left out is `skipped`. */
  readonly skipReason?: RunSkipReason | undefined;
  readonly note: string;
  /** The run the engine planned in the sandbox; one is written when there is none. */
  readonly run?: Run | undefined;
  /** The task or activity a robot tried alone is timed against (its run reads it as the engine's does). */
  readonly work?: RunWork | null | undefined;
}

/**
 * One run tried on the item now, inside the sandbox: its condition traced, its template params
 * rendered, and (unless it would be skipped) its action executed by the real action code with the
 * outside world recorded, so `changes` is what its run would record. An action that fails is an
 * answer (`error`), and its writes are undone, as the run's would be.
 */
export async function tryRun(
  session: DryRunSession,
  planned: PlannedRun,
  itemId: string,
  event: StoredEvent | undefined,
): Promise<DryRunRun> {
  const { tx } = session;
  const { robot } = planned;
  const item = await tx.items.findForUpdate(itemId);
  const stage = await tx.items.stageOf(robot.stageId);
  if (item === undefined) throw new Error(`item ${itemId} vanished inside the dry run`);
  const work = planned.run?.work ?? planned.work ?? null;
  const facts = await withWorkFacts(tx, await buildFacts(tx, item, event), work, undefined);
  const condition = robot.condition === null ? null : explainCondition(robot.condition, facts.facts);
  const failsNow = planned.status !== 'skipped' && condition?.matched === false;
  const status = failsNow ? 'skipped' : planned.status;
  const skipReason = failsNow ? 'condition' : (planned.skipReason ?? null);
  const note = failsNow
    ? `${planned.note}; the condition does not hold now (it is checked again when the run fires)`
    : planned.note;
  const action = session.deps.findAction(robot.action.type);
  const rendered = action === undefined ? {} : await renderParams(session, action, robot, facts.facts);
  let changes: Readonly<Record<string, unknown>> | null = null;
  let error: string | null = null;
  const bound = action === undefined ? undefined : bindAction(action, robot.action.params);
  // The real run's author: the person the robot acts as, so the sandbox writes in their name too.
  const acting = await actingFor(tx, { kind: 'robot', ...robot }, item);
  if (action === undefined) error = `Action "${robot.action.type}" is not known`;
  else if (bound === undefined) error = `The params do not match the params of ${robot.action.type}`;
  else if (status !== 'skipped') {
    const run = planned.run ?? (await writeRun(session, robot, item, planned));
    const context = actionContext(session, run, robot, item, facts, acting);
    try {
      changes = (await tx.attempt(() => bound.run(context))).changes;
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
  }
  return {
    robotId: robot.id,
    robotName: robot.name,
    robotVersion: planned.draft ? null : robot.version,
    stageId: robot.stageId,
    stageName: stage?.name ?? robot.stageId,
    status,
    dueAt: planned.dueAt,
    waitsFor: status === 'waiting' ? (planned.waitsFor ?? null) : null,
    skipReason: status === 'skipped' ? skipReason : null,
    note,
    actingAs: acting.actingAs ?? null,
    condition,
    action: { type: robot.action.type, rendered, changes, error },
  };
}

async function renderParams(
  session: DryRunSession,
  action: ActionDefinition,
  robot: Robot,
  facts: Facts,
): Promise<Record<string, TemplatePreviewResult>> {
  const html = new Set(HTML_PARAMS[action.type] ?? []);
  const rendered: Record<string, TemplatePreviewResult> = {};
  for (const name of action.templateParams) {
    const source = robot.action.params[name];
    if (typeof source !== 'string') continue;
    const result = await renderResult(session.deps.templates, source, facts, html.has(name));
    // A URL may carry credentials: shown masked, as the run's record shows it.
    rendered[name] = name === 'url' && 'text' in result ? { text: maskUrlCredentials(result.text) } : result;
  }
  return rendered;
}

/** The run row a robot tried alone would have: planned for the item's current entry of the stage. */
function writeRun(session: DryRunSession, robot: Robot, item: Item, planned: PlannedRun): Promise<Run> {
  return session.tx.runs.create(
    {
      robotId: robot.id,
      itemId: item.id,
      pipelineId: item.pipelineId,
      stageId: robot.stageId,
      stageEntryId: item.stageEntryId,
      actionType: robot.action.type,
      status: planned.status === 'waiting' ? 'waiting' : 'scheduled',
      dueAt: planned.dueAt === null ? null : new Date(planned.dueAt),
      maxAttempts: robot.retry.maxAttempts,
      previousRunId: null,
      rootEventId: null,
      causeEventId: null,
      depth: 0,
      robotVersion: robot.version,
      work: planned.work ?? null,
    },
    session.now,
  );
}

/**
 * The action's context as the run executor makes it, its move of the tried item watched: the
 * first one is described with the guards it passed through (a move_to_stage robot).
 */
function actionContext(
  session: DryRunSession,
  run: Run,
  robot: Robot,
  item: Item,
  facts: Awaited<ReturnType<typeof buildFacts>>,
  acting: Acting,
): ActionContext {
  const context = makeActionContext(
    session.engine,
    session.tx,
    run,
    robot,
    item,
    facts,
    new AbortController().signal,
    acting,
  );
  const moveItem: ActionContext['engine']['moveItem'] = async (itemId, toStageId) => {
    if (itemId !== item.id || session.move !== null) return context.engine.moveItem(itemId, toStageId);
    const current = await session.tx.items.find(itemId);
    const from = current === undefined ? undefined : await session.tx.items.stageOf(current.stageId);
    const to = await session.tx.items.stageOf(toStageId);
    const guards =
      current === undefined || to === undefined || to.pipelineId !== current.pipelineId
        ? []
        : await explainGuards(session, current, to);
    const result = await context.engine.moveItem(itemId, toStageId);
    if (from !== undefined && to !== undefined) {
      const outcome = result.moved
        ? 'moved'
        : result.refusedBy === undefined
          ? 'same_stage'
          : guards.some((guard) => !guard.passed)
            ? 'refused'
            : 'loop';
      session.move = describeMove(from, to, guards, outcome, result.refusedBy ?? null);
    }
    return result;
  };
  return { ...context, engine: { ...context.engine, moveItem } };
}
