import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePattern, explainUnsafePattern, MAX_MATCHED_TEXT, testPattern } from './safe-regex.ts';

const refusal = (pattern: string, flags?: string): string => {
  const reason = explainUnsafePattern(pattern, flags);
  assert.notEqual(reason, undefined, `${pattern} should be refused`);
  return reason as string;
};

test('accepts the patterns integrators write', () => {
  const patterns: [string, string?][] = [
    ['^order #\\d+', 'i'],
    ['urgent|asap|срочно', 'iu'],
    ['^[A-Z]{2}-\\d{4,6}$'],
    ['\\d{3}-\\d{4}'],
    ['\\d{3}\\d{4}'],
    ['[\\w.+-]+@[\\w-]+\\.[\\w.-]+'],
    ['[\\w.-]+\\.[a-z]+$'],
    ['\\bvip\\b', 'i'],
    ['(?:re|fw|fwd):\\s*', 'i'],
    ['(?<code>[A-Z]{3})-\\d+'],
    ['.*invoice.*'],
    ['invoice.*paid', 's'],
    ['(a|ab)*c'],
    ['\\p{Lu}\\p{Ll}+', 'u'],
    ['^\\s*$'],
  ];
  for (const [pattern, flags] of patterns)
    assert.equal(explainUnsafePattern(pattern, flags), undefined, pattern);
});

test('refuses nested repetition as catastrophic', () => {
  assert.match(refusal('(a+)+$'), /repeats inside a repeated or optional group/);
  assert.match(refusal('(x+x+)+y'), /repeats inside/);
  // safe-regex2 does not see nesting behind a lazy quantifier; the ambiguity check does.
  assert.match(refusal('(?:[ab]{2,})*?b'), /more than one way/);
});

test('refuses repetitions whose alternatives overlap as catastrophic', () => {
  assert.match(refusal('(a|a)*b'), /more than one way/);
  assert.match(refusal('(\\w|\\d)+$'), /more than one way/);
  assert.match(refusal('(A|a)+b', 'i'), /more than one way/);
});

test('refuses adjacent repetitions that can share text, which backtrack polynomially', () => {
  assert.match(refusal('\\d+\\d+x'), /more than one way/);
  assert.match(refusal('.*.*='), /more than one way/);
  assert.match(refusal('.*x.*y'), /more than one way/);
  assert.match(refusal('a((b|b)(b|b)c)?'), /more than one way/);
});

test('refuses a repeated part that can match empty text', () => {
  assert.match(refusal('(a|)+b'), /can match empty text/);
});

test('refuses backreferences and lookarounds', () => {
  assert.match(refusal('(a)\\1'), /backreferences/);
  assert.match(refusal('(?<q>["\'])x\\k<q>'), /backreferences/);
  assert.match(refusal('(?=a)a'), /lookahead and lookbehind/);
  assert.match(refusal('a(?!b)'), /lookahead and lookbehind/);
  assert.match(refusal('(?<=a)b'), /lookahead and lookbehind/);
  assert.match(refusal('(?<!a)b'), /lookahead and lookbehind/);
});

test('refuses invalid patterns, long patterns and flags other than i, m, s, u', () => {
  assert.match(refusal('(unclosed'), /^invalid regular expression/);
  assert.match(refusal('a{2,1}'), /^invalid regular expression/);
  assert.match(refusal('\\p{Nope}', 'u'), /^invalid regular expression/);
  assert.match(refusal('a'.repeat(201)), /longer than 200 characters/);
  assert.equal(explainUnsafePattern('a'.repeat(200)), undefined);
  assert.match(refusal('a', 'g'), /flag "g" is not allowed/);
  assert.match(refusal('a', 'y'), /flag "y" is not allowed/);
  assert.match(refusal('a', 'ii'), /flag "i" is repeated/);
});

test('a class escape next to "-" in a class is a literal dash, not a range', () => {
  const compiled = compilePattern('^[\\d-x]+$');
  assert.ok('regex' in compiled);
  assert.equal(testPattern(compiled.regex, '1-x'), true);
});

test('an accepted pattern answers on a 10,000-character adversarial text', () => {
  const cases: [string, string, boolean][] = [
    ['^[\\w.+-]+@[\\w-]+\\.[a-z]+$', `${'a'.repeat(MAX_MATCHED_TEXT - 1)}!`, false],
    ['(a|ab)*c', 'ab'.repeat(MAX_MATCHED_TEXT / 2), false],
    ['.*invoice.*', 'invoic'.repeat(1666), false],
  ];
  for (const [pattern, text, expected] of cases) {
    const compiled = compilePattern(pattern);
    assert.ok('regex' in compiled, pattern);
    assert.equal(testPattern(compiled.regex, text), expected, pattern);
  }
});

test('testPattern looks only at the first 10,000 characters', () => {
  const compiled = compilePattern('needle');
  assert.ok('regex' in compiled);
  assert.equal(testPattern(compiled.regex, `${'a'.repeat(MAX_MATCHED_TEXT - 6)}needle`), true);
  assert.equal(testPattern(compiled.regex, `${'a'.repeat(MAX_MATCHED_TEXT - 5)}needle`), false);
});
