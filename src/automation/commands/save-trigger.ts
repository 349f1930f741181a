import { notFound } from '../../domain/errors.ts';
import type { Actor, RevisionChange } from '../../domain/revisions.ts';
import type { Trigger } from '../../domain/rules.ts';
import type { RuleContext, RuleTx, TriggerRecord } from '../rule-ports.ts';
import { validateTrigger } from '../rule-validation.ts';
import { recordRevision, validationDeps } from './rule-history.ts';

/** A trigger as POST /triggers takes it: the pipeline may be left to its stage. */
export type TriggerInput = Omit<TriggerRecord, 'pipelineId'> & { readonly pipelineId?: string | undefined };
export type TriggerChanges = Partial<TriggerInput>;

/** Where the written revision says the change came from, and where errors point. */
export interface WriteOrigin {
  readonly actor: Actor;
  readonly change: RevisionChange;
  /** JSON pointer of the rule in the request: "/body", "/body/triggers/3". Default: /body. */
  readonly at?: string | undefined;
}

/** Validates and creates a trigger with its revision, in the caller's transaction. */
export async function createTriggerIn(
  tx: RuleTx,
  context: RuleContext,
  input: TriggerInput,
  origin: WriteOrigin,
): Promise<Trigger> {
  const { pipelineId } = await validateTrigger(
    { ...input, filter: input.filter ?? null, condition: input.condition ?? null },
    validationDeps(tx),
    origin.at,
  );
  const now = context.clock.now();
  const trigger = await tx.rules.createTrigger({ ...input, pipelineId }, now);
  await recordRevision(
    tx,
    now,
    { ruleKind: 'trigger', ...origin },
    {
      ruleId: trigger.id,
      pipelineId,
      version: trigger.version,
      before: null,
      after: trigger,
    },
  );
  return trigger;
}

/** Validates the merged trigger and writes the change with its revision, in the caller's transaction. */
export async function updateTriggerIn(
  tx: RuleTx,
  context: RuleContext,
  current: Trigger,
  changes: TriggerChanges,
  expectedVersion: number | undefined,
  origin: WriteOrigin,
): Promise<Trigger> {
  const { pipelineId } = await validateTrigger(
    {
      stageId: changes.stageId ?? current.stageId,
      pipelineId: changes.pipelineId ?? current.pipelineId,
      eventType: changes.eventType ?? current.eventType,
      filter: changes.filter !== undefined ? changes.filter : current.filter,
      condition: changes.condition !== undefined ? changes.condition : current.condition,
      actAs: changes.actAs !== undefined ? changes.actAs : current.actAs,
    },
    validationDeps(tx),
    origin.at,
  );
  const now = context.clock.now();
  const { id: _id, ...rest } = changes;
  const trigger = await tx.rules.updateTrigger(current.id, { ...rest, pipelineId }, expectedVersion, now);
  await recordRevision(
    tx,
    now,
    { ruleKind: 'trigger', ...origin },
    {
      ruleId: trigger.id,
      pipelineId,
      version: trigger.version,
      before: current,
      after: trigger,
    },
  );
  return trigger;
}

export function createTrigger(context: RuleContext, actor: Actor, input: TriggerInput): Promise<Trigger> {
  return context.store.transaction((tx) => createTriggerIn(tx, context, input, { actor, change: 'created' }));
}

export function updateTrigger(
  context: RuleContext,
  actor: Actor,
  id: string,
  changes: TriggerChanges,
  expectedVersion: number | undefined,
): Promise<Trigger> {
  return context.store.transaction(async (tx) => {
    const current = await tx.rules.findTrigger(id);
    if (current === undefined) throw notFound('trigger', id);
    return updateTriggerIn(tx, context, current, changes, expectedVersion, { actor, change: 'updated' });
  });
}

export function deleteTrigger(context: RuleContext, actor: Actor, id: string): Promise<void> {
  return context.store.transaction(async (tx) => {
    const current = await tx.rules.findTrigger(id);
    if (current === undefined) throw notFound('trigger', id);
    await tx.rules.deleteTrigger(id);
    await recordRevision(
      tx,
      context.clock.now(),
      { ruleKind: 'trigger', change: 'deleted', actor },
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
