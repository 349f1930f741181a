import type { Facts } from '../facts.ts';
import type { Condition } from './condition.ts';
import { evaluateComparison } from './evaluate-comparison.ts';

/** The outcome of a condition and, for the journal, a short account of the part that decided it. */
export interface Evaluation {
  readonly matched: boolean;
  readonly reason: string;
  /** The comparison that decided it (the failing one, when it does not hold), for the journal. */
  readonly compared?: Compared | undefined;
}

/** A comparison as evaluated: its field, operator, and the values on both sides (bounded in size). */
export interface Compared {
  readonly field: string;
  readonly op: string;
  /**
   * The condition's value, or the other field's value, or with `percent` the threshold (that
   * share of the other field's value); absent for `changed`, `empty`, `notEmpty`.
   */
  readonly expected?: unknown;
  /** The other field, when the comparison reads one (`valueField`). */
  readonly valueField?: string | undefined;
  /** The field added to (`plus`) or taken from (`minus`) the field, and its value as `operand`. */
  readonly plus?: string | undefined;
  readonly minus?: string | undefined;
  readonly operand?: unknown;
  /** The share of the other field the field is compared with, in percent. */
  readonly percent?: number | undefined;
  /** The item's value; null when the field is missing. */
  readonly actual: unknown;
}

/**
 * Evaluates a condition that validateCondition accepted. `changes` holds the changed fact paths
 * of an `item.field_changed` event (read by `changed`); without it nothing counts as changed.
 * A missing field makes a comparison false rather than an error: rules must not fail on an item
 * that simply lacks the data.
 */
export function evaluateCondition(
  condition: Condition,
  facts: Facts,
  changes?: ReadonlySet<string>,
): Evaluation {
  if ('all' in condition) {
    const count = condition.all.length;
    for (const [index, part] of condition.all.entries()) {
      const result = evaluateCondition(part, facts, changes);
      if (!result.matched) {
        return {
          matched: false,
          reason: `condition ${index + 1} of ${count} does not hold: ${result.reason}`,
          compared: result.compared,
        };
      }
    }
    return { matched: true, reason: `all of ${count} ${plural(count, 'condition')} hold` };
  }
  if ('any' in condition) {
    const count = condition.any.length;
    const reasons: string[] = [];
    // Of alternatives that all fail, the first one's values are shown.
    let first: Compared | undefined;
    for (const [index, part] of condition.any.entries()) {
      const result = evaluateCondition(part, facts, changes);
      if (result.matched) {
        return {
          matched: true,
          reason: `alternative ${index + 1} of ${count} holds: ${result.reason}`,
          compared: result.compared,
        };
      }
      reasons.push(result.reason);
      first ??= result.compared;
    }
    return {
      matched: false,
      reason: `none of ${count} ${plural(count, 'alternative')} hold: ${reasons.join('; ')}`,
      compared: first,
    };
  }
  if ('not' in condition) {
    const result = evaluateCondition(condition.not, facts, changes);
    return { matched: !result.matched, reason: `not (${result.reason})`, compared: result.compared };
  }
  return evaluateComparison(condition, facts, changes);
}

const plural = (count: number, word: string): string => (count === 1 ? word : `${word}s`);
