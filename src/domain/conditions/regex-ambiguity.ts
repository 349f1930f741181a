import { ANY, type CharSet, intersects } from './char-set.ts';
import { PatternRefused, type RegexNode } from './regex-parser.ts';

/**
 * Whether a backtracking engine may take more than linear time per start position on a pattern.
 *
 * A backtracking matcher tries every path of the pattern's automaton that fits a prefix of the
 * text; on text that finally fails it tries them all. When the automaton is unambiguous (no two
 * different paths read the same text into the same state) there are at most
 * text length × states such paths, so one attempt is linear. Any ambiguity is how the classic
 * slow patterns arise: `(a+)+` and `(a|a)*` (exponential), `\d+\d+` and `.*a.*a` (polynomial,
 * which at 10,000 characters is as bad). So the pattern is refused when its position (Glushkov)
 * automaton is ambiguous, found by a search of the automaton paired with itself.
 *
 * One exception keeps `.*order.*` usable. A state from which the pattern can end without another
 * character or assertion is accepting for sure: the first path that reaches it explores what
 * follows and then succeeds, so no second path ever gets there. The matcher's work is then the
 * paths that avoid such states, from the start and from each accepting state; those paths must
 * be unambiguous, and meeting again in an accepting state is harmless.
 *
 * The automaton over-approximates the pattern (assertions read as empty, `{m,n}` as a loop, some
 * classes as "any character"), which can only refuse more, never accept a slow pattern.
 */
export type AmbiguityVerdict = 'unambiguous' | 'ambiguous' | 'too-complex';

/** Exact repetitions (`\d{4}`) are copied out while the automaton stays below this size. */
const MAX_POSITIONS = 1000;
/** Pairs of transitions the search may compare before giving up on the pattern. */
const MAX_WORK = 2_000_000;

/** Ways of doing something, counted up to 2: only "once" and "more than once" matter. */
type Ways = number;
const add = (a: Ways, b: Ways): Ways => Math.min(2, a + b);
const times = (a: Ways, b: Ways): Ways => Math.min(2, a * b);

/**
 * Positions with the number of ways to reach them. Counting ways, not only positions, is what
 * tells `(a+)*` from `a*`: both have the edge a→a, but the first has it twice (inner and outer
 * loop), and a backtracking matcher tries both.
 */
type Weighted = ReadonlyMap<number, Ways>;

interface Automaton {
  /** Position 0 is the start; every other position reads one character of its label. */
  readonly labels: CharSet[];
  readonly follow: Map<number, Ways>[];
}

interface Fragment {
  /** Ways to match empty text. */
  readonly empty: Ways;
  readonly first: Weighted;
  readonly last: Weighted;
  /** Whether the fragment can match empty text without passing an assertion. */
  readonly freelyEmpty: boolean;
  /** Positions after which the fragment can end without passing an assertion. */
  readonly freeLast: readonly number[];
}

const NOTHING: Fragment = { empty: 1, first: new Map(), last: new Map(), freelyEmpty: true, freeLast: [] };

export function checkAmbiguity(root: RegexNode): AmbiguityVerdict {
  const automaton: Automaton = { labels: [ANY], follow: [new Map()] };
  const fragment = build(automaton, root);
  link(automaton, new Map([[0, 1]]), fragment.first);
  return search(automaton, new Set(fragment.freeLast));
}

function build(automaton: Automaton, node: RegexNode): Fragment {
  switch (node.type) {
    case 'assert':
      return { ...NOTHING, freelyEmpty: false };
    case 'chars': {
      const position = automaton.labels.push(node.set) - 1;
      automaton.follow.push(new Map());
      const only = new Map([[position, 1]]);
      return { empty: 0, first: only, last: only, freelyEmpty: false, freeLast: [position] };
    }
    case 'seq':
      return node.items.reduce<Fragment>(
        (left, item) => concat(automaton, left, build(automaton, item)),
        NOTHING,
      );
    case 'alt':
      return node.options.map((option) => build(automaton, option)).reduce(choice);
    case 'repeat':
      return buildRepeat(automaton, node.body, node.min, node.max);
  }
}

function buildRepeat(automaton: Automaton, body: RegexNode, min: number, max: number): Fragment {
  if (max === 0) return NOTHING;
  if (max > 1 && matchesEmpty(body)) {
    throw new PatternRefused('a repeated part of the pattern can match empty text, e.g. (a?)* or (a|)+');
  }
  if (max > 1 && min === max && automaton.labels.length + min * countPositions(body) <= MAX_POSITIONS) {
    let fragment = NOTHING;
    for (let copy = 0; copy < min; copy++) fragment = concat(automaton, fragment, build(automaton, body));
    return fragment;
  }
  const once = build(automaton, body);
  if (max > 1) link(automaton, once.last, once.first);
  if (min > 0) return once;
  return { ...once, empty: add(once.empty, 1), freelyEmpty: true };
}

