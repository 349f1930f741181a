import { nextRetryAt } from '../domain/backoff.ts';
import { AppError } from '../domain/errors.ts';
import type { StoredEvent } from '../domain/events/event.ts';
import { summarizeEvent } from '../domain/events/summary.ts';
import type { Stage } from '../domain/pipeline.ts';
import type { RetryPolicy } from '../domain/rules.ts';
import { actingFor } from './acting-as.ts';
import { recordPaymentFromEvent } from './commands/payment-from-event.ts';
import type { Cause, EngineContext } from './engine-context.ts';
import { buildFacts } from './facts-builder.ts';
import { type LeadFromEvent, leadFromEvent } from './lead-from-event.ts';
import { decideTriggers } from './matching.ts';
import { replanFieldRuns } from './planning.ts';
import type { EngineTx } from './ports.ts';
import { moveInTransaction } from './transition.ts';

const CONFLICT_ATTEMPTS = 3;

/** Retrying an event whose processing failed. Default: 5 attempts, 2 s to 5 min apart. */
export const DEFAULT_EVENT_RETRY: RetryPolicy = { maxAttempts: 5, initialDelay: 'PT2S', maxDelay: 'PT5M' };

/**
 * The shortest wait before a retry. Full jitter may draw zero; an event retried at once would fail
 * again at once, and its attempts would be gone before anything could have changed.
 */
const MIN_RETRY_DELAY_MS = 1000;

/**
 * What became of one event of a batch: `processed`; `taken` by another processor meanwhile;
 * `retrying` (failed, pending until its next attempt, holding back the later events of its key);
 * `failed` for good (marked, with an `event_failed` journal record).
 */
export type EventOutcome = 'processed' | 'taken' | 'retrying' | 'failed';

/**
 * Processes one accepted event inside the caller's batch transaction, in a savepoint of its own:
 * the claim, the decisions for each item the subject names, the moves, and the mark "processed".
 * A failure rolls back this event's work alone and records the failed attempt in the batch; the
 * other events of the batch commit. A crash anywhere rolls the whole batch back and its events are
 * pending again, so each is processed once, at the next start at the latest; two processors racing
 * for one are serialised by the claim (a row lock on PostgreSQL). A passing database trouble (a
 * deadlock, a lost connection) is thrown: the whole batch stays pending for the next round.
 */
export async function processEvent(
  context: EngineContext,
  tx: EngineTx,
  event: StoredEvent,
  retry: RetryPolicy = DEFAULT_EVENT_RETRY,
): Promise<EventOutcome> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const claimed = await tx.savepoint(() => processInTransaction(context, tx, event));
      return claimed ? 'processed' : 'taken';
    } catch (error) {
      // Another writer changed an item between our read and our move: decide again on fresh data.
      const stale = error instanceof AppError && error.code === 'stale_version';
      if (stale && attempt < CONFLICT_ATTEMPTS) continue;
      if (context.store.isTransient(error)) throw error;
      return recordFailure(context, tx, event, error, retry);
    }
  }
}

async function processInTransaction(
  context: EngineContext,
  tx: EngineTx,
  event: StoredEvent,
): Promise<boolean> {
  if (!(await tx.events.claim(event.id, context.clock.now()))) return false;
  let itemIds = await tx.items.resolveSubject(event.subject);
  // A call or chat from a stranger may become a lead (per pipeline settings); the event then
  // goes on for it as for any item, so the first stage's triggers see it.
  const lead = itemIds.length === 0 ? await leadFromEvent(context, tx, event) : undefined;
  if (lead !== undefined) itemIds = [lead.itemId];
  if (itemIds.length === 0) {
    await tx.journal.add(
      {
        kind: 'event_unresolved',
        eventId: event.id,
        rootEventId: event.rootEventId,
        depth: event.depth,
        runId: event.causeRunId,
        causeId: event.causeJournalId,
        message: `Event ${event.type} names no known item`,
        data: { subject: event.subject },
      },
      context.clock.now(),
    );
  }
  for (const itemId of itemIds) await processForItem(context, tx, event, itemId, lead);
  await tx.events.markProcessed(event.id, itemIds, context.clock.now());
  return true;
}

/**
 * A failure that trying again at once will not mend: the event waits for its next attempt, with
 * backoff and jitter, or, after the last one or when the error is not retryable, it is marked
 * failed, with a journal record.
 */
