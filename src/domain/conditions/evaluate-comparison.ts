import { type Facts, readFact } from '../facts.ts';
import {
  type ArithmeticComparison,
  type BetweenComparison,
  type BinaryOp,
  type Comparison,
  type FieldComparison,
  isArithmetic,
  type MatchesComparison,
  type PercentComparison,
  type ValueComparison,
} from './condition.ts';
import { evaluateArithmetic } from './evaluate-arithmetic.ts';
import type { Compared, Evaluation } from './evaluate-condition.ts';
import { evaluatePercent } from './evaluate-percent.ts';
import {
  asText,
  compareValues,
  describeValue,
  isEmptyValue,
  isMissing,
  keptValue,
  valuesEqual,
} from './fact-values.ts';
import { compilePattern, testPattern } from './match-pattern.ts';

/** How the journal words each operator: [when it holds, when it does not]. */
const PHRASES: Readonly<Record<BinaryOp | 'between', readonly [string, string]>> = {
  eq: ['equals', 'does not equal'],
  ne: ['does not equal', 'equals'],
  gt: ['is greater than', 'is not greater than'],
  gte: ['is at least', 'is less than'],
  lt: ['is less than', 'is not less than'],
  lte: ['is at most', 'is greater than'],
  in: ['is one of', 'is not one of'],
  nin: ['is not one of', 'is one of'],
  contains: ['contains', 'does not contain'],
  startsWith: ['starts with', 'does not start with'],
  endsWith: ['ends with', 'does not end with'],
  between: ['is between', 'is not between'],
};

/** Operators that need an order (numbers or dates) between both sides. */
const ORDER_TESTS: Readonly<Partial<Record<BinaryOp, (order: number) => boolean>>> = {
  gt: (order) => order > 0,
  gte: (order) => order >= 0,
  lt: (order) => order < 0,
  lte: (order) => order <= 0,
};

const verdict = (matched: boolean, reason: string): Evaluation => ({ matched, reason });

/** A comparison of a field with a value or with the whole of another field. */
type PlainComparison = Exclude<Comparison, PercentComparison | ArithmeticComparison>;

function comparedOf(comparison: PlainComparison, facts: Facts, actual: unknown): Compared {
  const base = { field: comparison.field, op: comparison.op, actual: keptValue(actual) };
  if ('valueField' in comparison) {
    return {
      ...base,
      valueField: comparison.valueField,
      expected: keptValue(readFact(facts, comparison.valueField)),
    };
  }
  return 'value' in comparison ? { ...base, expected: keptValue(comparison.value) } : base;
}

export function evaluateComparison(
  comparison: Comparison,
  facts: Facts,
  changes: ReadonlySet<string> | undefined,
): Evaluation {
  if (isArithmetic(comparison)) return evaluateArithmetic(comparison, facts);
  const actual = readFact(facts, comparison.field);
  if ('percent' in comparison) return evaluatePercent(comparison, facts, actual);
  return { ...compare(comparison, facts, changes, actual), compared: comparedOf(comparison, facts, actual) };
}

function compare(
  comparison: PlainComparison,
  facts: Facts,
  changes: ReadonlySet<string> | undefined,
  actual: unknown,
): Evaluation {
  switch (comparison.op) {
    case 'changed': {
      const changed = hasChanged(comparison.field, changes);
      return verdict(changed, `${comparison.field} ${changed ? 'has changed' : 'has not changed'}`);
    }
    case 'empty':
    case 'notEmpty': {
      const empty = isEmptyValue(actual);
      const state = empty ? 'is empty' : `is not empty (${describeValue(actual)})`;
      return verdict(comparison.op === 'empty' ? empty : !empty, `${comparison.field} ${state}`);
    }
  }
  if (isMissing(actual)) return verdict(false, `${comparison.field} is missing`);
  switch (comparison.op) {
    case 'matches':
      return matches(comparison, actual);
    case 'between':
      return between(comparison, actual);
    default:
      return binary(comparison, facts, actual);
  }
}

