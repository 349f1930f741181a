import type { CatalogueOperator, ConditionJson, FactKind } from '../automation-types.ts';
import type { FieldOption } from './condition-facts.ts';

/**
 * Building the condition JSON of DESIGN.md §2 step by step, as the builder's controls change it:
 * groups (`all`, `any`, `not`) and comparisons `{field, plus | minus, op, value | valueField, percent, flags}`.
 * Every function returns a new object; the builder never edits one in place.
 */
export type Shape = 'all' | 'any' | 'not' | 'compare';
export type Comparison = Readonly<Record<string, unknown>>;

export function shapeOf(condition: ConditionJson): Shape {
  if (Array.isArray(condition['all'])) return 'all';
  if (Array.isArray(condition['any'])) return 'any';
  if (Object.hasOwn(condition, 'not')) return 'not';
  return 'compare';
}

const isCondition = (value: unknown): value is ConditionJson =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The members of an `all`/`any` group. */
export function childrenOf(group: ConditionJson): readonly ConditionJson[] {
  const list = group['all'] ?? group['any'];
  return Array.isArray(list) ? list.filter(isCondition) : [];
}

export function groupOf(mode: 'all' | 'any', children: readonly ConditionJson[]): ConditionJson {
  return mode === 'all' ? { all: children } : { any: children };
}

/** Switches a group between "all of" and "any of", keeping its members. */
export const setMode = (group: ConditionJson, mode: 'all' | 'any'): ConditionJson =>
  groupOf(mode, childrenOf(group));

export function replaceChild(group: ConditionJson, index: number, next: ConditionJson): ConditionJson {
  const children = childrenOf(group).map((child, at) => (at === index ? next : child));
  return groupOf(shapeOf(group) === 'any' ? 'any' : 'all', children);
}

export function removeChild(group: ConditionJson, index: number): ConditionJson {
  return groupOf(
    shapeOf(group) === 'any' ? 'any' : 'all',
    childrenOf(group).filter((_, at) => at !== index),
  );
}

export const addChild = (group: ConditionJson, child: ConditionJson): ConditionJson =>
  groupOf(shapeOf(group) === 'any' ? 'any' : 'all', [...childrenOf(group), child]);

export const negate = (condition: ConditionJson): ConditionJson => ({ not: condition });

export function notChild(condition: ConditionJson): ConditionJson {
  return isCondition(condition['not']) ? condition['not'] : {};
}

/** The operators that fit a field of this kind, in the catalogue's order. */
export function operatorsFor(kind: FactKind, operators: readonly CatalogueOperator[]): CatalogueOperator[] {
  return operators.filter((operator) => operator.kinds.includes(kind));
}

/** A new comparison on `field`: its kind's first operator with an empty value of the right shape. */
export function newComparison(
  field: string,
  kind: FactKind,
  operators: readonly CatalogueOperator[],
): Comparison {
  const operator = operatorsFor(kind, operators)[0];
  if (operator === undefined) return { field, op: 'eq', value: emptyValue(kind, 'one') };
  return withOperator({ field }, operator, kind);
}

/** An empty right side of the shape an operator needs, for a field of `kind`. */
export function emptyValue(kind: FactKind, shape: CatalogueOperator['value']): unknown {
  const one = kind === 'number' ? 0 : kind === 'boolean' ? true : '';
  switch (shape) {
    case 'none':
      return undefined;
    case 'list':
      return [];
    case 'range':
      return [one, one];
    default:
      return one;
  }
}

/**
 * The comparison with another operator; the value is kept where it still fits (one value stays one
 * value, a list keeps its members, a value becomes the only member of a list).
 */
