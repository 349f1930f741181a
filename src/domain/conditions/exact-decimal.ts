/**
 * Exact decimal sums and products for arithmetic and percent comparisons. Facts carry money as numbers in major units
 * (150000.5), and `0.1 * 3` is not `0.3` in floating point; read as the decimal each number
 * prints as, and multiplied as integers, "paid ≥ 30 % of the amount" holds exactly at the edge.
 */

/** `digits × 10^-scale`, scale ≥ 0. */
export interface Decimal {
  readonly digits: bigint;
  readonly scale: number;
}

const NUMBER_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i;
/** Decimal text as custom fields filled by forms hold numbers ("150000", "-12.5"). */
const DECIMAL_TEXT = /^-?\d+(?:\.\d+)?$/;

/** The exact decimal of a finite number (as it prints) or of decimal text; undefined otherwise. */
export function toDecimal(value: unknown): Decimal | undefined {
  let text: string;
  if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
  else if (typeof value === 'string' && DECIMAL_TEXT.test(value)) text = value;
  else return undefined;
  const match = NUMBER_TEXT.exec(text);
  if (match === null) return undefined;
  const [, sign = '', whole = '0', fraction = '', exponent = '0'] = match;
  const scale = fraction.length - Number(exponent);
  const digits = BigInt(`${sign}${whole}${fraction}`);
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}

export const multiply = (a: Decimal, b: Decimal): Decimal => ({
  digits: a.digits * b.digits,
  scale: a.scale + b.scale,
});

/** `a + b`, or `a − b` with `sign` -1. */
export function add(a: Decimal, b: Decimal, sign: 1 | -1 = 1): Decimal {
  const scale = Math.max(a.scale, b.scale);
  const left = a.digits * 10n ** BigInt(scale - a.scale);
  const right = b.digits * 10n ** BigInt(scale - b.scale);
  return { digits: sign === 1 ? left + right : left - right, scale };
}

/** Divides by 10^places, exactly. */
export const shift = (a: Decimal, places: number): Decimal => ({ digits: a.digits, scale: a.scale + places });

/** -1, 0 or 1. */
export function compareDecimals(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const left = a.digits * 10n ** BigInt(scale - a.scale);
  const right = b.digits * 10n ** BigInt(scale - b.scale);
  return left === right ? 0 : left < right ? -1 : 1;
}

/** The nearest number, for showing (the comparison itself never rounds). */
export function decimalToNumber(a: Decimal): number {
  const negative = a.digits < 0n;
  const text = (negative ? -a.digits : a.digits).toString().padStart(a.scale + 1, '0');
  const point = text.length - a.scale;
  return Number(`${negative ? '-' : ''}${text.slice(0, point)}.${text.slice(point) || '0'}`);
}
