import safeRegex from 'safe-regex2';
import { checkAmbiguity } from './regex-ambiguity.ts';
import { PatternRefused, parseRegex } from './regex-parser.ts';

/**
 * Patterns of the `matches` operator. Conditions run on text from outside (email subjects, form
 * fields, webhook bodies), so a pattern that can backtrack catastrophically would let one message
 * stall the engine. A pattern is accepted only when it compiles, uses no backreferences or
 * lookarounds, passes safe-regex2 (no nested repetition, at most 25 repetitions) and its
 * automaton is unambiguous (see regex-ambiguity.ts); matching then takes time linear in the text
 * per start position, and the text is cut to MAX_MATCHED_TEXT characters.
 */
export const PATTERN_FLAGS = ['i', 'm', 's', 'u'] as const;
export const MAX_PATTERN_LENGTH = 200;
/** Characters of the field value a pattern looks at; the rest is ignored. */
export const MAX_MATCHED_TEXT = 10_000;

export type CompiledPattern = { readonly regex: RegExp } | { readonly refused: string };

const SLOW = 'which can make matching take very long';

/** Why `pattern` cannot be used by `matches`, or undefined when it can. */
export function explainUnsafePattern(pattern: string, flags = ''): string | undefined {
  const compiled = compilePattern(pattern, flags);
  return 'refused' in compiled ? compiled.refused : undefined;
}

/** Compiles a pattern after the checks above; remembers recent answers, which never change. */
export function compilePattern(pattern: string, flags = ''): CompiledPattern {
  const key = `${flags}/${pattern}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const compiled = compileUncached(pattern, flags);
  if (cache.size >= CACHE_SIZE) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

/** Runs a compiled pattern on the start of `text`. */
export function testPattern(regex: RegExp, text: string): boolean {
  return regex.test(text.length > MAX_MATCHED_TEXT ? text.slice(0, MAX_MATCHED_TEXT) : text);
}

const CACHE_SIZE = 500;
const cache = new Map<string, CompiledPattern>();

function compileUncached(pattern: string, flags: string): CompiledPattern {
  if (pattern.length > MAX_PATTERN_LENGTH) {
    return { refused: `the pattern is longer than ${MAX_PATTERN_LENGTH} characters` };
  }
  const flagProblem = explainFlags(flags);
  if (flagProblem !== undefined) return { refused: flagProblem };
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, flags);
  } catch (error) {
    return { refused: `invalid regular expression: ${(error as Error).message}` };
  }
  try {
    const tree = parseRegex(pattern, flags);
    if (!safeRegex(pattern)) {
      return {
        refused: `the pattern repeats inside a repeated or optional group (as in (a+)+ or (\\.\\d+)?) or has more than 25 repetitions, ${SLOW}`,
      };
    }
    const verdict = checkAmbiguity(tree);
    if (verdict === 'ambiguous') {
      return {
        refused: `parts of the pattern can match the same text in more than one way (as in (a|a)*b or .*x.*y), ${SLOW}`,
      };
    }
    if (verdict === 'too-complex') return { refused: 'the pattern is too complex to check; simplify it' };
  } catch (error) {
    if (error instanceof PatternRefused) return { refused: error.message };
    throw error;
  }
  return { regex };
}

/** Why `flags` are not allowed for a pattern, or undefined when they are. */
export function explainFlags(flags: string): string | undefined {
  const allowed: readonly string[] = PATTERN_FLAGS;
  for (const [index, flag] of [...flags].entries()) {
    if (!allowed.includes(flag)) return `flag "${flag}" is not allowed (use ${PATTERN_FLAGS.join(', ')})`;
    if (flags.indexOf(flag) !== index) return `flag "${flag}" is repeated`;
  }
  return undefined;
}
