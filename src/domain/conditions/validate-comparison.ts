import type { FieldProblem } from '../errors.ts';
import { FACT_DOCS } from '../fact-docs.ts';
import { explainUnknownFact, FACT_FIELDS, type FactKind, type FactScope } from '../facts.ts';
import { BINARY_OPS, CONDITION_LIMITS, CONDITION_OPS, type ConditionOp, PRESENCE_OPS } from './condition.ts';
import { compareValues, describeValue, isFiniteNumber, isIsoDate } from './fact-values.ts';
import { explainFlags, explainRefusedPattern } from './match-pattern.ts';
import { OPERATORS, PERCENT_LIMITS, PERCENT_OPS } from './operators.ts';

/**
 * The checks of one comparison `{field, op, value | valueField, flags}`: the operator exists, the
 * value has the shape the operator needs, and the operator and value suit the kind of the field
 * where the catalogue knows it (custom fields and event data are of any kind). Which kinds each
 * operator applies to is the table of operators.ts, which the catalogue also serves.
 */
interface Check {
  readonly field: string;
  readonly kind: FactKind;
  readonly op: ConditionOp;
  readonly pointer: string;
  readonly report: (at: string, message: string) => void;
}

const KEYS: readonly string[] = ['field', 'plus', 'minus', 'op', 'value', 'valueField', 'percent', 'flags'];
const ORDER_OPS: readonly ConditionOp[] = ['gt', 'gte', 'lt', 'lte', 'between'];
const KIND_WORDS: Readonly<Record<FactKind, string>> = {
  string: 'text',
  number: 'a number',
  date: 'a date',
  boolean: 'true or false',
  list: 'a list',
  any: 'of any kind',
};

export function validateComparison(
  input: Readonly<Record<string, unknown>>,
  scope: FactScope,
  pointer: string,
  problems: FieldProblem[],
): void {
  const report = (at: string, message: string) => problems.push({ field: at, message });
  for (const key of Object.keys(input)) {
    if (!KEYS.includes(key))
      report(`${pointer}/${escapePointer(key)}`, `unknown key "${key}" in a comparison`);
  }
  const field = input['field'];
  let kind: FactKind = 'any';
  if (typeof field !== 'string' || field === '') {
    report(`${pointer}/field`, 'must be a field path such as "item.amount"');
  } else {
    const unknown = explainUnknownFact(field, scope);
    if (unknown === undefined) kind = kindOf(field);
    else report(`${pointer}/field`, unknown);
  }
  const op = input['op'];
  if (op === undefined) {
    report(`${pointer}/op`, `an operator is required: one of ${CONDITION_OPS.join(', ')}`);
    return;
  }
  if (!isOp(op)) {
    report(`${pointer}/op`, `unknown operator ${describeValue(op)}`);
    return;
  }
  const check: Check = { field: typeof field === 'string' ? field : 'the field', kind, op, pointer, report };
  if (Object.hasOwn(input, 'flags') && op !== 'matches')
    report(`${pointer}/flags`, '"flags" apply only to "matches"');
  const fits = OPERATORS[op];
  if (!fits.kinds.includes(kind)) {
    const instead = fits.instead === undefined ? '' : `; ${fits.instead}`;
    report(
      `${pointer}/op`,
      `"${op}" does not apply to ${check.field}, which is ${KIND_WORDS[kind]}${instead}`,
    );
    return;
  }
  if (Object.hasOwn(input, 'plus') || Object.hasOwn(input, 'minus')) {
    validateArithmetic(check, input, scope);
    return;
  }
  const hasValue = Object.hasOwn(input, 'value');
  const hasValueField = Object.hasOwn(input, 'valueField');
  if (Object.hasOwn(input, 'percent')) {
    validatePercent(check, input['percent'], hasValueField ? input['valueField'] : undefined);
    if (!hasValueField) return;
  }
  if ((PRESENCE_OPS as readonly string[]).includes(op)) {
    if (hasValue) report(`${pointer}/value`, `"${op}" takes no value`);
    if (hasValueField) report(`${pointer}/valueField`, `"${op}" takes no value field`);
    return;
  }
  if (hasValue && hasValueField) {
    report(`${pointer}/valueField`, 'give either "value" or "valueField", not both');
  } else if (hasValueField) {
    validateValueField(check, input['valueField'], scope);
  } else if (!hasValue) {
    const alternative = (BINARY_OPS as readonly string[]).includes(op) ? ' (or a "valueField")' : '';
    report(`${pointer}/value`, `"${op}" needs a value${alternative}`);
  } else {
    validateValue(check, input['value'], input['flags']);
  }
}

