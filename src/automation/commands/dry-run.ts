import { notFound } from '../../domain/errors.ts';
import { DEFAULT_RETRY, type RetryPolicy, type Robot, type Trigger } from '../../domain/rules.ts';
import { IMMEDIATELY } from '../../domain/timing/timing.ts';
import { validateRobot, validateTrigger } from '../rule-validation.ts';
import type { NewRobotDraft, NewTriggerDraft, SandboxTx } from '../sandbox.ts';
import { tryRobot } from './dry-run-robot.ts';
import { type DryRunDeps, itemOrThrow, openSession } from './dry-run-session.ts';
import { tryTrigger } from './dry-run-trigger.ts';
import type { DryRunResult, SampleEvent } from './dry-run-types.ts';
import { sampleEvent } from './template-results.ts';

/** A robot as POST /robots takes it (the defaults of that route apply). */
export type RobotDraftInput = Omit<NewRobotDraft, 'pipelineId' | 'action' | 'retry'> & {
  readonly pipelineId?: string | undefined;
  readonly action: { readonly type: string; readonly params?: Readonly<Record<string, unknown>> | undefined };
  readonly retry?: Partial<RetryPolicy> | undefined;
};
/** A trigger as POST /triggers takes it. */
export type TriggerDraftInput = Omit<NewTriggerDraft, 'pipelineId'> & {
  readonly pipelineId?: string | undefined;
};

export type DryRunRequest = {
  readonly itemId: string;
  /** The sample event: a trigger's (default: its event type with empty data), or robots' `event.*` facts. */
  readonly event?: SampleEvent | undefined;
} & (
  | { readonly robot: RobotDraftInput }
  | { readonly robotId: string }
  | { readonly trigger: TriggerDraftInput }
  | { readonly triggerId: string }
);

/** Where a draft's problems are reported: under the request body's `robot` or `trigger`. */
const ROBOT_POINTER = '/body/robot';
const TRIGGER_POINTER = '/body/trigger';

/**
 * Tries a robot or a trigger, saved or a draft, on a real item, and answers what would happen,
 * without any effect: the engine's own code runs in a sandbox transaction that is always rolled
 * back (a draft is inserted there), its outside calls are recorded instead of sent, nothing is
 * woken, and the clock is read, never moved. A draft is validated as saving it would be.
 */
export async function dryRun(deps: DryRunDeps, request: DryRunRequest): Promise<DryRunResult> {
  const robotDraft = 'robot' in request ? await robotToInsert(deps, request.robot) : undefined;
  const triggerDraft = 'trigger' in request ? await triggerToInsert(deps, request.trigger) : undefined;
  return deps.sandbox.run(async (tx) => {
    const session = openSession(deps, tx);
    const item = await itemOrThrow(tx, request.itemId);
    const stage = await tx.items.stageOf(item.stageId);
    const base = {
      now: session.now.toISOString(),
      item: { id: item.id, title: item.title, stageId: item.stageId, stageName: stage?.name ?? item.stageId },
    };
    if ('robot' in request || 'robotId' in request) {
      const robot =
        robotDraft === undefined
          ? await savedRobot(tx, (request as { robotId: string }).robotId)
          : await tx.drafts.createRobot(robotDraft, session.now);
      const event =
        request.event === undefined
          ? undefined
          : sampleEvent(request.event, deps.ids(), item.id, session.now);
      const run = await tryRobot(session, robot, robotDraft !== undefined, item, event);
      return {
        ...base,
        kind: 'robot',
        trigger: null,
        move: session.move,
        runs: [run],
        outsideCalls: session.calls,
      };
    }
    const trigger =
      triggerDraft === undefined
        ? await savedTrigger(tx, (request as { triggerId: string }).triggerId)
        : await tx.drafts.createTrigger(triggerDraft, session.now);
    const tried = await tryTrigger(session, trigger, item, request.event);
    return { ...base, kind: 'trigger', ...tried, outsideCalls: session.calls };
  });
}

async function savedRobot(tx: SandboxTx, id: string): Promise<Robot> {
  const robot = await tx.rules.findRobot(id);
  if (robot === undefined) throw notFound('robot', id);
  return robot;
}

async function savedTrigger(tx: SandboxTx, id: string): Promise<Trigger> {
  const trigger = await tx.drafts.findTrigger(id);
  if (trigger === undefined) throw notFound('trigger', id);
  return trigger;
}

async function robotToInsert(deps: DryRunDeps, input: RobotDraftInput): Promise<NewRobotDraft> {
  const action = { type: input.action.type, params: input.action.params ?? {} };
  const timing = input.timing ?? IMMEDIATELY;
  const retry = { ...DEFAULT_RETRY, ...input.retry };
  const condition = input.condition ?? null;
  const { pipelineId } = await validateRobot(
    { stageId: input.stageId, pipelineId: input.pipelineId, action, timing, condition, retry },
    deps.validation,
    ROBOT_POINTER,
  );
  return { ...input, pipelineId, action, timing, retry, condition };
}

async function triggerToInsert(deps: DryRunDeps, input: TriggerDraftInput): Promise<NewTriggerDraft> {
  const draft = { ...input, filter: input.filter ?? null, condition: input.condition ?? null };
  const { pipelineId } = await validateTrigger(draft, deps.validation, TRIGGER_POINTER);
  return { ...draft, pipelineId };
}
