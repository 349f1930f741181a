import type { Condition } from '../../domain/conditions/condition.ts';
import { explainCondition } from '../../domain/conditions/explain-condition.ts';
import { invalid } from '../../domain/errors.ts';
import type { StoredEvent } from '../../domain/events/event.ts';
import type { Item } from '../../domain/item.ts';
import type { Stage } from '../../domain/pipeline.ts';
import type { Trigger } from '../../domain/rules.ts';
import { actingFor } from '../acting-as.ts';
import { buildFacts } from '../facts-builder.ts';
import { decideTriggers } from '../matching.ts';
import { moveInTransaction } from '../transition.ts';
import { describeMove, explainGuards } from './dry-run-move.ts';
import { applyPaymentEvent } from './dry-run-payment.ts';
import { tryPlannedRuns } from './dry-run-planned.ts';
import type { DryRunSession } from './dry-run-session.ts';
import type { DryRunMove, DryRunRun, DryRunTriggerVerdict, SampleEvent } from './dry-run-types.ts';
import { sampleEvent } from './template-results.ts';

export interface TriedTrigger {
  readonly trigger: DryRunTriggerVerdict;
  readonly move: DryRunMove | null;
  readonly runs: readonly DryRunRun[];
}

/**
 * A trigger tried on the item with a sample event (a payment's recorded first, as the engine
 * does): the engine's own decision for this trigger alone (decideTriggers), its filter and
 * condition traced part by part, and when it matches, the engine's move in the sandbox (through the guards) and the runs that move planned, each tried.
 */
export async function tryTrigger(
  session: DryRunSession,
  trigger: Trigger,
  before: Item,
  sample: SampleEvent | undefined,
): Promise<TriedTrigger> {
  const { tx } = session;
  if (trigger.pipelineId !== before.pipelineId) {
    throw invalid(
      '/body/itemId',
      `item ${before.id} is not in the trigger's pipeline`,
      'item_of_another_pipeline',
    );
  }
  if (sample !== undefined && sample.type !== trigger.eventType) {
    throw invalid(
      '/body/event/type',
      `must be the trigger's event type "${trigger.eventType}"`,
      'event_type_mismatch',
    );
  }
  const event = await storeEvent(session, sample ?? { type: trigger.eventType, data: {} }, before);
  const stop = await applyPaymentEvent(session, event, before);
  const rule = { kind: 'trigger', ...trigger } as const;
  if (stop !== undefined) {
    const actingAs = (await actingFor(tx, rule, before)).actingAs ?? null;
    const verdict = { matched: false, ...stop, actingAs, filter: null, condition: null };
    return { trigger: verdict, move: null, runs: [] };
  }
  // Read again: a payment changed the paid sum.
  const item = (await tx.items.findForUpdate(before.id)) ?? before;
  const current = await tx.items.stageOf(item.stageId);
  const target = await tx.items.stageOf(trigger.stageId);
  if (current === undefined) throw new Error(`item ${item.id} is in a stage that does not exist`);
  const { facts } = await buildFacts(tx, item, event);
  const changed = new Set(changedFields(event));
  const stages = new Map<string, Stage>(target === undefined ? [] : [[target.id, target]]);
  const decision = decideTriggers(item, current, [trigger], stages, facts, changed);
  const evaluation = decision.evaluations[0];
  // The real move's author: the person the trigger acts as (actAs), resolved for the item now.
  const acting = await actingFor(tx, rule, item);
  const trace = (condition: Condition | null) =>
    condition === null ? null : explainCondition(condition, facts, changed);
  const verdict: DryRunTriggerVerdict = {
    matched: decision.winner !== undefined,
    verdict: evaluation?.verdict ?? 'missing_stage',
    reason: evaluation?.reason ?? 'its target stage no longer exists',
    actingAs: acting.actingAs ?? null,
    filter: trace(trigger.filter),
    condition: trace(trigger.condition),
  };
  if (decision.winner === undefined || target === undefined)
    return { trigger: verdict, move: null, runs: [] };

  const guards = await explainGuards(session, item, target);
  const outcome = await moveInTransaction(session.engine, tx, {
    item,
    toStageId: target.id,
    author: acting.author,
    cause: { rootEventId: event.rootEventId, depth: event.depth, eventId: event.id, triggerId: trigger.id },
    manual: false,
    movedBy: acting.movedBy,
  });
  const message = outcome.kind === 'refused' || outcome.kind === 'loop' ? outcome.message : null;
  const move = describeMove(current, target, guards, outcome.kind, message);
  if (outcome.kind !== 'moved') return { trigger: verdict, move, runs: [] };
  return { trigger: verdict, move, runs: await tryPlannedRuns(session, outcome.item, target, event) };
}

/** The sample event, stored in the sandbox as the engine would have it when it processes it. */
async function storeEvent(session: DryRunSession, sample: SampleEvent, item: Item): Promise<StoredEvent> {
  const event = sampleEvent(sample, session.engine.ids(), item.id, session.now);
  await session.tx.events.insert(
    {
      id: event.id,
      type: event.type,
      source: event.source,
      occurredAt: session.now,
      subject: event.subject,
      data: event.data,
    },
    session.now,
  );
  return (await session.tx.events.find(event.id)) ?? event;
}

/** The fields an item.field_changed event names (what `changed` compares against). */
function changedFields(event: StoredEvent): string[] {
  if (event.type !== 'item.field_changed') return [];
  const fields = event.data['fields'];
  return Array.isArray(fields) ? fields.filter((field): field is string => typeof field === 'string') : [];
}
