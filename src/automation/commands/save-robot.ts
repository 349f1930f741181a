import { notFound } from '../../domain/errors.ts';
import type { Actor } from '../../domain/revisions.ts';
import { DEFAULT_RETRY, type RetryPolicy, type Robot } from '../../domain/rules.ts';
import { keepMaskedSecrets } from '../../domain/secrets.ts';
import type { RobotRecord, RuleContext, RuleTx } from '../rule-ports.ts';
import { validateRobot } from '../rule-validation.ts';
import { recordRevision, validationDeps } from './rule-history.ts';
import type { WriteOrigin } from './save-trigger.ts';

const IMMEDIATELY = { kind: 'immediately' };

/** A robot as POST /robots takes it: params, timing and retry parts may be left out. */
export type RobotInput = Omit<RobotRecord, 'pipelineId' | 'action' | 'retry'> & {
  readonly pipelineId?: string | undefined;
  readonly action: { readonly type: string; readonly params?: Readonly<Record<string, unknown>> | undefined };
  readonly retry?: Partial<RetryPolicy> | undefined;
};
export type RobotChanges = Partial<Omit<RobotInput, 'action'>> & {
  readonly action?: RobotInput['action'] | undefined;
};

/** Validates and creates a robot with its revision, in the caller's transaction. */
export async function createRobotIn(
  tx: RuleTx,
  context: RuleContext,
  input: RobotInput,
  origin: WriteOrigin,
): Promise<Robot> {
  const action = { type: input.action.type, params: input.action.params ?? {} };
  const timing = input.timing ?? IMMEDIATELY;
  const retry = { ...DEFAULT_RETRY, ...input.retry };
  const { pipelineId } = await validateRobot(
    {
      stageId: input.stageId,
      pipelineId: input.pipelineId,
      action,
      timing,
      condition: input.condition ?? null,
      retry,
      actAs: input.actAs ?? null,
    },
    validationDeps(tx),
    origin.at,
  );
  const now = context.clock.now();
  const robot = await tx.rules.createRobot({ ...input, pipelineId, action, timing, retry }, now);
  await recordRevision(
    tx,
    now,
    { ruleKind: 'robot', ...origin },
    {
      ruleId: robot.id,
      pipelineId,
      version: robot.version,
      before: null,
      after: robot,
    },
  );
  return robot;
}

/**
 * Validates the merged robot and writes the change with its revision, in the caller's
 * transaction. Params read from the API carry masks; sent back unchanged they keep the stored
 * secrets.
 */
export async function updateRobotIn(
  tx: RuleTx,
  context: RuleContext,
  current: Robot,
  changes: RobotChanges,
  expectedVersion: number | undefined,
  origin: WriteOrigin,
): Promise<Robot> {
  const { action: newAction, retry: newRetry, id: _id, ...rest } = changes;
  const action =
    newAction === undefined
      ? current.action
      : {
          type: newAction.type,
          params:
            newAction.type === current.action.type
              ? keepMaskedSecrets(newAction.params ?? {}, current.action.params)
              : (newAction.params ?? {}),
        };
  const retry = { ...current.retry, ...newRetry };
  const { pipelineId } = await validateRobot(
    {
      stageId: rest.stageId ?? current.stageId,
      pipelineId: rest.pipelineId ?? current.pipelineId,
      action,
      timing: rest.timing ?? current.timing,
      condition: rest.condition !== undefined ? rest.condition : current.condition,
      retry,
      actAs: rest.actAs !== undefined ? rest.actAs : current.actAs,
    },
    validationDeps(tx),
    origin.at,
  );
  const now = context.clock.now();
  const robot = await tx.rules.updateRobot(
    current.id,
    {
      ...rest,
      pipelineId,
      ...(newAction !== undefined && { action }),
      ...(newRetry !== undefined && { retry }),
    },
    expectedVersion,
    now,
  );
  await recordRevision(
    tx,
    now,
    { ruleKind: 'robot', ...origin },
    {
      ruleId: robot.id,
      pipelineId,
      version: robot.version,
      before: current,
      after: robot,
    },
  );
  return robot;
}

export function createRobot(context: RuleContext, actor: Actor, input: RobotInput): Promise<Robot> {
  return context.store.transaction((tx) => createRobotIn(tx, context, input, { actor, change: 'created' }));
}

export function updateRobot(
  context: RuleContext,
  actor: Actor,
  id: string,
  changes: RobotChanges,
  expectedVersion: number | undefined,
): Promise<Robot> {
  return context.store.transaction(async (tx) => {
    const current = await tx.rules.findRobot(id);
    if (current === undefined) throw notFound('robot', id);
    return updateRobotIn(tx, context, current, changes, expectedVersion, { actor, change: 'updated' });
  });
}

export function deleteRobot(context: RuleContext, actor: Actor, id: string): Promise<void> {
  return context.store.transaction(async (tx) => {
    const current = await tx.rules.findRobot(id);
    if (current === undefined) throw notFound('robot', id);
    await tx.rules.deleteRobot(id);
    await recordRevision(
      tx,
      context.clock.now(),
      { ruleKind: 'robot', change: 'deleted', actor },
      {
        ruleId: id,
        pipelineId: current.pipelineId,
        version: current.version,
        before: current,
        after: null,
      },
    );
  });
}
