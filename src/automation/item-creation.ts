import { AppError, invalid } from '../domain/errors.ts';
import { type Author, DEFAULT_CURRENCY, type Item } from '../domain/item.ts';
import type { Stage } from '../domain/pipeline.ts';
import type { ActionEngine } from './actions/define-action.ts';
import type { Cause, EngineContext } from './engine-context.ts';
import type { EngineTx } from './ports.ts';
import { recordStageEntry } from './stage-entry.ts';
import { refusingGuard } from './transition.ts';

export type NewItemRequest = Parameters<ActionEngine['createItem']>[0];

/** The stage a new item starts in: the one asked for, or else its pipeline's entry stage. */
async function startStage(tx: EngineTx, input: NewItemRequest): Promise<Stage> {
  if ((await tx.pipelines.find(input.pipelineId)) === undefined) {
    throw invalid('/body/pipelineId', `pipeline ${input.pipelineId} does not exist`);
  }
  const stage =
    input.stageId === undefined
      ? await tx.items.entryStageOf(input.pipelineId)
      : await tx.items.stageOf(input.stageId);
  if (stage === undefined) {
    throw input.stageId === undefined
      ? invalid('/body/pipelineId', `pipeline ${input.pipelineId} has no open stage to start in`)
      : invalid('/body/stageId', `stage ${input.stageId} does not exist`);
  }
  if (stage.pipelineId !== input.pipelineId) {
    throw invalid(
      '/body/stageId',
      `stage ${stage.id} belongs to another pipeline`,
      'stage_of_another_pipeline',
    );
  }
  return stage;
}

/**
 * Creates an item inside the caller's transaction. Creation counts as entering the stage: the
 * stage's guards decide, its robots are planned and the journal records it as a move, as for
 * any other entry; an item.created event is recorded for triggers.
 */
export async function createItemInTransaction(
  context: EngineContext,
  tx: EngineTx,
  input: NewItemRequest,
  author: Author,
  cause: Cause,
): Promise<Item> {
  const now = context.clock.now();
  const stage = await startStage(tx, input);
  const item = await tx.items.create(
    {
      pipelineId: input.pipelineId,
      stageId: stage.id,
      title: input.title,
      ...(input.amountMinor !== undefined && { amountMinor: input.amountMinor }),
      currency: input.currency ?? context.defaultCurrency ?? DEFAULT_CURRENCY,
      contactId: input.contactId ?? null,
      responsibleId: input.responsibleId ?? null,
      fields: input.fields ?? {},
    },
    now,
  );
  // Creation enters a stage, so that stage's guards decide as for a move: a refusal rolls the
  // new item back (409 for a person; a failed run, journaled and notified, for a robot). It must
  // throw, never return: the item is written already and only the rollback takes it away.
  const refusal = await refusingGuard(tx, item, stage);
  if (refusal !== undefined) {
    const { guard } = refusal;
    throw new AppError('guard_refused', 'guard_refused', guard.message, {
      details: { guardId: guard.id, guardName: guard.name },
    });
  }
  await recordStageEntry(context, tx, {
    item,
    from: null,
    to: stage,
    author,
    cause,
    now,
    timeline: { kind: 'created', text: `Created in stage "${stage.name}"`, data: { stageId: stage.id } },
    journal: { message: `Created in "${stage.name}"`, data: { created: true } },
    event: { type: 'item.created', data: { stageId: stage.id } },
  });
  return item;
}
