import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactUrl } from './redaction.ts';

test('redactUrl hides tokens in credential paths and credential query parameters only', () => {
  const cases: [string, string][] = [
    ['/hooks/wh_abc', '/hooks/[redacted]'],
    ['/hooks/wh_abc?x=1', '/hooks/[redacted]?x=1'],
    ['/d/sfd_abc', '/d/[redacted]'],
    ['/d/sfd_abc/pdf', '/d/[redacted]/pdf'],
    ['/a/approval.token.sig', '/a/[redacted]'],
    ['/a/approval.token.sig?x=1', '/a/[redacted]?x=1'],
    ['/approvals/01900000', '/approvals/01900000'],
    ['/t/o/abc', '/t/o/[redacted]'],
    ['/t/c/abc/extra', '/t/c/[redacted]/extra'],
    ['/t/v', '/t/v'],
    ['/t/v.js?sfv=sfv_abc', '/t/v.js?sfv=[redacted]'],
    ['/f/01900000?_token=abc&x=2', '/f/01900000?_token=[redacted]&x=2'],
    ['/api/v1/items?limit=5&%54oken=abc', '/api/v1/items?limit=5&%54oken=[redacted]'],
    ['/api/v1/hooks/not-a-hook', '/api/v1/hooks/not-a-hook'],
    ['/api/v1/triggers/1/webhook-token', '/api/v1/triggers/1/webhook-token'],
  ];
  for (const [url, expected] of cases) assert.equal(redactUrl(url), expected, url);
});
