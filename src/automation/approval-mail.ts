import type { Approval } from '../domain/approval.ts';
import { nextRetryAt } from '../domain/backoff.ts';
import { toAppError } from '../domain/errors.ts';
import { formatMailTime } from '../domain/notification-mail.ts';
import { DEFAULT_RETRY, type RetryPolicy } from '../domain/rules.ts';
import type { User } from '../domain/user.ts';
import { signApprovalLink } from './approval-links.ts';
import type { EngineContext } from './engine-context.ts';
import { DEFAULT_PUBLIC_URL, type Mailer } from './outside-ports.ts';

/** How many due mails one pass reads; the rest wait for the next pass, which comes at once. */
const PER_PASS = 20;

export interface ApprovalMailOptions {
  /** The approvals, users and journal, the mailer (`outside.mailer`), the clock and the jitter. */
  readonly context: EngineContext;
  /** Retries of a failed send. Default: 5 attempts, from 30 s up to an hour apart (DEFAULT_RETRY). */
  readonly retry?: RetryPolicy | undefined;
  /** How long a sender holds a mail before another process may take it. Default: 5 minutes. */
  readonly leaseMs?: number | undefined;
  /** How long one send may take; shorter than the lease. Default: 60 s. */
  readonly sendTimeoutMs?: number | undefined;
}

/**
 * Sends the mail of approval steps that started: to the approver whose turn it is, with signed
 * one-click links to approve or reject. The step to mail is planned in the approval's row by the
 * transaction that started the step; the mail goes out after that commit (never inside it), from
 * the mail loop rather than the event pass, so a slow mail server holds up no event. A sender
 * takes a due mail with a lease (one process of several gets it), sends it with one Message-ID
 * per approval and step (a resend after a crash is the same message), and retries a failure the
 * mail server does not call final with the backoff of robots. Each request is journaled once,
 * when its mail went out or was given up.
 */
export class ApprovalMail {
  readonly #options: ApprovalMailOptions;
  readonly #leaseMs: number;
  readonly #sendTimeoutMs: number;

  constructor(options: ApprovalMailOptions) {
    this.#options = options;
    this.#leaseMs = options.leaseMs ?? 300_000;
    this.#sendTimeoutMs = options.sendTimeoutMs ?? 60_000;
    // A send that outlives its lease could go out twice: another process takes the mail then.
    if (this.#sendTimeoutMs >= this.#leaseMs) {
      throw new RangeError(`The send timeout (${this.#sendTimeoutMs} ms) must be shorter than the lease`);
    }
  }

  /** Sends every approval mail due now; answers how many it attempted. */
  async drain(signal?: AbortSignal): Promise<number> {
    const { context } = this.#options;
    let attempted = 0;
    for (;;) {
      const due = await context.store.direct().approvals.mailDue(context.clock.now(), PER_PASS);
      for (const { id, step } of due) {
        if (signal?.aborted === true) return attempted;
        if (await this.#send(id, step, signal)) attempted += 1;
      }
      if (due.length < PER_PASS) return attempted;
    }
  }

  /** How long until the next approval mail is due, in ms (0 when one is); undefined when none waits. */
  async nextDueInMs(): Promise<number | undefined> {
    const { context } = this.#options;
    const next = await context.store.direct().approvals.nextMailDueAt();
    if (next === undefined) return undefined;
    return Math.max(0, Date.parse(next) - context.clock.now().getTime());
  }

  async #send(id: string, step: number, signal: AbortSignal | undefined): Promise<boolean> {
    const { context } = this.#options;
    const direct = context.store.direct();
    const now = context.clock.now();
    const lease = new Date(now.getTime() + this.#leaseMs);
    const taken = await direct.approvals.takeMail(id, step, now, lease);
    if (taken === undefined) return false;
    // Attempts at sending, counted only when the mail is handed to the mailer.
    let attempts = taken.attempts;
    const approval = await direct.approvals.find(id);
    const key = await direct.approvals.linkKey(id);
    if (approval === undefined || key === undefined) return false;
    const approverId = approval.approverIds[step];
    const approver = approverId === undefined ? undefined : await direct.users.find(approverId);
    const mailer = context.outside?.mailer;
    let problem: string | undefined;
    if (approval.status !== 'pending' || step !== approval.step)
      problem = 'the step was over before its mail';
    else if (approver === undefined) problem = `the approver ${approverId ?? '?'} does not exist`;
    else if (!approver.active) problem = `the approver ${approver.name} is deactivated`;
    else if (mailer === undefined) problem = 'no mailer is configured';
    else {
      attempts += 1;
      try {
        await this.#mail(mailer, approval, key, approver, signal);
      } catch (error) {
        if (signal?.aborted === true) {
          // Stopping is no failure of the mail: it is due again at once, for the next process.
          await direct.approvals.retryMail(id, step, lease, taken.attempts, now);
          return false;
        }
        const appError = toAppError(error);
        const retryAt = appError.retryable
          ? nextRetryAt(attempts, this.#options.retry ?? DEFAULT_RETRY, context.clock.now(), context.random)
          : undefined;
        if (retryAt !== undefined) {
          await direct.approvals.retryMail(id, step, lease, attempts, retryAt);
          return true;
        }
        const message = error instanceof Error ? error.message : appError.message;
        problem = `its mail could not be sent: ${message}`;
      }
    }
    await this.#end(approval, step, lease, attempts, approver, approverId, problem);
    return true;
  }

  async #mail(
    mailer: Mailer,
    approval: Approval,
    key: string,
    approver: User,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    const mail = await composeMail(this.#options.context, approval, key, approver);
    const timeout = AbortSignal.timeout(this.#sendTimeoutMs);
    await mailer.send(
      {
        messageId: `<approval-${approval.id}-${approval.step}@stageflow>`,
        to: [`"${approver.name.replace(/["\\\r\n]/g, ' ')}" <${approver.email}>`],
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        itemId: approval.itemId,
        // The links are signed one-click decisions: rewriting them for tracking would break them.
        track: false,
      },
      signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
    );
  }

  /** Ends the step's mail and journals the request, once: only the holder of the lease ends it. */
  async #end(
    approval: Approval,
    step: number,
    lease: Date,
    attempts: number,
    approver: User | undefined,
    approverId: string | undefined,
    problem: string | undefined,
  ): Promise<void> {
    const { context } = this.#options;
    await context.store.transaction(async (tx) => {
      if (!(await tx.approvals.endMail(approval.id, step, lease, attempts))) return;
      const name = approver?.name ?? approverId ?? '?';
      await tx.journal.add(
        {
          kind: 'approval_requested',
          itemId: approval.itemId,
          robotId: approval.robotId,
          runId: approval.runId,
          message:
            `Approval of "${approval.title}" requested from ${name} ` +
            `(step ${step + 1} of ${approval.approverIds.length})` +
            (problem === undefined ? ', by email' : `; ${problem}`),
          data: {
            approvalId: approval.id,
            step,
            approverId: approverId ?? null,
            approverName: name,
            title: approval.title,
            mailed: problem === undefined,
            attempts,
            ...(problem !== undefined && { problem }),
          },
        },
        context.clock.now(),
      );
    });
  }
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
