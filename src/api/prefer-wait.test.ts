import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_WAIT_SECONDS, preferredWait } from './prefer-wait.ts';

test('Prefer: wait is read as RFC 7240 writes it, capped, and ignored when malformed', () => {
  assert.equal(preferredWait(undefined), undefined);
  assert.equal(preferredWait('wait=5'), 5);
  assert.equal(preferredWait('respond-async, WAIT = 10'), 10);
  assert.equal(preferredWait('return=minimal; foo="bar", wait="7"'), 7);
  assert.equal(preferredWait(['handling=lenient', 'wait=3']), 3);
  assert.equal(preferredWait('wait=3600'), MAX_WAIT_SECONDS);
  assert.equal(preferredWait('wait=0'), 0);
  for (const ignored of ['wait', 'wait=-1', 'wait=soon', 'wait=1.5', 'waiting=5', 'return=minimal']) {
    assert.equal(preferredWait(ignored), undefined, ignored);
  }
});
