/**
 * The condition language shared by triggers, robots, guards and the UI builder (DESIGN.md §2):
 * plain JSON, so it is stored as is and evaluated without `eval`.
 *
 *   {"all": [c, ...]}  {"any": [c, ...]}  {"not": c}
 *   {"field": "item.amount", "op": "gt", "value": 100000}
 *   {"field": "item.paidAmount", "op": "gte", "valueField": "item.amount"}
 *   {"field": "item.paidAmount", "op": "gte", "valueField": "item.amount", "percent": 50}
 *   {"field": "item.amount", "minus": "item.paidAmount", "op": "lte", "value": 1000}
 *   {"field": "event.data.subject", "op": "matches", "value": "^order #\\d+", "flags": "i"}
 *
 * Fields are the fact paths of ../facts.ts. Operator names are stored: never renamed, only added.
 */
export const CONDITION_OPS = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'nin',
  'contains',
  'startsWith',
  'endsWith',
  'empty',
  'notEmpty',
  'changed',
  'between',
  'matches',
] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** Operators that look only at the field itself. */
export const PRESENCE_OPS = ['empty', 'notEmpty', 'changed'] as const;
export type PresenceOp = (typeof PRESENCE_OPS)[number];

/** Operators whose right side is one value or another field (`valueField`). */
export const BINARY_OPS = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'nin',
  'contains',
  'startsWith',
  'endsWith',
] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

export type Scalar = string | number | boolean;

export interface AllCondition {
  readonly all: readonly Condition[];
}

export interface AnyCondition {
  readonly any: readonly Condition[];
}

export interface NotCondition {
  readonly not: Condition;
}

export interface PresenceComparison {
  readonly field: string;
  readonly op: PresenceOp;
}

export interface ValueComparison {
  readonly field: string;
  readonly op: BinaryOp;
  /** A list for `in`/`nin`, and for `eq`/`ne` on list fields; otherwise one value. */
  readonly value: Scalar | readonly Scalar[];
}

export interface FieldComparison {
  readonly field: string;
  readonly op: BinaryOp;
  /** The path of the fact to compare with, e.g. `item.amount`. */
  readonly valueField: string;
}

/** Operators that may compare with a percentage of another field. */
export type PercentOp = Extract<BinaryOp, 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte'>;

/** `field op percent % of valueField`: "the paid sum is at least 50 % of the amount". */
export interface PercentComparison {
  readonly field: string;
  readonly op: PercentOp;
  readonly valueField: string;
  /** Percent of the other field's value: above 0, at most 10 000. Compared exactly, not in floating point. */
  readonly percent: number;
}

/**
 * `field ± another field op value | valueField [percent]`: "the amount minus the paid sum is at
 * most 1000". Exactly one of `plus` and `minus`. Only the left side takes a term: `a op b − c`
 * reads as `a + c op b`, so one place for arithmetic says everything.
 */
export type ArithmeticComparison = {
  readonly field: string;
  readonly op: PercentOp;
} & ({ readonly plus: string } | { readonly minus: string }) &
  ({ readonly value: number } | { readonly valueField: string; readonly percent?: number });

export const isArithmetic = (comparison: Comparison): comparison is ArithmeticComparison =>
  'plus' in comparison || 'minus' in comparison;

/** The field added to or taken from the left side, and how. */
export function arithmeticTerm(comparison: ArithmeticComparison): { sign: 'plus' | 'minus'; field: string } {
  return 'plus' in comparison
    ? { sign: 'plus', field: comparison.plus }
    : { sign: 'minus', field: comparison.minus };
}

export interface BetweenComparison {
  readonly field: string;
  readonly op: 'between';
  /** Inclusive bounds, both numbers or both ISO dates. */
  readonly value: readonly [Scalar, Scalar];
}

export interface MatchesComparison {
  readonly field: string;
  readonly op: 'matches';
  /** A regular expression in RE2 syntax (no backreferences or lookaround), at most 200 characters. */
  readonly value: string;
  /** Any of "i", "m", "s", "u". Default: none. */
  readonly flags?: string;
}

export type Comparison =
  | PresenceComparison
  | ValueComparison
  | FieldComparison
  | PercentComparison
  | ArithmeticComparison
  | BetweenComparison
  | MatchesComparison;

export type Condition = AllCondition | AnyCondition | NotCondition | Comparison;

/** Limits checked when a rule is saved, so evaluation stays small and bounded. */
export const CONDITION_LIMITS = {
  /** Nesting levels of all/any/not, the comparisons included. */
  maxDepth: 8,
  /** Groups and comparisons in one condition. */
  maxNodes: 100,
  /** Values in one `in`/`nin`/`eq` list. */
  maxListValues: 200,
} as const;

/** Every fact path a condition reads (`field`, `plus`/`minus`, `valueField`), each once, in order. */
export function conditionFields(condition: Condition): string[] {
  const fields = new Set<string>();
  const visit = (node: Condition): void => {
    if ('all' in node) node.all.forEach(visit);
    else if ('any' in node) node.any.forEach(visit);
    else if ('not' in node) visit(node.not);
    else {
      fields.add(node.field);
      if (isArithmetic(node)) fields.add(arithmeticTerm(node).field);
      if ('valueField' in node) fields.add(node.valueField);
    }
  };
  visit(condition);
  return [...fields];
}
