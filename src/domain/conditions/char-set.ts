/**
 * Sets of characters (Unicode code points) for the analysis of `matches` patterns: sorted,
 * disjoint, non-adjacent inclusive ranges. The analysis only needs to know whether two sets
 * share a character, so a set may be larger than the exact one (never smaller): a larger set can
 * only make the analysis refuse more patterns.
 */
export type Range = readonly [number, number];
export type CharSet = readonly Range[];

export const MAX_CODE_POINT = 0x10ffff;

export function charSet(ranges: readonly Range[]): CharSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [low, high] of sorted) {
    const previous = merged.at(-1);
    if (previous !== undefined && low <= previous[1] + 1) previous[1] = Math.max(previous[1], high);
    else merged.push([low, high]);
  }
  return merged;
}

export const single = (codePoint: number): CharSet => [[codePoint, codePoint]];

export const union = (...sets: readonly CharSet[]): CharSet => charSet(sets.flat());

export function complement(set: CharSet): CharSet {
  const result: Range[] = [];
  let next = 0;
  for (const [low, high] of set) {
    if (low > next) result.push([next, low - 1]);
    next = high + 1;
  }
  if (next <= MAX_CODE_POINT) result.push([next, MAX_CODE_POINT]);
  return result;
}

export function intersects(a: CharSet, b: CharSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [aLow, aHigh] = a[i] as Range;
    const [bLow, bHigh] = b[j] as Range;
    if (aHigh < bLow) i++;
    else if (bHigh < aLow) j++;
    else return true;
  }
  return false;
}

/** Ranges this wide are left unfolded: they already overlap nearly everything they could. */
const MAX_FOLDED_RANGE = 512;

/**
 * Adds the other-case forms of the set's characters, as the `i` flag matches them. ASCII letters
 * are folded exactly; other ranges character by character while they are small.
 */
export function foldCase(set: CharSet): CharSet {
  const extra: Range[] = [];
  for (const [low, high] of set) {
    addShifted(extra, low, high, 65, 90, 32);
    addShifted(extra, low, high, 97, 122, -32);
    if (high - low > MAX_FOLDED_RANGE) continue;
    for (let code = Math.max(low, 128); code <= high; code++) {
      const text = String.fromCodePoint(code);
      for (const other of [text.toLowerCase(), text.toUpperCase()]) {
        const point = other.codePointAt(0);
        if (point !== undefined && other.length === String.fromCodePoint(point).length) {
          extra.push([point, point]);
        }
      }
    }
  }
  return union(set, extra);
}

function addShifted(out: Range[], low: number, high: number, from: number, to: number, shift: number): void {
  const start = Math.max(low, from);
  const end = Math.min(high, to);
  if (start <= end) out.push([start + shift, end + shift]);
}

export const DIGIT: CharSet = [[48, 57]];
export const WORD: CharSet = charSet([
  [48, 57],
  [65, 90],
  [95, 95],
  [97, 122],
]);
export const SPACE: CharSet = charSet([
  [9, 13],
  [32, 32],
  [160, 160],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
]);
export const ANY: CharSet = [[0, MAX_CODE_POINT]];
export const LINE_TERMINATORS: CharSet = charSet([
  [10, 10],
  [13, 13],
  [0x2028, 0x2029],
]);