/** A key as one JSON pointer segment (RFC 6901). */
export const escapePointer = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');

const isOp = (op: unknown): op is ConditionOp =>
  typeof op === 'string' && (CONDITION_OPS as readonly string[]).includes(op);

const kindOf = (path: string): FactKind =>
  Object.hasOwn(FACT_FIELDS, path) ? FACT_FIELDS[path as keyof typeof FACT_FIELDS] : 'any';

function validateValue(check: Check, value: unknown, flags: unknown): void {
  const at = `${check.pointer}/value`;
  switch (check.op) {
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      orderedValue(check, value, at);
      return;
    case 'between':
      validateBetween(check, value, at);
      return;
    case 'eq':
    case 'ne':
      if (Array.isArray(value) && check.kind !== 'list' && check.kind !== 'any') {
        check.report(
          at,
          `${check.field} is ${KIND_WORDS[check.kind]}, not a list; use "in" to test several values`,
        );
      } else if (Array.isArray(value)) {
        listOf(check, value, 'any', at);
      } else if (check.kind === 'list') {
        check.report(at, `${check.field} is a list; compare it with a list, or use "contains"`);
      } else {
        scalar(check, value, check.kind, at);
      }
      return;
    case 'in':
    case 'nin':
      if (!Array.isArray(value)) check.report(at, `"${check.op}" needs a list of values`);
      else if (value.length === 0) check.report(at, `"${check.op}" needs at least one value`);
      else listOf(check, value, check.kind, at);
      return;
    case 'contains':
      scalar(check, value, check.kind === 'list' ? 'any' : check.kind, at);
      if (value === '') check.report(at, 'must not be empty');
      return;
    case 'startsWith':
    case 'endsWith':
      if (typeof value !== 'string' || value === '') check.report(at, `"${check.op}" needs non-empty text`);
      return;
    case 'matches':
      validatePattern(check, value, flags, at);
      return;
  }
}

function validateBetween(check: Check, value: unknown, at: string): void {
  if (!Array.isArray(value) || value.length !== 2) {
    check.report(at, '"between" needs [low, high], both numbers or both ISO dates');
    return;
  }
  const [low, high] = value as [unknown, unknown];
  if (!orderedValue(check, low, `${at}/0`) || !orderedValue(check, high, `${at}/1`)) return;
  const order = compareValues(low, high);
  if (order === undefined) check.report(at, 'the bounds must be both numbers or both dates');
  else if (order > 0)
    check.report(at, `the low bound ${describeValue(low)} is above the high bound ${describeValue(high)}`);
}

function validatePattern(check: Check, value: unknown, flags: unknown, at: string): void {
  if (flags !== undefined) {
    const problem = typeof flags === 'string' ? explainFlags(flags) : 'must be text such as "i"';
    if (problem !== undefined) {
      check.report(`${check.pointer}/flags`, problem);
      return;
    }
  }
  if (typeof value !== 'string' || value === '') {
    check.report(at, '"matches" needs a regular expression as text');
    return;
  }
  const refused = explainRefusedPattern(value, flags as string | undefined);
  if (refused !== undefined) check.report(at, refused);
}

/** A number or an ISO date, as the field's kind wants; reports and answers false otherwise. */
function orderedValue(check: Check, value: unknown, at: string): boolean {
  const isNumber = isFiniteNumber(value);
  const isDate = isIsoDate(value);
  const shown = describeValue(value);
  if (check.kind === 'number' && !isNumber) {
    check.report(at, `${check.field} is a number; give a number, not ${shown}`);
  } else if (check.kind === 'date' && !isDate) {
    check.report(at, `${check.field} is a date; give ${DATE_EXAMPLE}, not ${shown}`);
  } else if (!isNumber && !isDate) {
    check.report(at, `"${check.op}" needs a number or an ISO date, not ${shown}`);
  } else {
    return true;
  }
  return false;
}

