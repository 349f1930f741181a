import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ApprovalDecision } from '../domain/approval.ts';

/**
 * The one-click links of an approval's mail: `/a/<token>`, the token naming the approval, the
 * step and the decision, signed with HMAC-SHA256 under the approval's own key (stored in its row,
 * so every server sharing the database checks it, across restarts, without a shared setting). A
 * link is only good for its step: once the approval moved on, it answers that it is stale.
 */

export interface ApprovalLink {
  readonly approvalId: string;
  readonly step: number;
  readonly decision: ApprovalDecision;
}

const LETTER: Record<ApprovalDecision, string> = { approve: 'a', reject: 'r' };

const mac = (key: string, link: ApprovalLink): string =>
  createHmac('sha256', key)
    .update(`approval:${link.approvalId}:${link.step}:${link.decision}`)
    .digest('base64url');

export function signApprovalLink(key: string, link: ApprovalLink): string {
  return `${link.approvalId}.${link.step}.${LETTER[link.decision]}.${mac(key, link)}`;
}

/** What a token claims, before its signature is checked; undefined when it is no token of ours. */
export function readApprovalLink(token: string): (ApprovalLink & { readonly signature: string }) | undefined {
  const match = /^([0-9A-Za-z-]{1,64})\.(\d{1,4})\.([ar])\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (match === null) return undefined;
  const [, approvalId = '', step = '', letter, signature = ''] = match;
  return { approvalId, step: Number(step), decision: letter === 'a' ? 'approve' : 'reject', signature };
}

/** Whether the token's signature is the approval key's, compared in constant time. */
export function approvalLinkSigned(
  key: string,
  link: ApprovalLink & { readonly signature: string },
): boolean {
  const expected = Buffer.from(mac(key, link));
  const given = Buffer.from(link.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
