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
// Percent and arithmetic comparisons write their operator as a symbol: "item.paidAmount 20000 is
// not ≥ 50 % of item.amount 50000", "item.amount 5000 − item.paidAmount 3999.99 = 1000.01 is ≤ 1000".
const ORDERED = /^(.+?) (is|is not) (=|≠|>|≥|<|≤) (.+)$/s;
const INCOMPARABLE = /^(.+?) cannot be compared with (.+)$/s;
const SHARE = /^(\S+) % of (\S+ .+)$/s;

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
  const ordered = ORDERED.exec(reason);
  if (ordered !== null) {
    const [, left, verdict, symbol, right = ''] = ordered;
    const key = verdict === 'is' ? 'journal.stored.ordered.holds' : 'journal.stored.ordered.fails';
    return t(key, { left, symbol, right: translateShare(right, t) });
  }
  const incomparable = INCOMPARABLE.exec(reason);
  if (incomparable !== null) {
    const [, left, right = ''] = incomparable;
    return t('journal.stored.ordered.incomparable', { left, right: translateShare(right, t) });
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

/** A verdict's stored reason with the part that names the values: "filter: item.amount (5) …". */
const DETAILED = /^(?:filter|condition|the event would fail): (.*)$/s;

/**
 * Why a trigger does not fire, from its verdict code (`same_stage`, `filter`, …) and the engine's
 * stored reason, in the words the item's journal uses; an unknown code shows the stored reason.
 */
export function triggerReasonText(verdict: string, reason: string, t: TFunction<'item'>): string {
  const because = t(`journal.reason.${verdict}`, { defaultValue: '' });
  const detail = DETAILED.exec(reason)?.[1];
  const values = detail === undefined ? undefined : translateStoredReason(detail, t);
  if (because === '') return values ?? translateStoredReason(reason, t);
  return values === undefined ? because : `${because}: ${values}`;
}

/** The right side of a percent comparison, "50 % of item.amount 50000", in the user's words. */
function translateShare(right: string, t: TFunction<'item'>): string {
  const share = SHARE.exec(right);
  if (share === null) return right;
  const [, percent, of] = share;
  return t('journal.stored.ordered.share', { percent, of });
}