const DATE_EXAMPLE = 'an ISO date such as "2024-05-31" or "2024-05-31T09:00:00Z"';

function listOf(check: Check, values: readonly unknown[], kind: FactKind, at: string): void {
  if (values.length > CONDITION_LIMITS.maxListValues) {
    check.report(at, `may hold at most ${CONDITION_LIMITS.maxListValues} values`);
    return;
  }
  for (const [index, value] of values.entries()) scalar(check, value, kind, `${at}/${index}`);
}

/** One value of the given kind (any: text, a number, true or false). */
function scalar(check: Check, value: unknown, kind: FactKind, at: string): void {
  if (value === null || value === undefined) {
    check.report(at, 'use "empty" or "notEmpty" to test for a missing value');
    return;
  }
  const fits: Record<FactKind, boolean> = {
    string: typeof value === 'string',
    number: isFiniteNumber(value),
    date: isIsoDate(value),
    boolean: typeof value === 'boolean',
    list: false,
    any: typeof value === 'string' || isFiniteNumber(value) || typeof value === 'boolean',
  };
  if (fits[kind]) return;
  const shown = describeValue(value);
  if (kind === 'any') check.report(at, `must be text, a number, or true or false, not ${shown}`);
  else
    check.report(
      at,
      `${check.field} is ${KIND_WORDS[kind]}; give ${kind === 'date' ? DATE_EXAMPLE : KIND_WORDS[kind]}, not ${shown}`,
    );
}

function validateValueField(check: Check, valueField: unknown, scope: FactScope): void {
  const at = `${check.pointer}/valueField`;
  if (typeof valueField !== 'string' || valueField === '') {
    check.report(at, 'must be a field path such as "item.amount"');
    return;
  }
  if (!(BINARY_OPS as readonly string[]).includes(check.op)) {
    check.report(at, `"${check.op}" compares with a value, not with another field`);
    return;
  }
  const unknown = explainUnknownFact(valueField, scope);
  if (unknown !== undefined) {
    check.report(at, unknown);
    return;
  }
  const other = kindOf(valueField);
  const { kind, op } = check;
  const allowed: readonly FactKind[] | undefined =
    op === 'in' || op === 'nin'
      ? ['list', 'any']
      : op === 'startsWith' || op === 'endsWith' || (op === 'contains' && kind === 'string')
        ? ['string', 'any']
        : op === 'contains'
          ? ['string', 'number', 'date', 'boolean', 'any']
          : ORDER_OPS.includes(op)
            ? ['number', 'date', 'any']
            : undefined;
  if (allowed !== undefined && !allowed.includes(other)) {
    check.report(at, `"${op}" cannot use ${valueField}, which is ${KIND_WORDS[other]}`);
  } else if (
    (op === 'eq' || op === 'ne' || ORDER_OPS.includes(op)) &&
    kind !== 'any' &&
    other !== 'any' &&
    kind !== other
  ) {
    check.report(
      at,
      `${check.field} is ${KIND_WORDS[kind]} and ${valueField} is ${KIND_WORDS[other]}; they do not compare`,
    );
  }
}

const PERCENT_KINDS: readonly FactKind[] = ['number', 'any'];

/**
 * `percent` with `valueField` on a numeric operator, between both numbers: "the paid sum is at
 * least 50 % of the amount". The operator and the other field are checked as without it.
 */
