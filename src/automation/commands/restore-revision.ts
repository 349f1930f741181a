import { conflict, notFound } from '../../domain/errors.ts';
import type { Stage, StageSemantics } from '../../domain/pipeline.ts';
import { type Actor, type Revision, restoredState } from '../../domain/revisions.ts';
import type { Guard, Robot, Trigger } from '../../domain/rules.ts';
import type { RuleContext, RuleTx } from '../rule-ports.ts';
import { recordRevision } from './rule-history.ts';
import { createGuardIn, type GuardInput, updateGuardIn } from './save-guard.ts';
import { createRobotIn, type RobotInput, updateRobotIn } from './save-robot.ts';
import { updateStageIn } from './save-stage.ts';
import { createTriggerIn, type TriggerInput, updateTriggerIn, type WriteOrigin } from './save-trigger.ts';

export type RestoredRule =
  | { readonly kind: 'trigger'; readonly rule: Trigger }
  | { readonly kind: 'robot'; readonly rule: Robot }
  | { readonly kind: 'guard'; readonly rule: Guard }
  | { readonly kind: 'stage'; readonly rule: Stage };

type State = Readonly<Record<string, unknown>>;

/** The fields of a stored state that make the rule, as a create or an update takes them. */
function pick<T>(state: State, keys: readonly string[]): T {
  return Object.fromEntries(keys.filter((key) => key in state).map((key) => [key, state[key]])) as T;
}

const TRIGGER_FIELDS = [
  'name',
  'stageId',
  'eventType',
  'filter',
  'condition',
  'allowBackward',
  'actAs',
  'enabled',
];
const ROBOT_FIELDS = [
  'name',
  'stageId',
  'action',
  'timing',
  'condition',
  'afterPrevious',
  'repeat',
  'retry',
  'sort',
  'actAs',
  'enabled',
];
const GUARD_FIELDS = ['name', 'stageId', 'condition', 'message', 'enabled'];

/**
 * Makes a rule what one of its revisions says (what the change made; for a deletion, what it
 * removed, recreated with its own id), through the same validation as an update: a restore that
 * is no longer valid (its stage deleted, a user it names gone) is refused and changes nothing.
 * The restore is itself recorded as a `restored` revision.
 */
export function restoreRevision(
  context: RuleContext,
  actor: Actor,
  revisionId: string,
): Promise<RestoredRule> {
  return context.store.transaction(async (tx) => {
    const revision = await tx.revisions.find(revisionId);
    if (revision === undefined) throw notFound('revision', revisionId);
    const state = restoredState(revision);
    if (state === null) throw conflict('revision_empty', `Revision ${revisionId} holds no state to restore`);
    const origin: WriteOrigin = {
      actor,
      change: 'restored',
      at: revision.change === 'deleted' ? '/before' : '/after',
    };
    return restoreState(tx, context, revision, state, origin);
  });
}

async function restoreState(
  tx: RuleTx,
  context: RuleContext,
  revision: Revision,
  state: State,
  origin: WriteOrigin,
): Promise<RestoredRule> {
  const id = revision.ruleId;
  switch (revision.ruleKind) {
    case 'trigger': {
      const fields = pick<TriggerInput>(state, TRIGGER_FIELDS);
      const current = await tx.rules.findTrigger(id);
      const rule = current
        ? await updateTriggerIn(tx, context, current, fields, undefined, origin)
        : await createTriggerIn(tx, context, { ...fields, id }, origin);
      return { kind: 'trigger', rule };
    }
    case 'robot': {
      const fields = pick<RobotInput>(state, ROBOT_FIELDS);
      const current = await tx.rules.findRobot(id);
      const rule = current
        ? await updateRobotIn(tx, context, current, fields, undefined, origin)
        : await createRobotIn(tx, context, { ...fields, id }, origin);
      return { kind: 'robot', rule };
    }
    case 'guard': {
      const fields = pick<GuardInput>(state, GUARD_FIELDS);
      const current = await tx.rules.findGuard(id);
      const rule = current
        ? await updateGuardIn(tx, context, current, fields, undefined, origin)
        : await createGuardIn(tx, context, { ...fields, id }, origin);
      return { kind: 'guard', rule };
    }
    case 'stage':
      return { kind: 'stage', rule: await restoreStage(tx, context, revision, state, origin) };
  }
}

async function restoreStage(
  tx: RuleTx,
  context: RuleContext,
  revision: Revision,
  state: State,
  origin: WriteOrigin,
): Promise<Stage> {
  const fields = {
    name: String(state['name']),
    semantics: state['semantics'] as StageSemantics,
    color: (state['color'] ?? null) as string | null,
  };
  const current = await tx.pipelines.findStage(revision.ruleId);
  if (current !== undefined) return updateStageIn(tx, context, current, fields, undefined, origin);
  const pipeline = await tx.pipelines.find(revision.pipelineId);
  if (pipeline === undefined) {
    throw conflict(
      'restore_not_possible',
      `Stage ${revision.ruleId} cannot come back: its pipeline ${revision.pipelineId} was deleted`,
    );
  }
  const now = context.clock.now();
  const sort = typeof state['sort'] === 'number' ? state['sort'] : 0;
  const stage = await tx.pipelines.reinsertStage(pipeline.id, { ...fields, id: revision.ruleId, sort }, now);
  const after = await tx.pipelines.find(pipeline.id);
  await recordRevision(
    tx,
    now,
    { ruleKind: 'stage', change: 'restored', actor: origin.actor },
    {
      ruleId: stage.id,
      pipelineId: pipeline.id,
      version: after?.version ?? pipeline.version + 1,
      before: null,
      after: stage,
    },
  );
  return stage;
}
