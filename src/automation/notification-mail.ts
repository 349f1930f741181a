import { nextRetryAt } from '../domain/backoff.ts';
import type { Clock } from '../domain/clock.ts';
import { toAppError } from '../domain/errors.ts';
import type { Language } from '../domain/localized.ts';
import { composeNotificationMail } from '../domain/notification-mail.ts';
import { DEFAULT_RETRY, type RetryPolicy } from '../domain/rules.ts';
import type { Mailer } from './outside-ports.ts';

/** A queued email as the worker sends it: its recipient and the notifications it carries. */
export interface TakenNotificationEmail {
  readonly id: string;
  readonly mode: 'immediately' | 'hourly';
  /** Attempts made before this one. */
  readonly attempts: number;
  readonly recipient: {
    readonly email: string;
    readonly timeZone: string;
    readonly language: Language;
    /** False once the user is deactivated: their mail is not sent any more. */
    readonly active: boolean;
  };
  readonly notifications: readonly {
    readonly title: string;
    readonly body: string;
    readonly itemId: string | null;
    readonly link: string | null;
    readonly createdAt: string;
  }[];
}

/** The queue of notification mail (the store's NotificationEmailsRepository). */
export interface NotificationMailQueue {
  /** Ids of the emails due at `now`, oldest due first. */
  due(now: Date, limit: number): Promise<string[]>;
  /**
   * Takes a due email for sending until `leaseUntil` (a crashed sender's email is due again
   * then); undefined when it is not due any more (another worker took it, or it was sent).
   */
  take(id: string, now: Date, leaseUntil: Date): Promise<TakenNotificationEmail | undefined>;
  /** Records an attempt's outcome on the email and on every notification it carries. */
  record(id: string, outcome: EmailOutcome): Promise<void>;
  /** When the next pending email is due; undefined when none waits. */
  nextDueAt(): Promise<string | undefined>;
}

export type EmailOutcome =
  | { readonly status: 'sent'; readonly attempts: number; readonly at: Date }
  | { readonly status: 'pending'; readonly attempts: number; readonly error: string; readonly dueAt: Date }
  | { readonly status: 'failed'; readonly attempts: number; readonly error: string };

export interface NotificationMailOptions {
  readonly queue: NotificationMailQueue;
  /** The configured mailer (SMTP or the outbox); undefined fails every email. */
  readonly mailer: Mailer | undefined;
  readonly clock: Clock;
  /** Jitter of the retries; Math.random in production. */
  readonly random: () => number;
  /** Absolute base of the links to the web UI, without a trailing slash (STAGEFLOW_PUBLIC_URL). */
  readonly publicUrl: string;
  /** Retries of a failed send. Default: 5 attempts, from 30 s up to an hour apart (DEFAULT_RETRY). */
  readonly retry?: RetryPolicy | undefined;
  /** How long a sender holds an email before another may take it. Default: 5 minutes. */
  readonly leaseMs?: number | undefined;
  /** How long one send may take; shorter than the lease. Default: 60 s. */
  readonly sendTimeoutMs?: number | undefined;
}

/** How many due emails one pass reads; the rest wait for the next pass, which comes at once. */
const PER_PASS = 20;

/**
 * Sends the notification mail that is due: each email once, through the mailer, keyed by the
 * email's id as Message-ID, so a retry after a crash between sending and recording sends the
 * message the mail log holds rather than a second one. A failure the mail server calls final
 * fails the email at once; others are retried with the backoff of robots until the policy's
 * attempts are spent. Either way the state is written on the notifications the email carries.
 */
export class NotificationMail {
  readonly #options: NotificationMailOptions;

  constructor(options: NotificationMailOptions) {
    this.#options = options;
    // A send that outlives its lease could go out twice: another sender takes the email then.
    if ((options.sendTimeoutMs ?? 60_000) >= (options.leaseMs ?? 300_000)) {
      throw new RangeError('The send timeout of notification mail must be shorter than its lease');
    }
  }

  /** Sends everything due now; answers how many emails it attempted. */
  async drain(signal?: AbortSignal): Promise<number> {
    const { queue, clock } = this.#options;
    let attempted = 0;
    for (;;) {
      const due = await queue.due(clock.now(), PER_PASS);
      for (const id of due) {
        if (signal?.aborted === true) return attempted;
        if (await this.#send(id, signal ?? new AbortController().signal)) attempted += 1;
      }
      if (due.length < PER_PASS) return attempted;
    }
  }

  /** How long until the next email is due, in ms (0 when one is); undefined when none waits. */
  async nextDueInMs(): Promise<number | undefined> {
    const next = await this.#options.queue.nextDueAt();
    if (next === undefined) return undefined;
    return Math.max(0, Date.parse(next) - this.#options.clock.now().getTime());
  }

  async #send(id: string, signal: AbortSignal): Promise<boolean> {
    const { queue, clock, mailer } = this.#options;
    const now = clock.now();
    const email = await queue.take(id, now, new Date(now.getTime() + (this.#options.leaseMs ?? 300_000)));
    if (email === undefined) return false;
    if (email.notifications.length === 0) {
      // Every notification it carried was deleted before it went: there is nothing to tell.
      await queue.record(id, {
        status: 'failed',
        attempts: email.attempts,
        error: 'Its notifications were deleted',
      });
      return false;
    }
    if (!email.recipient.active) {
      // Failed rather than dropped: the notification keeps the record of why it was not mailed,
      // and reactivating the user does not send old news. Nothing was attempted.
      await queue.record(id, {
        status: 'failed',
        attempts: email.attempts,
        error: 'The recipient is deactivated',
      });
      return false;
    }
    const attempt = email.attempts + 1;
    try {
      if (mailer === undefined) throw new Error('No mailer is configured');
      const text = composeNotificationMail({
        language: email.recipient.language,
        timeZone: email.recipient.timeZone,
        digest: email.mode === 'hourly',
        notifications: email.notifications.map((notification) => ({
          title: notification.title,
          body: notification.body,
          url: this.#urlOf(notification),
          createdAt: notification.createdAt,
        })),
      });
      await mailer.send(
        {
          messageId: `<notification-${email.id}@stageflow>`,
          to: [email.recipient.email],
          subject: text.subject,
          text: text.text,
          track: false,
          ...(email.notifications.length === 1 &&
            email.notifications[0]?.itemId != null && { itemId: email.notifications[0].itemId }),
        },
        AbortSignal.any([signal, AbortSignal.timeout(this.#options.sendTimeoutMs ?? 60_000)]),
      );
      await queue.record(id, { status: 'sent', attempts: attempt, at: clock.now() });
    } catch (error) {
      const appError = toAppError(error);
      const message = error instanceof Error ? error.message : String(error);
      const retryAt = appError.retryable
        ? nextRetryAt(attempt, this.#options.retry ?? DEFAULT_RETRY, clock.now(), this.#options.random)
        : undefined;
      await queue.record(
        id,
        retryAt === undefined
          ? { status: 'failed', attempts: attempt, error: message }
          : { status: 'pending', attempts: attempt, error: message, dueAt: retryAt },
      );
    }
    return true;
  }

  /** The notification's link as an absolute URL: its own link, or its item's page. */
  #urlOf(notification: TakenNotificationEmail['notifications'][number]): string | null {
    const base = this.#options.publicUrl.replace(/\/+$/, '');
    const link = notification.link ?? (notification.itemId === null ? null : `/items/${notification.itemId}`);
    if (link === null) return null;
    return /^https?:\/\//i.test(link) ? link : `${base}${link.startsWith('/') ? '' : '/'}${link}`;
  }
}