function concat(automaton: Automaton, left: Fragment, right: Fragment): Fragment {
  link(automaton, left.last, right.first);
  return {
    empty: times(left.empty, right.empty),
    first: merge(left.first, scale(right.first, left.empty)),
    last: merge(right.last, scale(left.last, right.empty)),
    freelyEmpty: left.freelyEmpty && right.freelyEmpty,
    freeLast: right.freelyEmpty ? [...left.freeLast, ...right.freeLast] : right.freeLast,
  };
}

function choice(left: Fragment, right: Fragment): Fragment {
  return {
    empty: add(left.empty, right.empty),
    first: merge(left.first, right.first),
    last: merge(left.last, right.last),
    freelyEmpty: left.freelyEmpty || right.freelyEmpty,
    freeLast: [...left.freeLast, ...right.freeLast],
  };
}

/** Adds the transitions from every position of `from` to every position of `to`, with their ways. */
function link(automaton: Automaton, from: Weighted, to: Weighted): void {
  for (const [p, m] of from) {
    const follow = automaton.follow[p] as Map<number, Ways>;
    for (const [q, n] of to) follow.set(q, add(follow.get(q) ?? 0, times(m, n)));
  }
}

function merge(a: Weighted, b: Weighted): Weighted {
  const result = new Map(a);
  for (const [p, n] of b) result.set(p, add(result.get(p) ?? 0, n));
  return result;
}

function scale(weighted: Weighted, factor: Ways): Weighted {
  if (factor === 0) return new Map();
  if (factor === 1) return weighted;
  return new Map([...weighted].map(([p, n]) => [p, times(n, factor)]));
}

function matchesEmpty(node: RegexNode): boolean {
  switch (node.type) {
    case 'assert':
      return true;
    case 'chars':
      return false;
    case 'seq':
      return node.items.every(matchesEmpty);
    case 'alt':
      return node.options.some(matchesEmpty);
    case 'repeat':
      return node.min === 0 || matchesEmpty(node.body);
  }
}

function countPositions(node: RegexNode): number {
  switch (node.type) {
    case 'assert':
      return 0;
    case 'chars':
      return 1;
    case 'seq':
      return node.items.reduce((sum, item) => sum + countPositions(item), 0);
    case 'alt':
      return node.options.reduce((sum, option) => sum + countPositions(option), 0);
    case 'repeat':
      // Exact repetitions are copied out (see buildRepeat); the others become one loop.
      return node.min === node.max ? node.min * countPositions(node.body) : countPositions(node.body);
  }
}

/**
 * Explores pairs of states (x, y) reachable by two paths reading the same text. Two different
 * paths meet again exactly when a pair x ≠ y has a common successor, or when one state has two
 * ways to the same successor.
 */
function search(automaton: Automaton, accepting: ReadonlySet<number>): AmbiguityVerdict {
  const { labels, follow } = automaton;
  const size = labels.length;
  const live = (p: number) => !accepting.has(p) && (labels[p] as CharSet).length > 0;
  const seen = new Uint8Array(size * size);
  const queue: number[] = [0, ...[...accepting].map((q) => q * size + q)];
  for (const key of queue) seen[key] = 1;
  let work = 0;
  while (queue.length > 0) {
    const key = queue.pop() as number;
    const x = Math.floor(key / size);
    const y = key % size;
    const fx = follow[x] as Map<number, Ways>;
    const fy = follow[y] as Map<number, Ways>;
    for (const [q, ways] of fx) {
      if (live(q) && (x === y ? ways > 1 : fy.has(q))) return 'ambiguous';
    }
    for (const a of fx.keys()) {
      if (!live(a)) continue;
      for (const b of fy.keys()) {
        if ((x === y && b < a) || !live(b)) continue; // (a, b) and (b, a) are the same pair
        work++;
        if (work > MAX_WORK) return 'too-complex';
        if (a !== b && !intersects(labels[a] as CharSet, labels[b] as CharSet)) continue;
        const next = Math.min(a, b) * size + Math.max(a, b);
        if (seen[next] === 1) continue;
        seen[next] = 1;
        queue.push(next);
      }
    }
  }
  return 'unambiguous';
}
