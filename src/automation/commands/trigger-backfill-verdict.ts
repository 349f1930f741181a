import { evaluateCondition } from '../../domain/conditions/evaluate-condition.ts';
import { type ConditionTrace, explainCondition } from '../../domain/conditions/explain-condition.ts';
import type { Facts } from '../../domain/facts.ts';
import type { Item } from '../../domain/item.ts';
import { isFinalStage, type Stage } from '../../domain/pipeline.ts';
import type { Guard, Trigger } from '../../domain/rules.ts';
import type { BackfillReason } from './backfill-shapes.ts';

export interface TriggerScene {
  readonly trigger: Trigger;
  /** The stage the trigger moves items to. */
  readonly target: Stage;
  readonly stages: ReadonlyMap<string, Stage>;
  /** The enabled guards of the target stage. */
  readonly guards: readonly Guard[];
  readonly now: Date;
}

export interface TriggerVerdict {
  readonly reasonCode: BackfillReason;
  readonly reason: string;
  readonly condition: ConditionTrace | null;
  readonly guard: { readonly guardId: string; readonly name: string; readonly message: string } | null;
}

/**
 * Judges whether the trigger would move an item now, as matching does (forward only and out of
 * open stages only, unless `allowBackward`; the condition over the item), and, with `checkGuards`,
 * whether the target's guards let it in. The filter reads the event, and a backfill has none: each
 * reason says it is not checked.
 */
export function judgeTriggerBackfill(
  scene: TriggerScene,
  item: Item,
  facts: Facts,
  checkGuards: boolean,
): TriggerVerdict {
  const { trigger, target } = scene;
  const unchecked = trigger.filter === null ? '' : '; the filter over the event is not checked';
  const condition = trigger.condition === null ? null : explainCondition(trigger.condition, facts);
  const verdict = (
    reasonCode: BackfillReason,
    reason: string,
    guard: TriggerVerdict['guard'] = null,
  ): TriggerVerdict => ({ reasonCode, reason: `${reason}${unchecked}`, condition, guard });
  const current = scene.stages.get(item.stageId);
  if (item.stageId === target.id) return verdict('same_stage', `the item is already in "${target.name}"`);
  if (!trigger.allowBackward && current !== undefined) {
    if (isFinalStage(current))
      return verdict('final_stage', `the item is in the final stage "${current.name}"`);
    if (target.sort < current.sort) {
      return verdict(
        'backward',
        `"${target.name}" is before "${current.name}" and the trigger moves forward only`,
      );
    }
  }
  if (condition !== null && !condition.matched) return verdict('condition', `condition: ${condition.reason}`);
  if (checkGuards) {
    for (const guard of scene.guards) {
      if (evaluateCondition(guard.condition, facts).matched) continue;
      return verdict('guard', `guard "${guard.name}" refuses the move: ${guard.message}`, {
        guardId: guard.id,
        name: guard.name,
        message: guard.message,
      });
    }
  }
  return verdict('ok', `moves to "${target.name}"`);
}
