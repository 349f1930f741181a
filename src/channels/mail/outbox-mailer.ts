import type { Metrics } from '../../automation/metrics.ts';
import type { Mailer, OutgoingEmail } from '../../automation/outside-ports.ts';
import type { Clock } from '../../domain/clock.ts';
import { checkHeader, flattenHeaderText, formatMailbox, parseMailbox } from './header-safety.ts';
import { addTracking, newTrackingToken } from './tracking.ts';

/** A message as the mail log keeps it (the store's MailRepository satisfies MailLog). */
export interface LoggedMessage {
  readonly messageId: string;
  readonly from: string;
  readonly to: readonly string[];
  readonly replyTo: string | null;
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
  readonly transport: 'smtp' | 'outbox';
  readonly status: 'stored' | 'sending' | 'sent' | 'failed';
}

export interface NewLoggedMessage extends Omit<LoggedMessage, 'status'> {
  readonly runId: string | null;
  readonly itemId: string | null;
  readonly status: 'stored' | 'sending';
  readonly tracking: readonly { token: string; kind: 'open' | 'click'; url: string | null }[];
}

export interface MailLog {
  findMessage(messageId: string): Promise<LoggedMessage | undefined>;
  /** Stores the message, its Message-ID → item link and its tracking tokens in one transaction. */
  recordMessage(message: NewLoggedMessage, now: Date): Promise<void>;
  markDelivery(
    messageId: string,
    outcome: { status: 'sent'; response: string } | { status: 'failed'; error: string },
    now: Date,
  ): Promise<void>;
}

export interface OutboxMailerOptions {
  readonly log: MailLog;
  readonly clock: Clock;
  /** Sender when the email names none. */
  readonly from: string;
  /** Absolute base of the tracking links, no trailing slash (STAGEFLOW_PUBLIC_URL). */
  readonly publicUrl: string;
  /** Delivers over SMTP; undefined keeps mail in the outbox (the embedded default). */
  readonly smtp?: Mailer | undefined;
  readonly newToken?: () => string;
  /** Counts messages stored, sent and failed (not those found already sent). Default: none reported. */
  readonly metrics?: Metrics | undefined;
}

/**
 * The mailer robots use. Every message is logged by its Message-ID before it leaves, with the
 * tracking applied, so a retried run (same Message-ID) sends exactly the stored message again
 * and a message already sent is not sent twice. Without SMTP the log is the outbox.
 */
export function createOutboxMailer(options: OutboxMailerOptions): Mailer {
  const { log, clock } = options;
  return {
    async send(email: OutgoingEmail, signal: AbortSignal) {
      const transport = options.smtp === undefined ? 'outbox' : 'smtp';
      const existing = await log.findMessage(email.messageId);
      if (existing?.status === 'sent' || existing?.status === 'stored') {
        return { transport: existing.transport, response: 'already sent' };
      }
      let logged: Omit<LoggedMessage, 'status'>;
      if (existing !== undefined) {
        logged = existing;
      } else {
        const prepared = prepare(email, options, transport);
        const context = contextOf(email);
        await log.recordMessage(
          {
            ...prepared,
            runId: context.runId,
            itemId: context.itemId,
            status: transport === 'outbox' ? 'stored' : 'sending',
          },
          clock.now(),
        );
        logged = prepared;
      }
      if (options.smtp === undefined) {
        options.metrics?.mailDelivery('outbox', 'stored');
        return { transport: 'outbox' as const };
      }
      try {
        const result = await options.smtp.send(
          {
            messageId: logged.messageId,
            from: logged.from,
            to: logged.to,
            replyTo: logged.replyTo ?? undefined,
            subject: logged.subject,
            text: logged.text,
            html: logged.html ?? undefined,
            headers: headersOf(email),
            // Not kept in the log: a retried run renders its attachments again, the same bytes.
            attachments: email.attachments,
          },
          signal,
        );
        await log.markDelivery(
          logged.messageId,
          { status: 'sent', response: result.response ?? '' },
          clock.now(),
        );
        options.metrics?.mailDelivery('smtp', 'sent');
        return result;
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        await log.markDelivery(logged.messageId, { status: 'failed', error: text }, clock.now());
        options.metrics?.mailDelivery('smtp', 'failed');
        throw error;
      }
    },
  };
}

function prepare(
  email: OutgoingEmail,
  options: OutboxMailerOptions,
  transport: 'smtp' | 'outbox',
): Omit<NewLoggedMessage, 'runId' | 'itemId' | 'status'> {
  // Refused here too, not only in the action: whatever calls the mailer, no header carries a break.
  const from = formatMailbox(parseMailbox(email.from ?? options.from, 'from'));
  const to = email.to.map((address, index) => formatMailbox(parseMailbox(address, `to/${index}`)));
  const replyTo = email.replyTo === undefined ? null : formatMailbox(parseMailbox(email.replyTo, 'replyTo'));
  for (const [name, value] of Object.entries(headersOf(email) ?? {})) checkHeader(name, value);
  const track = email.html !== undefined && contextOf(email).track;
  const tracked =
    track && email.html !== undefined
      ? addTracking(email.html, options.publicUrl, options.newToken ?? newTrackingToken)
      : undefined;
  return {
    messageId: email.messageId,
    from,
    to,
    replyTo,
    subject: flattenHeaderText(email.subject),
    text: email.text,
    html: tracked?.html ?? email.html ?? null,
    transport,
    tracking:
      tracked === undefined
        ? []
        : [
            { token: tracked.openToken, kind: 'open' as const, url: null },
            ...tracked.links.map((link) => ({ token: link.token, kind: 'click' as const, url: link.url })),
          ],
  };
}

/** The run and item the mail belongs to, and whether to track it. */
function contextOf(email: OutgoingEmail): { runId: string | null; itemId: string | null; track: boolean } {
  return { runId: email.runId ?? null, itemId: email.itemId ?? null, track: email.track !== false };
}

/** The email's own headers; undefined when there are none. */
function headersOf(email: OutgoingEmail): Record<string, string> | undefined {
  const entries = Object.entries(email.headers ?? {});
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}
