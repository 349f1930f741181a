import {
  ANY,
  type CharSet,
  complement,
  DIGIT,
  foldCase,
  LINE_TERMINATORS,
  SPACE,
  single,
  union,
  WORD,
} from './char-set.ts';

/**
 * A parser for the JavaScript regular expressions that `matches` accepts, into the small tree the
 * safety analysis needs. It runs only on patterns `new RegExp` has already accepted, so it does not
 * report syntax errors; it refuses what the condition language leaves out on purpose
 * (backreferences, lookarounds, inline modifiers) by throwing PatternRefused.
 */
export type RegexNode =
  | { readonly type: 'chars'; readonly set: CharSet }
  /** A zero-width assertion: ^ $ \b \B. */
  | { readonly type: 'assert' }
  | { readonly type: 'seq'; readonly items: readonly RegexNode[] }
  | { readonly type: 'alt'; readonly options: readonly RegexNode[] }
  | { readonly type: 'repeat'; readonly body: RegexNode; readonly min: number; readonly max: number };

export class PatternRefused extends Error {
  override name = 'PatternRefused';
}

interface State {
  readonly source: string;
  readonly unicode: boolean;
  readonly ignoreCase: boolean;
  readonly dotAll: boolean;
  pos: number;
}

const ASSERT: RegexNode = { type: 'assert' };
const QUANTIFIER = /^\{(\d+)(,(\d*))?\}/;
/** Larger counts behave like "unbounded" for the analysis. */
const COUNT_CAP = 100_000;

export function parseRegex(source: string, flags: string): RegexNode {
  const state: State = {
    source,
    unicode: flags.includes('u'),
    ignoreCase: flags.includes('i'),
    dotAll: flags.includes('s'),
    pos: 0,
  };
  const node = parseAlternation(state);
  if (state.pos < source.length) throw new PatternRefused(`unexpected "${source[state.pos]}"`);
  return node;
}

function parseAlternation(state: State): RegexNode {
  const options = [parseSequence(state)];
  while (state.source[state.pos] === '|') {
    state.pos++;
    options.push(parseSequence(state));
  }
  return options.length === 1 ? (options[0] as RegexNode) : { type: 'alt', options };
}

function parseSequence(state: State): RegexNode {
  const items: RegexNode[] = [];
  while (state.pos < state.source.length) {
    const c = state.source[state.pos];
    if (c === '|' || c === ')') break;
    items.push(parseQuantifier(state, parseAtom(state)));
  }
  return items.length === 1 ? (items[0] as RegexNode) : { type: 'seq', items };
}

function parseQuantifier(state: State, body: RegexNode): RegexNode {
  const c = state.source[state.pos];
  let min: number;
  let max: number;
  if (c === '*' || c === '+' || c === '?') {
    state.pos++;
    min = c === '+' ? 1 : 0;
    max = c === '?' ? 1 : Number.POSITIVE_INFINITY;
  } else if (c === '{') {
    const match = QUANTIFIER.exec(state.source.slice(state.pos));
    // Outside unicode mode a "{" that does not form a quantifier is a literal (Annex B).
    if (match === null) return body;
    state.pos += match[0].length;
    min = Math.min(Number(match[1]), COUNT_CAP);
    max = match[2] === undefined ? min : match[3] === '' ? Number.POSITIVE_INFINITY : Number(match[3]);
    max = Math.min(max, COUNT_CAP) === COUNT_CAP ? Number.POSITIVE_INFINITY : max;
  } else {
    return body;
  }
  if (state.source[state.pos] === '?') state.pos++; // lazy: same paths, another order
  return { type: 'repeat', body, min, max };
}

function parseAtom(state: State): RegexNode {
  const c = state.source[state.pos] as string;
  if (c === '^' || c === '$') {
    state.pos++;
    return ASSERT;
  }
  if (c === '(') return parseGroup(state);
  if (c === '.') {
    state.pos++;
    return chars(state, state.dotAll ? ANY : complement(LINE_TERMINATORS));
  }
  if (c === '[') return chars(state, parseClass(state));
  if (c === '\\') {
    state.pos++;
    const escaped = state.source[state.pos];
    if (escaped === 'b' || escaped === 'B') {
      state.pos++;
      return ASSERT;
    }
    if (escaped !== undefined && /[1-9]/.test(escaped)) {
      throw new PatternRefused('backreferences (\\1) are not allowed');
    }
    if (escaped === 'k') throw new PatternRefused('backreferences (\\k<name>) are not allowed');
    return chars(state, parseEscape(state));
  }
  return chars(state, single(readLiteral(state)));
}

function chars(state: State, set: CharSet): RegexNode {
  return { type: 'chars', set: state.ignoreCase ? foldCase(set) : set };
}

