import type { EngineContext } from '../engine-context.ts';
import { applyRobotBackfill, previewRobotBackfill } from './backfill-robot.ts';
import type { BackfillConfirmer, BackfillPreview, BackfillResult } from './backfill-shapes.ts';
import { applyTriggerBackfill, previewTriggerBackfill } from './backfill-trigger.ts';

export type BackfillRuleKind = 'robot' | 'trigger';

/** Applying a saved robot or trigger to the items that were there before it, after a preview. */
export interface BackfillCommands {
  /** What applying the rule would do to each item now; changes nothing. A disabled rule: 409. */
  preview(kind: BackfillRuleKind, ruleId: string): Promise<BackfillPreview>;
  /** Applies the rule to the confirmed items, each judged again; journaled as confirmed by `by`. */
  apply(
    kind: BackfillRuleKind,
    ruleId: string,
    itemIds: readonly string[],
    by: BackfillConfirmer,
  ): Promise<BackfillResult>;
}

export function backfillCommands(context: EngineContext): BackfillCommands {
  return {
    preview: (kind, ruleId) =>
      kind === 'robot' ? previewRobotBackfill(context, ruleId) : previewTriggerBackfill(context, ruleId),
    apply: (kind, ruleId, itemIds, by) =>
      kind === 'robot'
        ? applyRobotBackfill(context, ruleId, itemIds, by)
        : applyTriggerBackfill(context, ruleId, itemIds, by),
  };
}
