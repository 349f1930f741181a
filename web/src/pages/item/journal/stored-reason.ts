import type { TFunction } from 'i18next';

/**
 * The engine's stored reasons are English sentences of a fixed shape ("item.amount (50000) is
 * not greater than 100000"). Until entries carry the compared values as data, these shapes are
 * read back here so the reason reads in the user's language; anything else is shown as stored.
 */
const PHRASES: Readonly<Record<string, string>> = {
  equals: 'equals',
  'does not equal': 'notEquals',
  'is greater than': 'greater',
  'is not greater than': 'notGreater',
  'is at least': 'atLeast',
  'is less than': 'less',
  'is not less than': 'notLess',
  'is at most': 'atMost',
  'is one of': 'oneOf',
  'is not one of': 'notOneOf',
  contains: 'contains',
  'does not contain': 'notContains',
  'starts with': 'startsWith',
  'does not start with': 'notStartsWith',
  'ends with': 'endsWith',
  'does not end with': 'notEndsWith',
  'is between': 'between',
  'is not between': 'notBetween',
  matches: 'matches',
  'does not match': 'notMatches',
  'cannot be compared with': 'incomparable',
};

const byLength = Object.keys(PHRASES).sort((a, b) => b.length - a.length);
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const COMPARISON = new RegExp(`^(\\S+) \\((.*)\\) (${byLength.map(literal).join('|')}) (.*)$`, 's');
const STATE = /^(\S+) (is missing|is empty|is not empty|has changed|has not changed)(?: \((.*)\))?$/s;
const PART = /^(condition|alternative) (\d+) of (\d+) (does not hold|holds): (.*)$/s;

export function translateStoredReason(reason: string, t: TFunction<'item'>): string {
  const part = PART.exec(reason);
  if (part !== null) {
    const [, kind, index, count, , rest = ''] = part;
    return t(`journal.stored.${kind}`, { index, count, reason: translateStoredReason(rest, t) });
  }
  const comparison = COMPARISON.exec(reason);
  if (comparison !== null) {
    const [, field, actual, phrase = '', right] = comparison;
    return t('journal.stored.comparison', {
      field,
      actual,
      phrase: t(`journal.stored.phrase.${PHRASES[phrase]}`, { defaultValue: phrase }),
      right,
    });
  }
  const state = STATE.exec(reason);
  if (state !== null) {
    const [, field, phrase = '', value] = state;
    const key = phrase.replaceAll(' ', '_');
    const text = t(`journal.stored.state.${key}`, { field });
    return value === undefined ? text : `${text} (${value})`;
  }
  return reason;
}