function parseGroup(state: State): RegexNode {
  const rest = state.source.slice(state.pos);
  if (
    rest.startsWith('(?=') ||
    rest.startsWith('(?!') ||
    rest.startsWith('(?<=') ||
    rest.startsWith('(?<!')
  ) {
    throw new PatternRefused('lookahead and lookbehind groups are not allowed');
  }
  if (rest.startsWith('(?:')) state.pos += 3;
  else if (rest.startsWith('(?<')) state.pos = state.source.indexOf('>', state.pos) + 1;
  else if (rest.startsWith('(?'))
    throw new PatternRefused('inline modifier groups "(?...)" are not supported');
  else state.pos += 1;
  const body = parseAlternation(state);
  if (state.source[state.pos] !== ')') throw new PatternRefused('unbalanced parenthesis');
  state.pos++;
  return body;
}

function parseClass(state: State): CharSet {
  state.pos++; // [
  const negated = state.source[state.pos] === '^';
  if (negated) state.pos++;
  const parts: CharSet[] = [];
  while (state.pos < state.source.length && state.source[state.pos] !== ']') {
    const from = parseClassAtom(state);
    const isRange = state.source[state.pos] === '-' && state.source[state.pos + 1] !== ']';
    if (!isRange) {
      parts.push(from);
      continue;
    }
    state.pos++; // -
    const to = parseClassAtom(state);
    const low = from.length === 1 && from[0]?.[0] === from[0]?.[1] ? from[0]?.[0] : undefined;
    const high = to.length === 1 && to[0]?.[0] === to[0]?.[1] ? to[0]?.[0] : undefined;
    // A class escape at either end makes the "-" a literal (Annex B), e.g. [\d-x].
    if (low !== undefined && high !== undefined && low <= high) parts.push([[low, high]]);
    else parts.push(from, single(45), to);
  }
  state.pos++; // ]
  const set = union(...parts);
  const folded = state.ignoreCase ? foldCase(set) : set;
  return negated ? complement(folded) : folded;
}

function parseClassAtom(state: State): CharSet {
  if (state.source[state.pos] !== '\\') return single(readLiteral(state));
  state.pos++;
  const escaped = state.source[state.pos];
  if (escaped === 'b') {
    state.pos++;
    return single(8);
  }
  if (escaped === '-') {
    state.pos++;
    return single(45);
  }
  if (escaped !== undefined && /[1-9]/.test(escaped)) {
    // Inside a class a digit escape is a legacy octal character, not a backreference.
    const octal = /^[0-7]{1,3}/.exec(state.source.slice(state.pos))?.[0] ?? escaped;
    state.pos += octal.length;
    return single(/^[0-7]+$/.test(octal) ? Number.parseInt(octal, 8) : octal.charCodeAt(0));
  }
  return parseEscape(state);
}

/** The character or class after a backslash; `state.pos` is at the character after it. */
function parseEscape(state: State): CharSet {
  const c = state.source[state.pos] as string;
  state.pos++;
  switch (c) {
    case 'd':
      return DIGIT;
    case 'D':
      return complement(DIGIT);
    case 'w':
      return WORD;
    case 'W':
      return complement(WORD);
    case 's':
      return SPACE;
    case 'S':
      return complement(SPACE);
    case 't':
      return single(9);
    case 'n':
      return single(10);
    case 'v':
      return single(11);
    case 'f':
      return single(12);
    case 'r':
      return single(13);
    case '0':
      return single(0);
    case 'c':
      return single(controlEscape(state));
    case 'x':
      return single(hexEscape(state, /^[0-9a-fA-F]{2}/, 'x'));
    case 'u':
      return single(unicodeEscape(state));
    case 'p':
    case 'P':
      if (!state.unicode) return single(c.charCodeAt(0));
      // Property classes are not expanded: "any character" is a safe over-estimate.
      state.pos = state.source.indexOf('}', state.pos) + 1;
      return ANY;
    default:
      return single(c.codePointAt(0) ?? 0);
  }
}

function controlEscape(state: State): number {
  const letter = state.source[state.pos];
  if (letter !== undefined && /[A-Za-z]/.test(letter)) {
    state.pos++;
    return letter.charCodeAt(0) % 32;
  }
  // "\c" without a letter is a backslash followed by "c" (Annex B).
  state.pos--;
  return 92;
}

function hexEscape(state: State, digits: RegExp, letter: string): number {
  const hex = digits.exec(state.source.slice(state.pos))?.[0];
  if (hex === undefined) return letter.charCodeAt(0);
  state.pos += hex.length;
  return Number.parseInt(hex, 16);
}

function unicodeEscape(state: State): number {
  if (state.unicode && state.source[state.pos] === '{') {
    const end = state.source.indexOf('}', state.pos);
    const code = Number.parseInt(state.source.slice(state.pos + 1, end), 16);
    state.pos = end + 1;
    return code;
  }
  return hexEscape(state, /^[0-9a-fA-F]{4}/, 'u');
}

function readLiteral(state: State): number {
  const code = state.unicode ? state.source.codePointAt(state.pos) : state.source.charCodeAt(state.pos);
  state.pos += code !== undefined && code > 0xffff ? 2 : 1;
  return code ?? 0;
}
