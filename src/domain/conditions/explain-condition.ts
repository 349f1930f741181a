import type { Facts } from '../facts.ts';
import type { Condition } from './condition.ts';
import { evaluateComparison } from './evaluate-comparison.ts';
import { type Compared, evaluateCondition } from './evaluate-condition.ts';

/**
 * A condition evaluated part by part, for people trying a rule: every group with its verdict and
 * every comparison with the values on both sides, not only the part that decided (which is all
 * the journal keeps). Unlike evaluation it does not stop at the first deciding part.
 */
export interface ConditionTrace {
  readonly kind: 'all' | 'any' | 'not' | 'compare';
  readonly matched: boolean;
  readonly reason: string;
  readonly children?: readonly ConditionTrace[];
  readonly compared?: Compared | undefined;
}

/** Explains a condition that validateCondition accepted; its verdict is evaluateCondition's. */
export function explainCondition(
  condition: Condition,
  facts: Facts,
  changes?: ReadonlySet<string>,
): ConditionTrace {
  const { matched, reason } = evaluateCondition(condition, facts, changes);
  if ('all' in condition)
    return {
      kind: 'all',
      matched,
      reason,
      children: condition.all.map((part) => explainCondition(part, facts, changes)),
    };
  if ('any' in condition)
    return {
      kind: 'any',
      matched,
      reason,
      children: condition.any.map((part) => explainCondition(part, facts, changes)),
    };
  if ('not' in condition)
    return { kind: 'not', matched, reason, children: [explainCondition(condition.not, facts, changes)] };
  const result = evaluateComparison(condition, facts, changes);
  return { kind: 'compare', matched: result.matched, reason: result.reason, compared: result.compared };
}
