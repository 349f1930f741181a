/**
 * Money is exact: amounts travel as decimal strings ("1500.50") and are stored as integer minor
 * units (cents, kopecks) with two decimal places. Floating point never touches an amount.
 *
 * The range is at most 13 digits before the point and 2 after, -9999999999999.99 to
 * 9999999999999.99: 15 significant digits, so the minor units are a safe integer (stored exactly
 * in BIGINT and read back exactly as a JS number), and the number in major units that conditions
 * compare and templates read (facts) converts back to the very same decimal. One pattern is both
 * the API's schema and this parser, so whatever the schema accepts is stored exactly.
 */
export const MAX_WHOLE_DIGITS = 13;

export const MONEY_DECIMALS = 2;

/** The decimal text of an amount, as a JSON Schema pattern. */
export const MONEY_PATTERN_SOURCE = `^-?\\d{1,${MAX_WHOLE_DIGITS}}(\\.\\d{1,${MONEY_DECIMALS}})?$`;

/** The largest amount, in text, for messages and descriptions. */
export const MAX_MONEY_TEXT = `${'9'.repeat(MAX_WHOLE_DIGITS)}.${'9'.repeat(MONEY_DECIMALS)}`;

const MONEY_PATTERN = new RegExp(`^(-?)(\\d{1,${MAX_WHOLE_DIGITS}})(?:\\.(\\d{1,${MONEY_DECIMALS}}))?$`);

/** Parses "1500", "1500.5" or "1500.50" into minor units; undefined when the text is not money. */
export function parseMoney(text: string): number | undefined {
  const match = MONEY_PATTERN.exec(text.trim());
  if (match === null) return undefined;
  const [, sign, whole = '0', fraction = ''] = match;
  // The digits of the minor units, read as one integer of at most 15 digits: exact.
  const minor = Number(`${whole}${fraction.padEnd(MONEY_DECIMALS, '0')}`);
  return sign === '-' && minor !== 0 ? -minor : minor;
}

/** Formats minor units as a decimal string with exactly two decimals ("1500.50"). */
export function formatMoney(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  // Digits, not division: the text is exact for every safe integer.
  const digits = String(Math.abs(minor)).padStart(MONEY_DECIMALS + 1, '0');
  return `${sign}${digits.slice(0, -MONEY_DECIMALS)}.${digits.slice(-MONEY_DECIMALS)}`;
}

/**
 * The exact decimal text of an amount that facts carry as a number in major units (150000.5 →
 * "150000.50"). Exact for every amount within the range above: a number with at most 15
 * significant digits is the nearest double to its decimal, and rounding it back recovers it.
 */
export function moneyText(major: number): string | undefined {
  if (!Number.isFinite(major)) return undefined;
  const minor = Math.round(major * 10 ** MONEY_DECIMALS);
  return Number.isSafeInteger(minor) ? formatMoney(minor) : undefined;
}

export const CURRENCY_PATTERN = '^[A-Z]{3}$';
