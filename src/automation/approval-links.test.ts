import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { approvalLinkSigned, readApprovalLink, signApprovalLink } from './approval-links.ts';

const KEY = 'k'.repeat(43);
const LINK = { approvalId: '0192f3a0-0000-7000-8000-000000000001', step: 1, decision: 'approve' } as const;

describe('approval links', () => {
  test('a signed link reads back as its approval, step and decision, and its signature holds', () => {
    const token = signApprovalLink(KEY, LINK);
    const read = readApprovalLink(token);
    assert.ok(read);
    assert.deepEqual({ approvalId: read.approvalId, step: read.step, decision: read.decision }, LINK);
    assert.equal(approvalLinkSigned(KEY, read), true);
  });

  test('the signature binds the decision, the step and the key', () => {
    const token = signApprovalLink(KEY, LINK);
    const asReject = readApprovalLink(token.replace('.a.', '.r.'));
    const otherStep = readApprovalLink(token.replace('.1.', '.2.'));
    assert.ok(asReject && otherStep);
    assert.equal(approvalLinkSigned(KEY, asReject), false);
    assert.equal(approvalLinkSigned(KEY, otherStep), false);
    const read = readApprovalLink(token);
    assert.ok(read);
    assert.equal(approvalLinkSigned('x'.repeat(43), read), false);
  });

  test('anything that is not a whole token reads as none', () => {
    const token = signApprovalLink(KEY, LINK);
    for (const broken of ['', 'nonsense', token.slice(0, -1), `${token}x`, token.replace('.a.', '.x.')]) {
      assert.equal(readApprovalLink(broken), undefined, broken);
    }
  });
});