async function recordFailure(
  context: EngineContext,
  tx: EngineTx,
  event: StoredEvent,
  error: unknown,
  retry: RetryPolicy,
): Promise<EventOutcome> {
  const message = error instanceof Error ? error.message : String(error);
  const now = context.clock.now();
  const attempts = (event.attempts ?? 0) + 1;
  // Retrying is a property of the error: invalid data (a payment in another currency) stays
  // invalid, while a bug or a resource that failed may be fixed or come back.
  const retryable = !(error instanceof AppError) || error.retryable;
  const next = retryable ? nextRetryAt(attempts, retry, now, context.random) : undefined;
  if (next !== undefined) {
    const at = new Date(Math.max(next.getTime(), now.getTime() + MIN_RETRY_DELAY_MS));
    await tx.events.scheduleRetry(event.id, attempts, at, message);
    return 'retrying';
  }
  // The item a failure concerns, when the subject named it another way (a document's payment).
  const failedItemId = error instanceof AppError ? error.details?.['itemId'] : undefined;
  await tx.events.markFailed(event.id, message, now, attempts);
  await tx.journal.add(
    {
      kind: 'event_failed',
      itemId: event.subject.itemId ?? (typeof failedItemId === 'string' ? failedItemId : null),
      eventId: event.id,
      rootEventId: event.rootEventId,
      depth: event.depth,
      runId: event.causeRunId,
      causeId: event.causeJournalId,
      message: `Event ${event.type} could not be processed: ${message}`,
      data: { attempts },
    },
    now,
  );
  return 'failed';
}

async function processForItem(
  context: EngineContext,
  tx: EngineTx,
  event: StoredEvent,
  itemId: string,
  lead?: LeadFromEvent,
): Promise<void> {
  const now = context.clock.now();
  const item = await tx.items.findForUpdate(itemId);
  if (item === undefined) return;
  const received = await tx.journal.add(
    {
      kind: 'event_received',
      itemId,
      eventId: event.id,
      rootEventId: event.rootEventId,
      depth: event.depth,
      runId: event.causeRunId,
      causeId: event.causeJournalId,
      message:
        lead === undefined
          ? `Event ${event.type} received`
          : `Event ${event.type} received from an unknown sender: ${lead.contactCreated ? 'a new contact' : 'their contact'} and a new lead`,
      data: {
        ...(lead !== undefined && {
          lead: {
            contactId: lead.contactId,
            contactCreated: lead.contactCreated,
            pipelineId: lead.pipelineId,
          },
        }),
        type: event.type,
        subject: event.subject,
        data: event.data,
        summary: summarizeEvent(event.data),
      },
    },
    now,
  );
  const cause: Cause = {
    rootEventId: event.rootEventId,
    depth: event.depth,
    eventId: event.id,
    journalId: received.id,
  };
  if (event.depth > context.limits.maxDepth) {
    await tx.journal.add(
      {
        kind: 'loop_stopped',
        itemId,
        eventId: event.id,
        rootEventId: event.rootEventId,
        depth: event.depth,
        causeId: received.id,
        message: `Loop stopped: event at depth ${event.depth} exceeds the limit ${context.limits.maxDepth}`,
      },
      now,
    );
    return;
  }
  // A payment sent again (the same paymentId) is no new fact: it is journaled and moves nothing.
  if (event.type === 'payment.received') {
    if (!(await recordPaymentFromEvent(context, tx, event, itemId, received.id))) return;
  }
  const changed =
    event.type === 'item.field_changed' ? ((event.data['fields'] as string[] | undefined) ?? []) : [];
  const fresh = (await tx.items.find(itemId)) ?? item;
  const { facts, responsible } = await buildFacts(tx, fresh, event);
  if (changed.length > 0) await replanFieldRuns(context, tx, item, changed, facts, responsible, cause);

  const candidates = await tx.rules.triggersFor(item.pipelineId, event.type);
  // A per-trigger webhook call (source `hook:<triggerId>`) is for that trigger only.
  const hookTriggerId =
    event.type === 'webhook.received' && event.source.startsWith('hook:') ? event.source.slice(5) : undefined;
  const triggers =
    hookTriggerId === undefined ? candidates : candidates.filter((trigger) => trigger.id === hookTriggerId);
  if (triggers.length === 0) return;
  const current = await tx.items.stageOf(item.stageId);
  if (current === undefined) return;
  const stages = new Map<string, Stage>();
  for (const trigger of triggers) {
    const stage = trigger.stageId === current.id ? current : await tx.items.stageOf(trigger.stageId);
    if (stage !== undefined) stages.set(stage.id, stage);
  }
  const decision = decideTriggers(fresh, current, triggers, stages, facts, new Set(changed));
  for (const evaluation of decision.evaluations) {
    await tx.journal.add(
      {
        kind: evaluation.matched ? 'trigger_matched' : 'trigger_not_matched',
        itemId,
        eventId: event.id,
        triggerId: evaluation.trigger.id,
        stageId: evaluation.trigger.stageId,
        rootEventId: event.rootEventId,
        depth: event.depth,
        causeId: received.id,
        message: `Trigger "${evaluation.trigger.name}": ${evaluation.reason}`,
        data: {
          reason: evaluation.verdict,
          explanation: evaluation.reason,
          eventType: event.type,
          toStageId: evaluation.trigger.stageId,
          ...(evaluation.compared !== undefined && { compared: evaluation.compared }),
        },
      },
      now,
    );
  }
  if (decision.winner === undefined) return;
  const trigger = decision.winner.trigger;
  const acting = await actingFor(tx, { kind: 'trigger', ...trigger }, fresh);
  await moveInTransaction(context, tx, {
    item: fresh,
    toStageId: decision.winner.target.id,
    author: acting.author,
    cause: { ...cause, triggerId: trigger.id },
    manual: false,
    movedBy: acting.movedBy,
  });
}