export function withOperator(
  comparison: Comparison,
  operator: CatalogueOperator,
  kind: FactKind,
): Comparison {
  const { value, valueField, percent, flags, plus, minus, ...rest } = comparison;
  const term =
    operator.arithmetic === true
      ? { ...(plus !== undefined && { plus }), ...(minus !== undefined && { minus }) }
      : {};
  const base = { ...rest, field: comparison['field'], ...term, op: operator.op };
  switch (operator.value) {
    case 'none':
      return base;
    case 'one':
      if (typeof valueField === 'string')
        return { ...base, valueField, ...(operator.percent && percent !== undefined && { percent }) };
      return { ...base, value: isScalar(value) ? value : firstScalar(value, kind) };
    case 'list':
      return {
        ...base,
        value: Array.isArray(value) ? value : isScalar(value) && value !== '' ? [value] : [],
      };
    case 'range':
      return {
        ...base,
        value:
          Array.isArray(value) && value.length === 2
            ? value
            : [firstScalar(value, kind), emptyValue(kind, 'one')],
      };
    case 'regex':
      return {
        ...base,
        value: typeof value === 'string' ? value : '',
        ...(typeof flags === 'string' && { flags }),
      };
  }
}

const isScalar = (value: unknown): value is string | number | boolean =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

function firstScalar(value: unknown, kind: FactKind): unknown {
  if (isScalar(value)) return value;
  if (Array.isArray(value) && isScalar(value[0])) return value[0];
  return emptyValue(kind, 'one');
}

/** "Compare with another field": `valueField` instead of `value` (and back). */
export function compareWithField(
  comparison: Comparison,
  valueField: string | null,
  kind: FactKind,
): Comparison {
  const { value, valueField: _old, percent, ...rest } = comparison;
  if (valueField === null) return { ...rest, value: emptyValue(kind, 'one') };
  return { ...rest, valueField };
}

/** Sets or clears the percent of a `valueField` comparison ("paid sum ≥ 50 % of the amount"). */
export function withPercent(comparison: Comparison, percent: number | undefined): Comparison {
  const { percent: _old, ...rest } = comparison;
  return percent === undefined ? rest : { ...rest, percent };
}

/** Sets a key of a comparison, or removes it when `value` is undefined. */
export function withKey(comparison: Comparison, key: string, value: unknown): Comparison {
  const { [key]: _old, ...rest } = comparison;
  return value === undefined ? rest : { ...rest, [key]: value };
}

/**
 * The comparison on another field: the operator stays when it fits the new field's kind, and the
 * value starts empty (a value typed for a number field means nothing for a date).
 */
export function withField(
  comparison: Comparison,
  field: string,
  kind: FactKind,
  operators: readonly CatalogueOperator[],
): Comparison {
  const fitting = operatorsFor(kind, operators);
  const kept = fitting.find((operator) => operator.op === comparison['op']);
  if (kept === undefined) return newComparison(field, kind, operators);
  const { value: _value, valueField: _field, percent: _percent, ...rest } = comparison;
  const next = withOperator({ ...rest, field }, kept, kind);
  return ARITHMETIC_KINDS.includes(kind) ? next : withTerm(next, null);
}

/** Field kinds a sum or difference works on. */
export const ARITHMETIC_KINDS: readonly FactKind[] = ['number', 'any'];

export type TermSign = 'plus' | 'minus';

/** The field added to (`plus`) or taken from (`minus`) the compared field, if any. */
export function termOf(comparison: Comparison): { sign: TermSign; field: string } | undefined {
  for (const sign of ['plus', 'minus'] as const) {
    const field = comparison[sign];
    if (typeof field === 'string') return { sign, field };
  }
  return undefined;
}

/**
 * "Minus another field" / "plus another field" on the left side: `amount − paid sum ≤ 1000`.
 * `null` removes it. The term is placed right after `field`, so the JSON reads in order.
 */
export function withTerm(comparison: Comparison, sign: TermSign | null, field = ''): Comparison {
  const { field: compared, plus: _plus, minus: _minus, ...rest } = comparison;
  if (sign === null) return { field: compared, ...rest };
  return { field: compared, [sign]: field, ...rest };
}

/**
 * Whether `candidate` may be added to or taken from `field`: another field of a numeric kind, and
 * money only with money (a count taken from an amount means nothing; the server refuses it too).
 */
export function termFits(field: FieldOption, candidate: FieldOption): boolean {
  if (candidate.path === field.path || !ARITHMETIC_KINDS.includes(candidate.kind)) return false;
  if (field.kind !== 'number' || candidate.kind !== 'number') return true;
  return (field.money === true) === (candidate.money === true);
}
