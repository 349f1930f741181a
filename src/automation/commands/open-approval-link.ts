import type { Approval } from '../../domain/approval.ts';
import { AppError } from '../../domain/errors.ts';
import type { Language } from '../../domain/localized.ts';
import { type ApprovalLink, approvalLinkSigned, readApprovalLink } from '../approval-links.ts';
import type { EngineContext } from '../engine-context.ts';

/** An emailed link, checked: the approval it names and what it would decide, for whom. */
export interface OpenedApprovalLink {
  readonly link: ApprovalLink;
  readonly approval: Approval;
  readonly itemTitle: string | undefined;
  /** The approver the link was sent to (its step's). */
  readonly approverId: string;
  readonly approverName: string;
  /** The approver's language (their notification preferences) and time zone: the page's. */
  readonly language: Language;
  readonly timeZone: string;
  /** Why the link can no longer decide: the approval ended, or moved on to another step. */
  readonly closed: 'decided' | 'stale' | undefined;
}

const invalidLink = () =>
  new AppError('approval_link_invalid', 'not_found', 'This approval link is not valid: it may be cut short');

/** Reads a `/a/{token}` link; a token that is not ours, or not signed by its approval, throws. */
export async function openApprovalLink(context: EngineContext, token: string): Promise<OpenedApprovalLink> {
  const claimed = readApprovalLink(token);
  if (claimed === undefined) throw invalidLink();
  const store = context.store.direct();
  const key = await store.approvals.linkKey(claimed.approvalId);
  if (key === undefined || !approvalLinkSigned(key, claimed)) throw invalidLink();
  const approval = await store.approvals.find(claimed.approvalId);
  const approverId = approval?.approverIds[claimed.step];
  if (approval === undefined || approverId === undefined) throw invalidLink();
  const item = await store.items.find(approval.itemId);
  const approver = await store.users.find(approverId);
  const { language } = await store.notifications.preferencesOf(approverId);
  const { signature: _signature, ...link } = claimed;
  return {
    link,
    approval,
    itemTitle: item?.title,
    approverId,
    approverName: approver?.name ?? approverId,
    language,
    timeZone: approver?.timeZone ?? 'UTC',
    closed: approval.status !== 'pending' ? 'decided' : approval.step !== claimed.step ? 'stale' : undefined,
  };
}
