import { RE2JS, RE2JSException, RE2JSSyntaxException } from 're2js';

/**
 * Patterns of the `matches` operator. Conditions run on text from outside (email subjects, form
 * fields, webhook bodies), so matching must never stall on a hostile text. Patterns are RE2
 * syntax, compiled and run by RE2's linear-time engine: whatever RE2 compiles is accepted, and
 * matching takes time proportional to the text, which is also cut to MAX_MATCHED_TEXT characters.
 * What RE2 leaves out because it needs backtracking (backreferences, lookaround) is refused with
 * that reason.
 */
export const PATTERN_FLAGS = ['i', 'm', 's', 'u'] as const;
export const MAX_PATTERN_LENGTH = 200;
/** Characters of the field value a pattern looks at; the rest is ignored. */
export const MAX_MATCHED_TEXT = 10_000;

export type CompiledPattern = { readonly regex: RE2JS } | { readonly refused: string };

/** RE2 reads code points always, so "u" asks for nothing more; it is kept for patterns saved with it. */
const FLAG_BITS: Readonly<Record<(typeof PATTERN_FLAGS)[number], number>> = {
  i: RE2JS.CASE_INSENSITIVE,
  m: RE2JS.MULTILINE,
  s: RE2JS.DOTALL,
  u: 0,
};

const LINEAR = 'patterns are RE2 syntax, which matches in time linear in the text and has no';

/** Why `pattern` cannot be used by `matches`, or undefined when it can. */
export function explainRefusedPattern(pattern: string, flags = ''): string | undefined {
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

/** Runs a compiled pattern on the start of `text`: true when it matches anywhere in it. */
export function testPattern(regex: RE2JS, text: string): boolean {
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
  let bits = 0;
  for (const flag of flags) bits |= FLAG_BITS[flag as keyof typeof FLAG_BITS];
  try {
    return { regex: RE2JS.compile(pattern, bits) };
  } catch (error) {
    if (error instanceof RE2JSSyntaxException) return { refused: explainSyntaxError(error) };
    if (error instanceof RE2JSException) return { refused: `invalid regular expression: ${error.message}` };
    throw error;
  }
}

/** RE2's complaint in the words of the condition language, naming what it has no room for. */
function explainSyntaxError(error: RE2JSSyntaxException): string {
  const where = error.input ?? '';
  if (error.error === 'invalid escape sequence' && /^\\([1-9]|k)/.test(where))
    return `backreferences (${where}) are not supported: ${LINEAR} backreferences`;
  if (/^\(\?<?[=!]/.test(where))
    return `lookahead and lookbehind ((?=, (?!, (?<=, (?<!) are not supported: ${LINEAR} lookaround`;
  if (error.error === 'invalid escape sequence' && where.startsWith('\\u'))
    return 'invalid regular expression: RE2 has no \\u escape; write a code point as \\x{00e9}';
  if (error.error === 'invalid repeat count')
    return `invalid regular expression: invalid repeat count ${where} (counts go up to 1000, nested counts multiplied, the low one first)`;
  return `invalid regular expression: ${error.error}${where === '' ? '' : `: ${where}`}`;
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
