import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clip, pointerKey } from './action-support.ts';

describe('action support', () => {
  test('clip keeps short text and cuts long text to the limit with an ellipsis', () => {
    assert.equal(clip('short', 10), 'short');
    assert.equal(clip('abcdefghij', 5), 'abcd…');
  });

  test('clip never splits a surrogate pair', () => {
    const cut = clip('abc😀def', 5);
    assert.equal(cut, 'abc…');
    assert.ok(cut.length <= 5);
  });

  test('pointer keys escape ~ and / as RFC 6901 says', () => {
    assert.equal(pointerKey('a/b~c'), 'a~1b~0c');
  });
});
