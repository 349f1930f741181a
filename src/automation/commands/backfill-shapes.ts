import type { ConditionTrace } from '../../domain/conditions/explain-condition.ts';

/**
 * What a backfill answers: applying a rule saved on a stage to the items that were there before it
 * (the web UI's BackfillPreview and BackfillResult).
 */

/** Why an item is or is not eligible. Stored in answers and journal data: never renamed, only added. */
export const BACKFILL_REASONS = [
  'ok',
  'condition',
  'guard',
  'already_planned',
  'once_per_item',
  'backward',
  'final_stage',
  'same_stage',
  'loop',
  'not_in_stage',
  'not_in_pipeline',
  'not_found',
] as const;
export type BackfillReason = (typeof BACKFILL_REASONS)[number];

/** Most items one preview lists, and one confirmation takes. */
export const BACKFILL_LIMIT = 500;

export interface BackfillCandidate {
  readonly itemId: string;
  readonly title: string;
  readonly stageId: string;
  readonly stageName: string;
  readonly stageEnteredAt: string;
  readonly eligible: boolean;
  readonly reasonCode: BackfillReason;
  readonly reason: string;
  readonly condition: ConditionTrace | null;
  /** Robots: when the run would be due (from the item's entry, never before now). */
  readonly dueAt: string | null;
  readonly guard: { readonly guardId: string; readonly name: string; readonly message: string } | null;
}

export interface BackfillPreview {
  readonly kind: 'robot' | 'trigger';
  readonly ruleId: string;
  readonly ruleName: string;
  readonly now: string;
  readonly candidates: readonly BackfillCandidate[];
  readonly eligibleCount: number;
  readonly truncated: boolean;
}

export interface BackfillApplied {
  readonly itemId: string;
  readonly runId: string | null;
  readonly dueAt: string | null;
}

export interface BackfillSkipped {
  readonly itemId: string;
  readonly reasonCode: BackfillReason;
  readonly reason: string;
}

export interface BackfillResult {
  readonly applied: readonly BackfillApplied[];
  readonly skipped: readonly BackfillSkipped[];
}

/** The person who confirmed a backfill: a signed-in user, or an API token by its name. */
export interface BackfillConfirmer {
  readonly userId: string | null;
  readonly name: string;
}

/** How the journal says who planned or moved something by a backfill. */
export function backfillNote(by: BackfillConfirmer) {
  return {
    message: `by a backfill confirmed by ${by.name}`,
    data: { backfill: true, by: { userId: by.userId, name: by.name } },
  } as const;
}

/** The ids asked for, each once, in the order first asked. */
export const distinctIds = (ids: readonly string[]): string[] => [...new Set(ids)];
