import { INTERNAL_EVENT_SOURCE, type IncomingEvent } from '../domain/events/event.ts';
import type { Author, Item, NewTimelineEntry } from '../domain/item.ts';
import type { Stage } from '../domain/pipeline.ts';
import type { Cause, EngineContext } from './engine-context.ts';
import { buildFacts } from './facts-builder.ts';
import { causeFields } from './journal-chain.ts';
import { moveCause } from './move-cause.ts';
import { planEntryRuns } from './planning.ts';
import type { EngineTx } from './ports.ts';

/** One entry of an item into a stage: by a move, or by its creation there. */
export interface StageEntry {
  /** The item as it stands in the stage now: its stage entry id is the one runs are planned on. */
  readonly item: Item;
  /** The stage it left; null when it was just created. */
  readonly from: Stage | null;
  readonly to: Stage;
  readonly author: Author;
  readonly cause: Cause;
  readonly now: Date;
  /** What a person reads on the item's timeline. */
  readonly timeline: Pick<NewTimelineEntry, 'kind' | 'text' | 'data'>;
  /** The `moved` journal record's message, and what its data says besides the stages, author and cause. */
  readonly journal: { readonly message: string; readonly data: Readonly<Record<string, unknown>> };
  /** The event triggers see, and its data besides the pipeline. */
  readonly event: {
    readonly type: 'item.created' | 'item.stage_changed';
    readonly data: Readonly<Record<string, unknown>>;
  };
  /** Record the event without processing it and plan no runs (an undo). Default: false. */
  readonly quiet?: boolean | undefined;
}

/**
 * Records an entry the caller has made (the item is in `to` with a new entry id, every guard
 * admitted it, the runs of the stage it left are cancelled) and plans the stage's robots, in
 * this order: timeline → `moved` journal record → event → runs.
 * The journal record comes before the event and the runs because both name it as their cause;
 * a chain that starts here (no root event yet) takes the new event's id as its root, so the
 * record, the event and the runs all carry it. Runs are planned last, on the item as it is now,
 * so they belong to the new entry and leaving it later cancels exactly them.
 */
export async function recordStageEntry(
  context: EngineContext,
  tx: EngineTx,
  entry: StageEntry,
): Promise<void> {
  const { item, to, author, cause, now } = entry;
  await tx.timeline.add({ itemId: item.id, ...entry.timeline, author, rootEventId: cause.rootEventId }, now);
  const eventId = context.ids();
  const rootEventId = cause.rootEventId ?? eventId;
  const journal = await tx.journal.add(
    {
      ...causeFields(cause),
      itemId: item.id,
      stageId: to.id,
      rootEventId,
      kind: 'moved',
      message: entry.journal.message,
      data: {
        fromStageId: entry.from?.id ?? null,
        toStageId: to.id,
        author,
        cause: moveCause(author, cause),
        ...entry.journal.data,
      },
    },
    now,
  );
  const event: IncomingEvent = {
    id: eventId,
    type: entry.event.type,
    source: INTERNAL_EVENT_SOURCE,
    occurredAt: now,
    subject: { itemId: item.id },
    data: { pipelineId: item.pipelineId, ...entry.event.data },
    rootEventId,
    depth: cause.depth + 1,
    causeRunId: cause.runId ?? undefined,
    causeJournalId: journal.id,
  };
  if (entry.quiet === true) {
    await tx.events.record(event, now);
    return;
  }
  await tx.events.insert(event, now);
  const { facts, responsible } = await buildFacts(tx, item);
  await planEntryRuns(context, tx, item, to, facts, responsible, {
    ...cause,
    rootEventId,
    journalId: journal.id,
  });
}
