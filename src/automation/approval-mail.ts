import type { Approval } from '../domain/approval.ts';
import { toAppError } from '../domain/errors.ts';
import { formatMailTime } from '../domain/notification-mail.ts';
import type { User } from '../domain/user.ts';
import { signApprovalLink } from './approval-links.ts';
import type { EngineContext } from './engine-context.ts';
import { DEFAULT_PUBLIC_URL } from './outside-ports.ts';

/** How many approvals' mail one pass sends. */
const MAILS_PER_PASS = 20;
/** Attempts at one step's mail before it is given up (and journaled as not sent). */
const MAX_MAIL_ATTEMPTS = 5;

/**
 * Sends the mail of approval steps that started: to the approver whose turn it is, with signed
 * one-click links to approve or reject. The step to mail is planned in the approval's row by the
 * transaction that started the step; the mail goes out after that commit (never inside it), with
 * one Message-ID per approval and step, so a resend after a crash is the same message. Each
 * request is journaled once its mail went out or was given up. Answers how many went out.
 */
export async function sendDueApprovalMail(context: EngineContext): Promise<number> {
  const direct = context.store.direct();
  let sent = 0;
  for (const due of await direct.approvals.mailDue(MAILS_PER_PASS)) {
    const approval = await direct.approvals.find(due.id);
    const key = await direct.approvals.linkKey(due.id);
    if (approval === undefined || key === undefined) continue;
    const approverId = approval.approverIds[due.step];
    const approver = approverId === undefined ? undefined : await direct.users.find(approverId);
    const mailer = context.outside?.mailer;
    let problem: string | undefined;
    if (approval.status !== 'pending' || due.step !== approval.step)
      problem = 'the step was over before its mail';
    else if (approver === undefined) problem = `the approver ${approverId ?? '?'} does not exist`;
    else if (mailer === undefined) problem = 'no mailer is configured';
    else {
      try {
        const mail = await composeMail(context, approval, key, approver);
        await mailer.send(
          {
            messageId: `<approval-${approval.id}-${due.step}@stageflow>`,
            to: [`"${approver.name.replace(/["\\\r\n]/g, ' ')}" <${approver.email}>`],
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            itemId: approval.itemId,
            // The links are signed one-click decisions: rewriting them for tracking would break them.
            track: false,
          },
          AbortSignal.timeout(60_000),
        );
        sent += 1;
      } catch (error) {
        if (due.attempts + 1 < MAX_MAIL_ATTEMPTS) {
          await direct.approvals.mailFailed(approval.id, due.step);
          continue;
        }
        problem = `its mail could not be sent: ${toAppError(error).message}`;
      }
    }
    await context.store.transaction(async (tx) => {
      await tx.approvals.mailDone(approval.id, due.step);
      const name = approver?.name ?? approverId ?? '?';
      await tx.journal.add(
        {
          kind: 'approval_requested',
          itemId: approval.itemId,
          robotId: approval.robotId,
          runId: approval.runId,
          message:
            `Approval of "${approval.title}" requested from ${name} ` +
            `(step ${due.step + 1} of ${approval.approverIds.length})` +
            (problem === undefined ? ', by email' : `; ${problem}`),
          data: {
            approvalId: approval.id,
            step: due.step,
            approverId: approverId ?? null,
            approverName: name,
            title: approval.title,
            mailed: problem === undefined,
            ...(problem !== undefined && { problem }),
          },
        },
        context.clock.now(),
      );
    });
  }
  return sent;
}

const WORDS = {
  en: {
    subject: (title: string) => `Approval requested: ${title}`,
    asked: (name: string) => `${name}, you are asked to approve or reject:`,
    item: 'Item',
    due: 'Decide by',
    approve: 'Approve',
    reject: 'Reject',
    confirm: 'Each link opens a page where you confirm.',
    comment: 'To add a comment, decide in Stageflow',
  },
  ru: {
    subject: (title: string) => `Требуется согласование: ${title}`,
    asked: (name: string) => `${name}, просим вас одобрить или отклонить:`,
    item: 'Элемент',
    due: 'Решите до',
    approve: 'Одобрить',
    reject: 'Отклонить',
    confirm: 'Каждая ссылка открывает страницу, где решение нужно подтвердить.',
    comment: 'Чтобы добавить комментарий, решите в Stageflow',
  },
} as const;

/** The mail of the current step, in the approver's language, its deadline in their time zone. */
async function composeMail(context: EngineContext, approval: Approval, key: string, approver: User) {
  const direct = context.store.direct();
  const { language } = await direct.notifications.preferencesOf(approver.id);
  const words = WORDS[language];
  const base = (context.outside?.publicUrl ?? DEFAULT_PUBLIC_URL).replace(/\/+$/, '');
  const item = await direct.items.find(approval.itemId);
  const link = (decision: 'approve' | 'reject') =>
    `${base}/a/${signApprovalLink(key, { approvalId: approval.id, step: approval.step, decision })}`;
  const approve = link('approve');
  const reject = link('reject');
  const inApp = `${base}/approvals/${approval.id}`;
  const due =
    approval.dueAt === null ? undefined : formatMailTime(approval.dueAt, language, approver.timeZone);
  const subject = words
    .subject(approval.title)
    .replace(/[\r\n]+/g, ' ')
    .slice(0, 500);
  const text =
    `${words.asked(approver.name)}\n\n${approval.title}\n` +
    (item === undefined ? '' : `${words.item}: ${item.title}\n`) +
    (due === undefined ? '' : `${words.due}: ${due}\n`) +
    `\n${words.approve}: ${approve}\n${words.reject}: ${reject}\n\n` +
    `${words.confirm} ${words.comment}: ${inApp}\n`;
  const html =
    `<p>${escapeHtml(words.asked(approver.name))}</p>` +
    `<p><strong>${escapeHtml(approval.title)}</strong></p>` +
    (item === undefined ? '' : `<p>${words.item}: ${escapeHtml(item.title)}</p>`) +
    (due === undefined ? '' : `<p>${words.due}: ${escapeHtml(due)}</p>`) +
    `<p><a href="${approve}">${words.approve}</a> &nbsp; <a href="${reject}">${words.reject}</a></p>` +
    `<p>${words.confirm} <a href="${inApp}">${words.comment}</a>.</p>`;
  return { subject, text, html };
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
