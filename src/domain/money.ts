/**
 * Money is exact: amounts travel as decimal strings ("1500.50") and are stored as integer minor
 * units (cents, kopecks) with two decimal places. Floating point never touches an amount.
 */
const MONEY_PATTERN = /^(-?)(\d{1,15})(?:\.(\d{1,2}))?$/;

export const MONEY_DECIMALS = 2;

/** Parses "1500", "1500.5" or "1500.50" into minor units; undefined when the text is not money. */
export function parseMoney(text: string): number | undefined {
  const match = MONEY_PATTERN.exec(text.trim());
  if (match === null) return undefined;
  const [, sign, whole, fraction = ''] = match;
  const minor = Number(whole) * 100 + Number(fraction.padEnd(MONEY_DECIMALS, '0'));
  if (!Number.isSafeInteger(minor)) return undefined;
  return sign === '-' && minor !== 0 ? -minor : minor;
}

/** Formats minor units as a decimal string with exactly two decimals ("1500.50"). */
export function formatMoney(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const absolute = Math.abs(minor);
  const whole = Math.trunc(absolute / 100);
  const fraction = String(absolute % 100).padStart(MONEY_DECIMALS, '0');
  return `${sign}${whole}.${fraction}`;
}

export const CURRENCY_PATTERN = '^[A-Z]{3}$';
