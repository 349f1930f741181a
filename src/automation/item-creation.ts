import { evaluateCondition } from '../domain/conditions/evaluate-condition.ts';
import { AppError, invalid } from '../domain/errors.ts';
import type { Author, Item } from '../domain/item.ts';
import type { ActionEngine } from './actions/define-action.ts';
import type { Cause, EngineContext } from './engine-context.ts';
import { buildFacts } from './facts-builder.ts';
import { planEntryRuns } from './planning.ts';
import type { EngineTx } from './ports.ts';
import { moveCause } from './transition.ts';

export type NewItemRequest = Parameters<ActionEngine['createItem']>[0];

/**
 * Creates an item inside the caller's transaction. Creation counts as entering the stage: the
 * stage's robots are planned, and an item.created event is recorded for triggers.
 */
export async function createItemInTransaction(
  context: EngineContext,
  tx: EngineTx,
  input: NewItemRequest,
  author: Author,
  cause: Cause,
): Promise<Item> {
  const now = context.clock.now();
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
  const item = await tx.items.create(
    {
      pipelineId: input.pipelineId,
      stageId: stage.id,
      title: input.title,
      ...(input.amountMinor !== undefined && { amountMinor: input.amountMinor }),
      ...(input.currency !== undefined && { currency: input.currency }),
      contactId: input.contactId ?? null,
      responsibleId: input.responsibleId ?? null,
      fields: input.fields ?? {},
    },
    now,
  );
  // Creation enters a stage, so that stage's guards decide as for a move: a refusal rolls the
  // new item back (409 for a person; a failed run, journaled and notified, for a robot).
  const guardFacts = await buildFacts(tx, item);
  for (const guard of await tx.rules.guardsOf(stage.id)) {
    const verdict = evaluateCondition(guard.condition, guardFacts.facts);
    if (!verdict.matched) {
      throw new AppError('guard_refused', 'guard_refused', guard.message, {
        details: { guardId: guard.id, guardName: guard.name },
      });
    }
  }
  await tx.timeline.add(
    {
      itemId: item.id,
      kind: 'created',
      text: `Created in stage "${stage.name}"`,
      data: { stageId: stage.id },
      author,
      rootEventId: cause.rootEventId,
    },
    now,
  );
  const eventId = context.ids();
  const rootEventId = cause.rootEventId ?? eventId;
  const journal = await tx.journal.add(
    {
      kind: 'moved',
      itemId: item.id,
      stageId: stage.id,
      rootEventId,
      depth: cause.depth,
      runId: cause.runId ?? null,
      eventId: cause.eventId ?? null,
      causeId: cause.journalId ?? null,
      message: `Created in "${stage.name}"`,
      data: {
        fromStageId: null,
        toStageId: stage.id,
        author,
        cause: moveCause(author, cause),
        created: true,
      },
    },
    now,
  );
  await tx.events.insert(
    {
      id: eventId,
      type: 'item.created',
      source: 'stageflow',
      occurredAt: now,
      subject: { itemId: item.id },
      data: { pipelineId: item.pipelineId, stageId: stage.id },
      rootEventId,
      depth: cause.depth + 1,
      causeRunId: cause.runId ?? undefined,
      causeJournalId: journal.id,
    },
    now,
  );
  const facts = await buildFacts(tx, item);
  await planEntryRuns(context, tx, item, stage, facts.facts, facts.responsible, {
    ...cause,
    rootEventId,
    journalId: journal.id,
  });
  return item;
}