function validatePercent(check: Check, percent: unknown, valueField: unknown): void {
  const at = `${check.pointer}/percent`;
  if (!OPERATORS[check.op].percent) {
    check.report(at, `"percent" applies only to ${PERCENT_OPS.join(', ')}, not to "${check.op}"`);
    return;
  }
  if (!isFiniteNumber(percent) || percent <= PERCENT_LIMITS.min || percent > PERCENT_LIMITS.max) {
    check.report(at, `must be a number above ${PERCENT_LIMITS.min} and at most ${PERCENT_LIMITS.max}`);
    return;
  }
  if (valueField === undefined) {
    check.report(at, '"percent" is a share of another field: give that field as "valueField", not a "value"');
    return;
  }
  if (!PERCENT_KINDS.includes(check.kind)) {
    check.report(at, `"percent" compares numbers; ${check.field} is ${KIND_WORDS[check.kind]}`);
    return;
  }
  if (typeof valueField !== 'string') return;
  const other = kindOf(valueField);
  if (!PERCENT_KINDS.includes(other))
    check.report(at, `"percent" compares numbers; ${valueField} is ${KIND_WORDS[other]}`);
}

/**
 * `field ± term op value | valueField [percent]`: numbers only, and money only with money (the
 * item's amounts share its currency; a count added to an amount means nothing). The right side is
 * checked here too, since a number is the only value that fits.
 */
function validateArithmetic(check: Check, input: Readonly<Record<string, unknown>>, scope: FactScope): void {
  const { pointer, report, op } = check;
  if (Object.hasOwn(input, 'plus') && Object.hasOwn(input, 'minus')) {
    report(`${pointer}/minus`, 'give either "plus" or "minus", not both');
    return;
  }
  const sign = Object.hasOwn(input, 'plus') ? 'plus' : 'minus';
  const at = `${pointer}/${sign}`;
  if (!OPERATORS[op].percent) {
    report(`${pointer}/op`, `"${sign}" applies only to ${PERCENT_OPS.join(', ')}, not to "${op}"`);
    return;
  }
  if (!PERCENT_KINDS.includes(check.kind)) {
    report(at, `"${sign}" works on numbers; ${check.field} is ${KIND_WORDS[check.kind]}`);
    return;
  }
  const term = input[sign];
  if (!numericField(check, term, scope, at, `"${sign}" works on numbers`)) return;
  const left = `${check.field} ${sign === 'plus' ? '+' : '−'} ${term as string}`;
  const hasValue = Object.hasOwn(input, 'value');
  const hasValueField = Object.hasOwn(input, 'valueField');
  if (hasValue && hasValueField) {
    report(`${pointer}/valueField`, 'give either "value" or "valueField", not both');
  } else if (hasValueField) {
    const valueField = input['valueField'];
    const where = `${pointer}/valueField`;
    if (!numericField(check, valueField, scope, where, `${left} is a number and does not compare`)) return;
    if (Object.hasOwn(input, 'percent')) validatePercent(check, input['percent'], valueField);
  } else if (Object.hasOwn(input, 'percent')) {
    validatePercent(check, input['percent'], undefined);
  } else if (!hasValue) {
    report(`${pointer}/value`, `"${op}" needs a value (or a "valueField")`);
  } else if (!isFiniteNumber(input['value'])) {
    report(`${pointer}/value`, `${left} is a number; give a number, not ${describeValue(input['value'])}`);
  }
}

/** A known fact of a numeric kind, and money only beside money; reports and answers false otherwise. */
function numericField(check: Check, path: unknown, scope: FactScope, at: string, why: string): boolean {
  if (typeof path !== 'string' || path === '') {
    check.report(at, 'must be a field path such as "item.paidAmount"');
    return false;
  }
  const unknown = explainUnknownFact(path, scope);
  if (unknown !== undefined) {
    check.report(at, unknown);
    return false;
  }
  const kind = kindOf(path);
  if (!PERCENT_KINDS.includes(kind)) {
    check.report(at, `${why} with ${path}, which is ${KIND_WORDS[kind]}`);
    return false;
  }
  const money = (field: string): boolean | undefined =>
    Object.hasOwn(FACT_DOCS, field) && kindOf(field) === 'number'
      ? FACT_DOCS[field as keyof typeof FACT_DOCS].money === true
      : undefined;
  const [mine, theirs] = [money(check.field), money(path)];
  if (mine !== undefined && theirs !== undefined && mine !== theirs) {
    const [amount, other] = mine ? [check.field, path] : [path, check.field];
    check.report(at, `${amount} is money and ${other} is not; they do not add up or compare`);
    return false;
  }
  return true;
}
