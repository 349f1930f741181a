import { type Facts, readFact } from '../facts.ts';
import { type ArithmeticComparison, arithmeticTerm } from './condition.ts';
import type { Compared, Evaluation } from './evaluate-condition.ts';
import { add, compareDecimals, type Decimal, decimalToNumber, multiply, toDecimal } from './exact-decimal.ts';
import { describeValue, isMissing, keptValue } from './fact-values.ts';
import { OP_HOLDS, OP_SYMBOLS } from './ordered-ops.ts';

const HUNDRED: Decimal = { digits: 100n, scale: 0 };

/**
 * `field ± term op value | valueField [percent]`, decided in exact decimals: money in major units
 * such as 5000 − 3999.99 is 1000.01 exactly, never 1000.0100000000002, so "the rest is at most
 * 1000" turns at the cent. A missing operand makes it false, as a missing field does elsewhere.
 */
export function evaluateArithmetic(comparison: ArithmeticComparison, facts: Facts): Evaluation {
  const { field, op } = comparison;
  const term = arithmeticTerm(comparison);
  const actual = readFact(facts, field);
  const operand = readFact(facts, term.field);
  const valueField = 'valueField' in comparison ? comparison.valueField : undefined;
  const percent = 'percent' in comparison ? comparison.percent : undefined;
  const other =
    valueField === undefined ? (comparison as { value: number }).value : readFact(facts, valueField);
  const compared: Compared = {
    field,
    op,
    [term.sign]: term.field,
    operand: keptValue(operand),
    ...(valueField === undefined ? {} : { valueField }),
    ...(percent === undefined ? {} : { percent }),
    actual: keptValue(actual),
    expected: keptValue(other),
  };
  const symbol = term.sign === 'plus' ? '+' : '−';
  const left = `${field} ${describeValue(actual)} ${symbol} ${term.field} ${describeValue(operand)}`;
  const share = percent === undefined ? '' : `${percent} % of `;
  const right =
    valueField === undefined ? describeValue(other) : `${share}${valueField} ${describeValue(other)}`;
  const missing = [field, term.field, valueField].find(
    (path) => path !== undefined && isMissing(readFact(facts, path)),
  );
  if (missing !== undefined) return { matched: false, reason: `${missing} is missing`, compared };
  const a = toDecimal(actual);
  const b = toDecimal(operand);
  const c = toDecimal(other);
  const p = percent === undefined ? HUNDRED : toDecimal(percent);
  if (a === undefined || b === undefined || c === undefined || p === undefined) {
    return { matched: false, reason: `${left} cannot be compared with ${right}`, compared };
  }
  const result = add(a, b, term.sign === 'plus' ? 1 : -1);
  // Both sides times 100, so a percent threshold needs no division.
  const order = compareDecimals(multiply(result, HUNDRED), multiply(c, p));
  const matched = OP_HOLDS[op](order);
  const shown = describeValue(decimalToNumber(result));
  return {
    matched,
    reason: `${left} = ${shown} ${matched ? 'is' : 'is not'} ${OP_SYMBOLS[op]} ${right}`,
    compared: {
      ...compared,
      expected:
        percent === undefined
          ? compared.expected
          : decimalToNumber(multiply(c, { digits: p.digits, scale: p.scale + 2 })),
    },
  };
}
