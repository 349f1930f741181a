import { type Compared, evaluateCondition } from '../domain/conditions/evaluate-condition.ts';
import type { Facts } from '../domain/facts.ts';
import type { Item } from '../domain/item.ts';
import { isFinalStage, type Stage } from '../domain/pipeline.ts';
import type { Trigger } from '../domain/rules.ts';

/** Why a trigger matched or not, as a stored code the UI words (never renamed, only added). */
export const TRIGGER_VERDICTS = [
  'matched',
  'missing_stage',
  'same_stage',
  'final_stage',
  'backward',
  'filter',
  'condition',
] as const;
export type TriggerVerdict = (typeof TRIGGER_VERDICTS)[number];

export interface TriggerEvaluation {
  readonly trigger: Trigger;
  readonly target: Stage | undefined;
  readonly matched: boolean;
  readonly verdict: TriggerVerdict;
  readonly reason: string;
  /** For `filter` and `condition`: the comparison that decided. */
  readonly compared?: Compared | undefined;
}

export interface TriggerDecision {
  readonly evaluations: readonly TriggerEvaluation[];
  /** The trigger whose target wins (the furthest), when any matched. */
  readonly winner: { readonly trigger: Trigger; readonly target: Stage } | undefined;
}

/**
 * Decides which of the triggers (already narrowed to the item's pipeline and the event's type)
 * move the item, and where. Forward only unless `allowBackward`; items in a final stage move only
 * by an `allowBackward` trigger; of several matches the furthest target wins.
 */
export function decideTriggers(
  item: Item,
  current: Stage,
  triggers: readonly Trigger[],
  stages: ReadonlyMap<string, Stage>,
  facts: Facts,
  changedPaths?: ReadonlySet<string>,
): TriggerDecision {
  const evaluations = triggers.map((trigger) =>
    evaluate(trigger, item, current, stages.get(trigger.stageId), facts, changedPaths),
  );
  const matches = evaluations.filter(
    (e): e is TriggerEvaluation & { target: Stage } => e.matched && e.target !== undefined,
  );
  const forward = matches
    .filter((m) => m.target.sort > current.sort)
    .sort((a, b) => b.target.sort - a.target.sort);
  const backward = matches
    .filter((m) => m.target.sort < current.sort)
    .sort((a, b) => a.target.sort - b.target.sort);
  const best = forward[0] ?? backward[0];
  return {
    evaluations,
    winner: best === undefined ? undefined : { trigger: best.trigger, target: best.target },
  };
}

function evaluate(
  trigger: Trigger,
  item: Item,
  current: Stage,
  target: Stage | undefined,
  facts: Facts,
  changedPaths: ReadonlySet<string> | undefined,
): TriggerEvaluation {
  const result = (verdict: TriggerVerdict, reason: string, compared?: Compared): TriggerEvaluation => ({
    trigger,
    target,
    matched: verdict === 'matched',
    verdict,
    reason,
    compared,
  });
  if (target === undefined) return result('missing_stage', 'its target stage no longer exists');
  if (target.id === item.stageId) return result('same_stage', `the item is already in "${target.name}"`);
  if (!trigger.allowBackward) {
    if (isFinalStage(current))
      return result('final_stage', `the item is in the final stage "${current.name}"`);
    if (target.sort < current.sort) {
      return result(
        'backward',
        `"${target.name}" is before "${current.name}" and the trigger moves forward only`,
      );
    }
  }
  // What held, for the journal's "because": the condition's comparison, else the filter's.
  let held: Compared | undefined;
  if (trigger.filter !== null) {
    const filter = evaluateCondition(trigger.filter, facts, changedPaths);
    if (!filter.matched) return result('filter', `filter: ${filter.reason}`, filter.compared);
    held = filter.compared;
  }
  if (trigger.condition !== null) {
    const condition = evaluateCondition(trigger.condition, facts, changedPaths);
    if (!condition.matched) return result('condition', `condition: ${condition.reason}`, condition.compared);
    held = condition.compared ?? held;
  }
  return result('matched', `matched: moves to "${target.name}"`, held);
}
