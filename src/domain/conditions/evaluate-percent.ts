import { type Facts, readFact } from '../facts.ts';
import type { PercentComparison } from './condition.ts';
import type { Evaluation } from './evaluate-condition.ts';
import { compareDecimals, decimalToNumber, multiply, shift, toDecimal } from './exact-decimal.ts';
import { describeValue, isMissing, keptValue } from './fact-values.ts';
import { OP_HOLDS, OP_SYMBOLS } from './ordered-ops.ts';

/**
 * `field op percent % of valueField`, decided exactly: `field × 100` against
 * `valueField × percent` in decimal integers, so money at the edge ("exactly half paid") is not
 * lost to floating point. `expected` is the threshold, `valueField × percent / 100`.
 */
export function evaluatePercent(comparison: PercentComparison, facts: Facts, actual: unknown): Evaluation {
  const { field, op, valueField, percent } = comparison;
  const other = readFact(facts, valueField);
  const left = toDecimal(actual);
  const right = toDecimal(other);
  const share = toDecimal(percent);
  const base = { field, op, valueField, percent, actual: keptValue(actual) };
  if (left === undefined || right === undefined || share === undefined) {
    const missing = isMissing(actual) ? field : isMissing(other) ? valueField : undefined;
    const reason =
      missing !== undefined
        ? `${missing} is missing`
        : `${field} ${describeValue(actual)} cannot be compared with ${percent} % of ${valueField} ${describeValue(other)}`;
    return { matched: false, reason, compared: { ...base, expected: keptValue(other) } };
  }
  const threshold = multiply(right, share);
  const order = compareDecimals(multiply(left, { digits: 100n, scale: 0 }), threshold);
  const matched = OP_HOLDS[op](order);
  const verdict = `${matched ? 'is' : 'is not'} ${OP_SYMBOLS[op]} ${percent} % of`;
  return {
    matched,
    reason: `${field} ${describeValue(actual)} ${verdict} ${valueField} ${describeValue(other)}`,
    compared: { ...base, expected: decimalToNumber(shift(threshold, 2)) },
  };
}
