import type { TFunction } from 'i18next';
import type { CatalogueFact, Compared, ConditionTrace } from '../automation-types.ts';

/**
 * A condition's trace in words: each comparison as "Amount is greater than €100,000.00" with the
 * value the item has, field labels from the catalogue's facts, money in the item's currency and
 * dates in the user's zone. Pure, so the words are tested without a browser.
 */

/** The formatting a trace needs; the UI passes `useFormat()`'s functions. */
export interface ValueFormat {
  money(amount: string, currency: string): string;
  number(value: number): string;
  dateTime(iso: string): string;
  duration(milliseconds: number): string;
}

export interface TraceWords {
  readonly facts: readonly CatalogueFact[];
  readonly language: 'en' | 'ru';
  /** The tried item's currency, for money facts; null shows plain numbers. */
  readonly currency: string | null;
  readonly format: ValueFormat;
  readonly t: TFunction<'tryRule'>;
}

export interface ComparisonWords {
  /** "Amount is greater than €100,000.00". */
  readonly statement: string;
  /** "the item has €50,000.00", or "… no value". */
  readonly actual: string;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export function findFact(path: string, facts: readonly CatalogueFact[]): CatalogueFact | undefined {
  return facts.find((fact) => fact.path === path);
}

/** The fact's description in the user's language, or its path when the catalogue has none. */
export function factLabel(path: string, words: TraceWords): string {
  const fact = findFact(path, words.facts);
  const text = fact?.description[words.language];
  return text === undefined || text === '' ? path : text;
}

/** One value as the user reads it: money, a date in their zone, a number, quoted text, a list. */
export function formatValue(value: unknown, fact: CatalogueFact | undefined, words: TraceWords): string {
  const { format, t } = words;
  if (value === null || value === undefined) return t('value.missing');
  if (typeof value === 'boolean') return t(value ? 'value.yes' : 'value.no');
  if (typeof value === 'number') {
    if (fact?.money === true && words.currency !== null) return format.money(String(value), words.currency);
    return format.number(value);
  }
  if (typeof value === 'string') {
    if (ISO_INSTANT.test(value) && !Number.isNaN(Date.parse(value))) return format.dateTime(value);
    return t('value.quoted', { text: value });
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return t('value.emptyList');
    return value.map((part) => formatValue(part, fact, words)).join(', ');
  }
  return JSON.stringify(value);
}

/** The trace keeps lists and ranges as JSON text (`[1,2]`); read them back as lists. */
function asList(value: unknown): readonly unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string' || !value.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function operatorWords(op: string, words: TraceWords): string {
  return words.t(`op.${op}`, { defaultValue: op });
}

function expectedWords(compared: Compared, fact: CatalogueFact | undefined, words: TraceWords): string {
  const { t } = words;
  if (compared.valueField !== undefined) {
    const other = findFact(compared.valueField, words.facts) ?? fact;
    const field = factLabel(compared.valueField, words);
    const value = formatValue(compared.expected, other, words);
    return compared.percent === undefined
      ? t('compare.otherField', { field, value })
      : t('compare.percentOf', { percent: words.format.number(compared.percent), field, value });
  }
  if (compared.op === 'matches') return `/${String(compared.expected)}/`;
  const list = asList(compared.expected);
  if (compared.op === 'between' && list !== undefined && list.length === 2)
    return t('compare.range', {
      low: formatValue(list[0], fact, words),
      high: formatValue(list[1], fact, words),
    });
  if (list !== undefined) return formatValue(list, fact, words);
  return formatValue(compared.expected, fact, words);
}

/** A comparison in words, with both sides formatted by the field's kind. */
export function describeComparison(compared: Compared, words: TraceWords): ComparisonWords {
  const fact = findFact(compared.field, words.facts);
  const term = compared.minus ?? compared.plus;
  const sign = compared.minus === undefined ? '+' : '−';
  // "Amount − Paid sum": a sum or difference reads as one left side, its values alike.
  const field =
    term === undefined
      ? factLabel(compared.field, words)
      : `${factLabel(compared.field, words)} ${sign} ${factLabel(term, words)}`;
  const shownActual =
    term === undefined
      ? formatValue(compared.actual, fact, words)
      : `${formatValue(compared.actual, fact, words)} ${sign} ${formatValue(compared.operand, findFact(term, words.facts) ?? fact, words)}`;
  const operator = operatorWords(compared.op, words);
  const hasExpected = compared.expected !== undefined || compared.valueField !== undefined;
  const statement = hasExpected
    ? words.t('compare.statement', { field, operator, expected: expectedWords(compared, fact, words) })
    : words.t('compare.state', { field, operator });
  return {
    statement,
    actual: words.t('compare.actual', { value: shownActual }),
  };
}

/** "All of these hold", "Any of these", "Not": the heading of a group in the trace. */
export function groupWords(trace: ConditionTrace, t: TFunction<'tryRule'>): string {
  if (trace.kind === 'all') return t('group.all');
  if (trace.kind === 'any') return t('group.any');
  return t('group.not');
}
