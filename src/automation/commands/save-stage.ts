import { notFound } from '../../domain/errors.ts';
import type { Pipeline, Stage } from '../../domain/pipeline.ts';
import type { Actor, RevisionChange } from '../../domain/revisions.ts';
import type { RuleContext, RuleTx, StageRecord } from '../rule-ports.ts';
import { recordRevision } from './rule-history.ts';

/**
 * Stage changes with their revisions. A stage has no version of its own: its revisions carry the
 * pipeline's version, which every stage change bumps. Deleting a stage (or a pipeline) deletes its
 * rules with it (foreign keys), so their deletions are recorded too: each can be restored.
 */

async function pipelineOrThrow(tx: RuleTx, id: string): Promise<Pipeline> {
  const pipeline = await tx.pipelines.find(id);
  if (pipeline === undefined) throw notFound('pipeline', id);
  return pipeline;
}

/** Records the stages of a new pipeline as created (or imported). */
export async function recordNewStages(
  tx: RuleTx,
  now: Date,
  pipeline: Pipeline,
  actor: Actor,
  change: RevisionChange,
): Promise<void> {
  for (const stage of pipeline.stages) {
    await recordRevision(
      tx,
      now,
      { ruleKind: 'stage', change, actor },
      {
        ruleId: stage.id,
        pipelineId: pipeline.id,
        version: pipeline.version,
        before: null,
        after: stage,
      },
    );
  }
}

export function createPipeline(
  context: RuleContext,
  actor: Actor,
  input: Parameters<RuleTx['pipelines']['create']>[0],
): Promise<Pipeline> {
  return context.store.transaction(async (tx) => {
    const now = context.clock.now();
    const pipeline = await tx.pipelines.create(input, now);
    await recordNewStages(tx, now, pipeline, actor, 'created');
    return pipeline;
  });
}

/** Records the deletion of every rule of a stage (or, without one, of the whole pipeline). */
async function recordRulesDeleted(
  tx: RuleTx,
  now: Date,
  pipelineId: string,
  stageId: string | undefined,
  actor: Actor,
): Promise<void> {
  const rules = await tx.rules.rulesOfPipeline(pipelineId);
  const kinds = [
    ['trigger', rules.triggers],
    ['robot', rules.robots],
    ['guard', rules.guards],
  ] as const;
  for (const [ruleKind, list] of kinds) {
    for (const rule of list) {
      if (stageId !== undefined && rule.stageId !== stageId) continue;
      await recordRevision(
        tx,
        now,
        { ruleKind, change: 'deleted', actor },
        {
          ruleId: rule.id,
          pipelineId,
          version: rule.version,
          before: rule,
          after: null,
        },
      );
    }
  }
}

export function deletePipeline(context: RuleContext, actor: Actor, id: string): Promise<void> {
  return context.store.transaction(async (tx) => {
    const now = context.clock.now();
    const pipeline = await pipelineOrThrow(tx, id);
    await recordRulesDeleted(tx, now, id, undefined, actor);
    for (const stage of pipeline.stages) {
      await recordRevision(
        tx,
        now,
        { ruleKind: 'stage', change: 'deleted', actor },
        {
          ruleId: stage.id,
          pipelineId: id,
          version: pipeline.version,
          before: stage,
          after: null,
        },
      );
    }
    await tx.pipelines.delete(id);
  });
}

export function addStage(
  context: RuleContext,
  actor: Actor,
  pipelineId: string,
  input: StageRecord & { readonly afterStageId?: string | null | undefined },
  expectedVersion: number | undefined,
): Promise<Stage> {
  return context.store.transaction(async (tx) => {
    const now = context.clock.now();
    const stage = await tx.pipelines.addStage(pipelineId, input, expectedVersion, now);
    const { version } = await pipelineOrThrow(tx, pipelineId);
    await recordRevision(
      tx,
      now,
      { ruleKind: 'stage', change: 'created', actor },
      {
        ruleId: stage.id,
        pipelineId,
        version,
        before: null,
        after: stage,
      },
    );
    return stage;
  });
}

/** Changes a stage (in the caller's transaction) and records it as `change`. */
export async function updateStageIn(
  tx: RuleTx,
  context: RuleContext,
  current: Stage,
  changes: Partial<StageRecord>,
  expectedVersion: number | undefined,
  note: { readonly actor: Actor; readonly change: RevisionChange },
): Promise<Stage> {
  const now = context.clock.now();
  const stage = await tx.pipelines.updateStage(current.pipelineId, current.id, changes, expectedVersion, now);
  const { version } = await pipelineOrThrow(tx, current.pipelineId);
  await recordRevision(
    tx,
    now,
    { ruleKind: 'stage', ...note },
    {
      ruleId: stage.id,
      pipelineId: stage.pipelineId,
      version,
      before: current,
      after: stage,
    },
  );
  return stage;
}

async function stageOf(tx: RuleTx, pipelineId: string, stageId: string): Promise<Stage> {
  const stage = await tx.pipelines.findStage(stageId);
  if (stage === undefined || stage.pipelineId !== pipelineId) throw notFound('stage', stageId);
  return stage;
}

export function updateStage(
  context: RuleContext,
  actor: Actor,
  pipelineId: string,
  stageId: string,
  changes: Partial<StageRecord>,
  expectedVersion: number | undefined,
): Promise<Stage> {
  return context.store.transaction(async (tx) => {
    const current = await stageOf(tx, pipelineId, stageId);
    return updateStageIn(tx, context, current, changes, expectedVersion, { actor, change: 'updated' });
  });
}

export function deleteStage(
  context: RuleContext,
  actor: Actor,
  pipelineId: string,
  stageId: string,
  expectedVersion: number | undefined,
): Promise<void> {
  return context.store.transaction(async (tx) => {
    const now = context.clock.now();
    const current = await stageOf(tx, pipelineId, stageId);
    await recordRulesDeleted(tx, now, pipelineId, stageId, actor);
    await tx.pipelines.deleteStage(pipelineId, stageId, expectedVersion, now);
    const { version } = await pipelineOrThrow(tx, pipelineId);
    await recordRevision(
      tx,
      now,
      { ruleKind: 'stage', change: 'deleted', actor },
      {
        ruleId: stageId,
        pipelineId,
        version,
        before: current,
        after: null,
      },
    );
  });
}

/** Reorders the stages; each stage whose place changed gets an `updated` revision. */
export function reorderStages(
  context: RuleContext,
  actor: Actor,
  pipelineId: string,
  stageIds: readonly string[],
  expectedVersion: number | undefined,
): Promise<Pipeline> {
  return context.store.transaction(async (tx) => {
    const now = context.clock.now();
    const before = await pipelineOrThrow(tx, pipelineId);
    const pipeline = await tx.pipelines.reorderStages(pipelineId, stageIds, expectedVersion, now);
    for (const stage of pipeline.stages) {
      const old = before.stages.find((candidate) => candidate.id === stage.id);
      if (old === undefined || old.sort === stage.sort) continue;
      await recordRevision(
        tx,
        now,
        { ruleKind: 'stage', change: 'updated', actor },
        {
          ruleId: stage.id,
          pipelineId,
          version: pipeline.version,
          before: old,
          after: stage,
        },
      );
    }
    return pipeline;
  });
}
