import { maskSecrets, maskUrlCredentials } from '../../domain/secrets.ts';
import type { OutsidePorts } from '../outside-ports.ts';
import type { OutsideCall } from './dry-run-types.ts';

/** Longest SMS text quoted in a call's summary. Unit: characters. */
const SUMMARY_TEXT = 60;

/**
 * Outside ports that send nothing: each call is written to `calls` and answered as if it went
 * through (mail and SMS to the outbox, HTTP with 200 and an empty body), so the action carries on
 * and records what it would. Credentials in URLs and headers are masked, as every answer but a
 * rule's creation shows them.
 */
export function recordingOutside(calls: OutsideCall[]): Required<Omit<OutsidePorts, 'publicUrl' | 'pdf'>> {
  return {
    mailer: {
      async send(email) {
        calls.push({
          kind: 'email',
          summary: `Email to ${email.to.join(', ')}: ${email.subject}`,
          detail: {
            to: email.to,
            subject: email.subject,
            text: email.text,
            ...(email.html !== undefined && { html: email.html }),
            ...(email.replyTo !== undefined && { replyTo: email.replyTo }),
          },
        });
        return { transport: 'outbox', response: 'dry run: not sent' };
      },
    },
    sms: {
      async send(sms) {
        const short = sms.text.length > SUMMARY_TEXT ? `${sms.text.slice(0, SUMMARY_TEXT - 1)}…` : sms.text;
        calls.push({
          kind: 'sms',
          summary: `SMS to ${sms.to}: ${short}`,
          detail: { to: sms.to, text: sms.text },
        });
        return { transport: 'outbox', response: 'dry run: not sent' };
      },
    },
    http: {
      async send(request) {
        const url = maskUrlCredentials(request.url);
        calls.push({
          kind: 'http',
          summary: `${request.method} ${url}`,
          detail: {
            method: request.method,
            url,
            headers: maskSecrets(request.headers),
            ...(request.body !== undefined && { body: request.body }),
          },
        });
        return { status: 200, headers: {}, body: '' };
      },
    },
  };
}
