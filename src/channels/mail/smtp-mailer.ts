import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { Mailer, OutgoingEmail } from '../../automation/outside-ports.ts';
import { AppError } from '../../domain/errors.ts';
import { parseMailbox } from './header-safety.ts';

export interface SmtpMailerOptions {
  /** `smtp://user:pass@host:port` or `smtps://...` (nodemailer's connection URL). */
  readonly url: string;
  /** Time to connect, to get the greeting, and of socket inactivity. Default: 30 s. */
  readonly timeoutMs?: number;
}

/**
 * Sends mail over SMTP with nodemailer, one connection per message (robots send little mail, and
 * a pool would hold connections open between runs). SMTP's own verdict decides retrying: a 4xx
 * reply or a lost connection is transient (the run is retried with backoff), a 5xx reply is
 * final (the run fails at once).
 */
export function createSmtpMailer(options: SmtpMailerOptions): Mailer {
  const timeout = options.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(email: OutgoingEmail, signal: AbortSignal) {
      // The outbox mailer in front of this one fills in the configured sender.
      if (email.from === undefined) {
        throw new AppError('mail_from_missing', 'internal', 'The SMTP mailer was given no sender', {
          retryable: false,
        });
      }
      const message: SendMailOptions & { signal: AbortSignal } = {
        messageId: email.messageId,
        // Addresses go to nodemailer as objects, so it encodes names itself; the parse refuses
        // line breaks (it is repeated here because a Mailer may be called by anything).
        from: parseMailbox(email.from, 'from'),
        to: email.to.map((to, index) => parseMailbox(to, `to/${index}`)),
        ...(email.replyTo !== undefined && { replyTo: parseMailbox(email.replyTo, 'replyTo') }),
        subject: email.subject,
        text: email.text,
        ...(email.html !== undefined && { html: email.html }),
        ...(email.headers !== undefined && { headers: { ...email.headers } }),
        ...(email.attachments !== undefined &&
          email.attachments.length > 0 && {
            attachments: email.attachments.map((file) => ({
              filename: file.filename,
              contentType: file.contentType,
              content: Buffer.from(file.content),
            })),
          }),
        // Honoured by nodemailer since v9: a stopping worker abandons the send.
        signal,
      };
      try {
        const info = await transport.sendMail(message);
        return { transport: 'smtp' as const, response: String(info.response ?? '') };
      } catch (error) {
        throw smtpError(error);
      }
    },
  };
}

/** Maps nodemailer's failure to an AppError whose `retryable` follows the SMTP reply class. */
export function smtpError(error: unknown): AppError {
  const { responseCode, code, message } = error as {
    responseCode?: unknown;
    code?: unknown;
    message?: unknown;
  };
  const text = typeof message === 'string' ? message : String(error);
  if (typeof responseCode === 'number' && responseCode >= 500) {
    return new AppError('smtp_rejected', 'invalid', `The mail server refused the message: ${text}`, {
      cause: error,
      retryable: false,
      details: { responseCode },
    });
  }
  if (typeof responseCode === 'number' && responseCode >= 400) {
    return new AppError('smtp_deferred', 'internal', `The mail server deferred the message: ${text}`, {
      cause: error,
      retryable: true,
      details: { responseCode },
    });
  }
  return new AppError('smtp_unavailable', 'internal', `The mail server could not be reached: ${text}`, {
    cause: error,
    // A message nodemailer itself could not build is not fixed by waiting.
    retryable: code !== 'EMESSAGE' && code !== 'ECONFIG',
    ...(typeof code === 'string' && { details: { code } }),
  });
}
