import type { ConditionJson } from '../automation-types.ts';

/**
 * A condition of the condition language in one line, for a card: "item.amount > 100000 and
 * contact.email is not empty". The words come from the caller (i18n keys `op.<op>`, `and`, `or`,
 * `not`, `percentOf`, `between`), so the same shape reads in every language.
 */
export type Words = (key: string, values?: Readonly<Record<string, string>>) => string;

const record = (value: unknown): Readonly<Record<string, unknown>> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/** A value as a person reads it: strings quoted, lists in brackets, the rest as JSON. */
export function valueText(value: unknown): string {
  if (typeof value === 'string') return `“${value}”`;
  if (Array.isArray(value)) return `[${value.map(valueText).join(', ')}]`;
  if (value === undefined) return '';
  return JSON.stringify(value);
}

/** The left side: the field, or the field plus or minus another ("item.amount − item.paidAmount"). */
function leftSide(node: Readonly<Record<string, unknown>>): string {
  const field = String(node['field'] ?? '?');
  if (typeof node['plus'] === 'string') return `${field} + ${node['plus']}`;
  if (typeof node['minus'] === 'string') return `${field} − ${node['minus']}`;
  return field;
}

function comparison(node: Readonly<Record<string, unknown>>, words: Words): string {
  const field = leftSide(node);
  const op = String(node['op'] ?? '?');
  const opText = words(`op.${op}`);
  const valueField = typeof node['valueField'] === 'string' ? node['valueField'] : undefined;
  const percent = typeof node['percent'] === 'number' ? node['percent'] : undefined;
  if (valueField !== undefined && percent !== undefined)
    return `${field} ${opText} ${words('percentOf', { percent: String(percent), field: valueField })}`;
  if (valueField !== undefined) return `${field} ${opText} ${valueField}`;
  const value = node['value'];
  if (op === 'between' && Array.isArray(value) && value.length === 2)
    return `${field} ${words('between', { from: valueText(value[0]), to: valueText(value[1]) })}`;
  const right = valueText(value);
  return right === '' ? `${field} ${opText}` : `${field} ${opText} ${right}`;
}

function summarize(condition: unknown, words: Words, nested: boolean): string {
  const node = record(condition);
  if (node === undefined) return '?';
  const group = Array.isArray(node['all']) ? 'all' : Array.isArray(node['any']) ? 'any' : undefined;
  if (group !== undefined) {
    const parts = (node[group] as unknown[]).map((part) => summarize(part, words, true));
    if (parts.length === 0) return words(group === 'all' ? 'always' : 'never');
    if (parts.length === 1) return parts[0] as string;
    const text = parts.join(` ${words(group === 'all' ? 'and' : 'or')} `);
    return nested ? `(${text})` : text;
  }
  if ('not' in node) return `${words('not')} ${summarize(node['not'], words, true)}`;
  return comparison(node, words);
}

/** The whole condition in one line; null (no condition) reads as `always`. */
export function conditionSummary(condition: ConditionJson | null | undefined, words: Words): string {
  if (condition === null || condition === undefined) return words('always');
  return summarize(condition, words, false);
}
