import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePattern, explainRefusedPattern, MAX_MATCHED_TEXT, testPattern } from './match-pattern.ts';

const refusal = (pattern: string, flags?: string): string => {
  const reason = explainRefusedPattern(pattern, flags);
  assert.notEqual(reason, undefined, `${pattern} should be refused`);
  return reason as string;
};

const matches = (pattern: string, text: string, flags?: string): boolean => {
  const compiled = compilePattern(pattern, flags);
  assert.ok(
    'regex' in compiled,
    `${pattern} should be accepted: ${'refused' in compiled && compiled.refused}`,
  );
  return testPattern(compiled.regex, text);
};

test('accepts the patterns integrators write', () => {
  const patterns: [string, string?][] = [
    ['^order #\\d+', 'i'],
    ['urgent|asap|срочно', 'iu'],
    ['^[A-Z]{2}-\\d{4,6}$'],
    ['[\\w.+-]+@[\\w-]+\\.[\\w.-]+'],
    ['\\bvip\\b', 'i'],
    ['(?:re|fw|fwd):\\s*', 'i'],
    ['(?<code>[A-Z]{3})-\\d+'],
    ['.*invoice.*'],
    ['invoice.*paid', 's'],
    ['\\p{Lu}\\p{Ll}+', 'u'],
    ['^\\s*$'],
  ];
  for (const [pattern, flags] of patterns)
    assert.equal(explainRefusedPattern(pattern, flags), undefined, pattern);
});

test('accepts an optional group with a repetition inside, and matches with it', () => {
  assert.equal(matches('^\\d+(\\.\\d+)?$', '42'), true);
  assert.equal(matches('^\\d+(\\.\\d+)?$', '42.50'), true);
  assert.equal(matches('^\\d+(\\.\\d+)?$', '42.'), false);
  assert.equal(matches('^\\d+(\\.\\d+)?$', '4x2'), false);
});

test('accepts what only backtracking engines find slow, and answers on a long text that does not match', () => {
  const long = `${'a'.repeat(MAX_MATCHED_TEXT - 1)}!`;
  for (const pattern of ['(a+)+$', '(a|a)*b', '(\\w|\\d)+$', '.*.*=', '(?:[ab]{2,})*?b$', 'a*a*a*a*a*a*b'])
    assert.equal(matches(pattern, long), false, pattern);
  assert.equal(matches('(x+x+)+y', 'x'.repeat(MAX_MATCHED_TEXT)), false);
  assert.equal(matches('(a|ab)*c', 'ab'.repeat(MAX_MATCHED_TEXT / 2)), false);
  assert.equal(matches('(a+)+$', 'aaaa'), true);
});

test('matches Cyrillic text, with case folded under "i"', () => {
  assert.equal(matches('срочно', 'Очень срочно!'), true);
  assert.equal(matches('срочно', 'СРОЧНО'), false);
  assert.equal(matches('срочно', 'СРОЧНО', 'i'), true);
  assert.equal(matches('^ёлка$', 'ЁЛКА', 'i'), true);
  assert.equal(matches('^\\p{Lu}\\p{Ll}+$', 'Жанна'), true);
  assert.equal(matches('^[а-яё]+$', 'привет'), true);
  assert.equal(matches('^.$', '😀'), true, 'a character beyond 16 bits is one character');
});

test('the flags m and s work as in JavaScript; u changes nothing', () => {
  assert.equal(matches('^paid$', 'invoice\npaid'), false);
  assert.equal(matches('^paid$', 'invoice\npaid', 'm'), true);
  assert.equal(matches('invoice.paid', 'invoice\npaid'), false);
  assert.equal(matches('invoice.paid', 'invoice\npaid', 's'), true);
  assert.equal(matches('^\\p{L}+$', 'Ärger', 'u'), true);
});

test('refuses backreferences and lookarounds, saying why', () => {
  assert.match(refusal('(a)\\1'), /^backreferences \(\\1\) are not supported: .*linear in the text/);
  assert.match(refusal('(?<q>["\'])x\\k<q>'), /^backreferences \(\\k\) are not supported/);
  assert.match(refusal('(?=a)a'), /^lookahead and lookbehind .* are not supported: .*linear/);
  assert.match(refusal('a(?!b)'), /^lookahead and lookbehind/);
  assert.match(refusal('(?<=a)b'), /^lookahead and lookbehind/);
  assert.match(refusal('(?<!a)b'), /^lookahead and lookbehind/);
});

test('refuses invalid patterns, long patterns and flags other than i, m, s, u', () => {
  assert.match(refusal('(unclosed'), /^invalid regular expression: missing closing \)/);
  assert.match(refusal('a{2,1}'), /^invalid regular expression: invalid repeat count \{2,1\}/);
  assert.match(refusal('(a{100}){100}'), /^invalid regular expression: invalid repeat count .*up to 1000/);
  assert.match(refusal('\\p{Nope}'), /^invalid regular expression/);
  assert.match(refusal('\\u00e9'), /^invalid regular expression: RE2 has no \\u escape; write .*\\x\{00e9\}/);
  assert.equal(matches('caf\\x{e9}', 'café'), true);
  assert.match(refusal('a'.repeat(201)), /longer than 200 characters/);
  assert.equal(explainRefusedPattern('a'.repeat(200)), undefined);
  assert.match(refusal('a', 'g'), /flag "g" is not allowed/);
  assert.match(refusal('a', 'y'), /flag "y" is not allowed/);
  assert.match(refusal('a', 'ii'), /flag "i" is repeated/);
});

test('a class escape next to "-" in a class is a literal dash, not a range', () => {
  assert.equal(matches('^[\\d-x]+$', '1-x'), true);
});

test('testPattern looks only at the first 10,000 characters', () => {
  assert.equal(matches('needle', `${'a'.repeat(MAX_MATCHED_TEXT - 6)}needle`), true);
  assert.equal(matches('needle', `${'a'.repeat(MAX_MATCHED_TEXT - 5)}needle`), false);
});
