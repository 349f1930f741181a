/** The rule a backfill dialog is offered for. */
export interface BackfillOffer {
  readonly kind: 'robot' | 'trigger';
  readonly ruleId: string;
  readonly ruleName: string;
}

interface SavedRule {
  readonly id: string;
  readonly name: string;
  readonly stageId: string;
  readonly enabled: boolean;
}

/**
 * Whether saving a rule should offer to apply it to the items already in its stage: only robots
 * and triggers (guards act on moves, not on items at rest), only enabled ones, and only when the
 * stage holds items.
 */
export function backfillOffer(
  kind: 'robot' | 'trigger' | 'guard',
  rule: SavedRule,
  stageCounts: ReadonlyMap<string, number>,
): BackfillOffer | undefined {
  if (kind === 'guard' || !rule.enabled) return undefined;
  if ((stageCounts.get(rule.stageId) ?? 0) === 0) return undefined;
  return { kind, ruleId: rule.id, ruleName: rule.name };
}