function matches(comparison: MatchesComparison, actual: unknown): Evaluation {
  const pattern = `/${comparison.value}/${comparison.flags ?? ''}`;
  const compiled = compilePattern(comparison.value, comparison.flags);
  // Stored rules were checked when saved; this covers rules written around the API.
  if ('refused' in compiled) return verdict(false, `the pattern ${pattern} is refused: ${compiled.refused}`);
  const text = asText(actual);
  const shown = `${comparison.field} (${describeValue(actual)})`;
  if (text === undefined) return verdict(false, `${shown} is not text`);
  const matched = testPattern(compiled.regex, text);
  return verdict(matched, `${shown} ${matched ? 'matches' : 'does not match'} ${pattern}`);
}

function between(comparison: BetweenComparison, actual: unknown): Evaluation {
  const [low, high] = comparison.value;
  const fromLow = compareValues(actual, low);
  const toHigh = compareValues(actual, high);
  const shown = `${comparison.field} (${describeValue(actual)})`;
  const bounds = `${describeValue(low)} and ${describeValue(high)}`;
  if (fromLow === undefined || toHigh === undefined) {
    return verdict(false, `${shown} cannot be compared with ${bounds}`);
  }
  const matched = fromLow >= 0 && toHigh <= 0;
  return verdict(matched, `${shown} ${PHRASES.between[matched ? 0 : 1]} ${bounds}`);
}

function binary(comparison: ValueComparison | FieldComparison, facts: Facts, actual: unknown): Evaluation {
  let expected: unknown;
  let right: string;
  if ('valueField' in comparison) {
    expected = readFact(facts, comparison.valueField);
    if (isMissing(expected)) return verdict(false, `${comparison.valueField} is missing`);
    right = `${comparison.valueField} (${describeValue(expected)})`;
  } else {
    expected = comparison.value;
    right = describeValue(expected);
  }
  const shown = `${comparison.field} (${describeValue(actual)})`;
  const matched = holds(comparison.op, actual, expected);
  if (matched === undefined) return verdict(false, `${shown} cannot be compared with ${right}`);
  return verdict(matched, `${shown} ${PHRASES[comparison.op][matched ? 0 : 1]} ${right}`);
}

/** Whether a binary operator holds; undefined when the two sides do not compare at all. */
function holds(op: BinaryOp, actual: unknown, expected: unknown): boolean | undefined {
  const orderTest = ORDER_TESTS[op];
  if (orderTest !== undefined) {
    const order = compareValues(actual, expected);
    return order === undefined ? undefined : orderTest(order);
  }
  switch (op) {
    case 'eq':
      return valuesEqual(actual, expected);
    case 'ne':
      return !valuesEqual(actual, expected);
    case 'in':
    case 'nin': {
      if (!Array.isArray(expected)) return undefined;
      const found = expected.some((candidate) => valuesEqual(actual, candidate));
      return op === 'in' ? found : !found;
    }
    case 'contains':
      return contains(actual, expected);
    default: {
      const text = asText(actual)?.toLowerCase();
      const part = asText(expected)?.toLowerCase();
      if (text === undefined || part === undefined) return undefined;
      return op === 'startsWith' ? text.startsWith(part) : text.endsWith(part);
    }
  }
}

/** List membership, or a substring; text is compared without regard to case. */
function contains(actual: unknown, expected: unknown): boolean | undefined {
  if (Array.isArray(actual)) return actual.some((element) => sameIgnoringCase(element, expected));
  const text = asText(actual);
  const part = asText(expected);
  if (text === undefined || part === undefined) return undefined;
  return text.toLowerCase().includes(part.toLowerCase());
}

function sameIgnoringCase(left: unknown, right: unknown): boolean {
  if (typeof left === 'string' && typeof right === 'string')
    return left.toLowerCase() === right.toLowerCase();
  return valuesEqual(left, right);
}

/**
 * A field has changed when its path, one of its parents (a whole custom field object was
 * replaced) or one of its parts (`item.fields.address.city` within `item.fields.address`) is
 * among the changed paths of the event.
 */
function hasChanged(path: string, changes: ReadonlySet<string> | undefined): boolean {
  if (changes === undefined) return false;
  if (changes.has(path)) return true;
  for (const changed of changes) {
    if (path.startsWith(`${changed}.`) || changed.startsWith(`${path}.`)) return true;
  }
  return false;
}
