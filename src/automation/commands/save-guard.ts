import { notFound } from '../../domain/errors.ts';
import type { Actor } from '../../domain/revisions.ts';
import type { Guard } from '../../domain/rules.ts';
import type { GuardRecord, RuleContext, RuleTx } from '../rule-ports.ts';
import { validateGuard } from '../rule-validation.ts';
import { recordRevision, validationDeps } from './rule-history.ts';
import type { WriteOrigin } from './save-trigger.ts';

/** A guard as POST /guards takes it: the pipeline may be left to its stage. */
export type GuardInput = Omit<GuardRecord, 'pipelineId'> & { readonly pipelineId?: string | undefined };
export type GuardChanges = Partial<GuardInput>;

/** Validates and creates a guard with its revision, in the caller's transaction. */
export async function createGuardIn(
  tx: RuleTx,
  context: RuleContext,
  input: GuardInput,
  origin: WriteOrigin,
): Promise<Guard> {
  const { pipelineId } = await validateGuard(input, validationDeps(tx), origin.at);
  const now = context.clock.now();
  const guard = await tx.rules.createGuard({ ...input, pipelineId }, now);
  await recordRevision(
    tx,
    now,
    { ruleKind: 'guard', ...origin },
    {
      ruleId: guard.id,
      pipelineId,
      version: guard.version,
      before: null,
      after: guard,
    },
  );
  return guard;
}

/** Validates the merged guard and writes the change with its revision, in the caller's transaction. */
export async function updateGuardIn(
  tx: RuleTx,
  context: RuleContext,
  current: Guard,
  changes: GuardChanges,
  expectedVersion: number | undefined,
  origin: WriteOrigin,
): Promise<Guard> {
  const { pipelineId } = await validateGuard(
    {
      stageId: changes.stageId ?? current.stageId,
      pipelineId: changes.pipelineId ?? current.pipelineId,
      condition: changes.condition ?? current.condition,
    },
    validationDeps(tx),
    origin.at,
  );
  const now = context.clock.now();
  const { id: _id, ...rest } = changes;
  const guard = await tx.rules.updateGuard(current.id, { ...rest, pipelineId }, expectedVersion, now);
  await recordRevision(
    tx,
    now,
    { ruleKind: 'guard', ...origin },
    {
      ruleId: guard.id,
      pipelineId,
      version: guard.version,
      before: current,
      after: guard,
    },
  );
  return guard;
}

export function createGuard(context: RuleContext, actor: Actor, input: GuardInput): Promise<Guard> {
  return context.store.transaction((tx) => createGuardIn(tx, context, input, { actor, change: 'created' }));
}

export function updateGuard(
  context: RuleContext,
  actor: Actor,
  id: string,
  changes: GuardChanges,
  expectedVersion: number | undefined,
): Promise<Guard> {
  return context.store.transaction(async (tx) => {
    const current = await tx.rules.findGuard(id);
    if (current === undefined) throw notFound('guard', id);
    return updateGuardIn(tx, context, current, changes, expectedVersion, { actor, change: 'updated' });
  });
}

export function deleteGuard(context: RuleContext, actor: Actor, id: string): Promise<void> {
  return context.store.transaction(async (tx) => {
    const current = await tx.rules.findGuard(id);
    if (current === undefined) throw notFound('guard', id);
    await tx.rules.deleteGuard(id);
    await recordRevision(
      tx,
      context.clock.now(),
      { ruleKind: 'guard', change: 'deleted', actor },
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
