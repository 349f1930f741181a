import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkHeader, flattenHeaderText, formatMailbox, parseMailbox } from './header-safety.ts';

describe('header safety', () => {
  test('subjects and names lose their line breaks', () => {
    assert.equal(flattenHeaderText('Offer\r\nBcc: x@evil.example\u2028!'), 'Offer Bcc: x@evil.example !');
    assert.equal(
      formatMailbox({ name: 'Eve\r\n"Bcc"', address: 'eve@example.com' }),
      '"Eve \\"Bcc\\"" <eve@example.com>',
    );
  });

  test('parses one mailbox and refuses line breaks or lists, naming the field', () => {
    assert.deepEqual(parseMailbox('"Sales, Team" <sales@example.com>', 'from'), {
      name: 'Sales, Team',
      address: 'sales@example.com',
    });
    assert.deepEqual(parseMailbox(' a@example.com ', 'to'), { address: 'a@example.com' });
    for (const bad of [
      'a@example.com\r\nBcc: x@evil.example',
      'a@example.com, b@example.com',
      'nobody',
      'A <a@x> <b@y>',
    ]) {
      assert.throws(
        () => parseMailbox(bad, 'replyTo'),
        (error: { code?: string; retryable?: boolean; fields?: { field: string }[] }) =>
          error.code === 'mail_header_unsafe' &&
          error.retryable === false &&
          error.fields?.[0]?.field === 'replyTo',
        bad,
      );
    }
  });

  test('custom headers need a token name and a value without line breaks', () => {
    checkHeader('X-Campaign', 'spring');
    assert.throws(() => checkHeader('X-Campaign', 'spring\r\nBcc: x@evil.example'));
    assert.throws(() => checkHeader('Bad Name', 'x'));
  });
});
