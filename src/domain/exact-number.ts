/**
 * JSON numbers are read exactly or not at all. A JSON parser turns `0.10000000000000001` into the
 * double 0.1 before anything can look at the text, so a value would silently change. Every
 * number whose text is not the decimal the parsed double stands for (its shortest round-trip form,
 * `String(value)`) is refused, so whatever is accepted, money included, is what the sender wrote.
 */

/** Stands in, after parsing, for a number the parsed double does not hold exactly. */
export class InexactNumber {
  readonly source: string;
  constructor(source: string) {
    this.source = source;
  }
}

/** `[-]digits e exponent`, without leading or trailing zeros: equal values, equal forms. */
function canonical(text: string): string {
  const match = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (match === null) return text;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const digits = `${whole}${fraction}`;
  const first = digits.search(/[1-9]/);
  if (first === -1) return '0';
  const trimmed = digits.slice(first).replace(/0+$/, '');
  // The value is 0.<trimmed> × 10^point.
  const point = whole.length - first + Number(exponent);
  return `${sign}${trimmed}e${point}`;
}

/** Whether the number text `source` is exactly the decimal that `value` (its parse) prints as. */
export const isExactNumberText = (source: string, value: number): boolean =>
  canonical(source) === canonical(String(value));

/** A JSON.parse reviver (with source text access) that marks inexact numbers. */
export function markInexactNumbers(
  this: unknown,
  _key: string,
  value: unknown,
  context?: { source?: string },
): unknown {
  if (typeof value !== 'number' || context?.source === undefined) return value;
  return isExactNumberText(context.source, value) ? value : new InexactNumber(context.source);
}
