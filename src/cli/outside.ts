import type { Metrics } from '../automation/metrics.ts';
import type { OutsidePorts } from '../automation/outside-ports.ts';
import { createPdfRenderer } from '../channels/documents/pdf-renderer.ts';
import { publicUrlOf } from '../channels/http/public-url.ts';
import { SafeHttpSender } from '../channels/http/safe-http-sender.ts';
import { createOutboxMailer } from '../channels/mail/outbox-mailer.ts';
import { createSmtpMailer } from '../channels/mail/smtp-mailer.ts';
import { createSmsSender } from '../channels/sms/sms-sender.ts';
import type { Clock, IdGenerator } from '../domain/clock.ts';
import type { Store } from '../store/database.ts';
import { MailRepository } from '../store/repositories/mail-repository.ts';
import { SmsRepository } from '../store/repositories/sms-repository.ts';
import type { Config } from './config.ts';

export interface OutsideOptions {
  readonly config: Config | undefined;
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Counts the messages sent. Default: none reported. */
  readonly metrics?: Metrics | undefined;
}

/** The channels to the outside world that actions use, chosen from the configuration. */
export function createOutsidePorts(options: OutsideOptions): OutsidePorts {
  // Every outgoing request (webhooks, providers) goes through the SSRF check.
  const http = new SafeHttpSender({ allow: options.config?.outboundAllow });
  // Mail is sent without a request: the configured public URL, or http://localhost:PORT.
  const publicUrl = publicUrlOf(options.config).base();
  return {
    http,
    publicUrl,
    // Documents are laid out as PDF in this process, with the fonts of the pdfmake package.
    pdf: createPdfRenderer(),
    // Every SMS is logged in the database; without SMS_PROVIDER_URL the log is the SMS outbox.
    sms: createSmsSender({
      log: new SmsRepository(options.store.db, options.ids),
      clock: options.clock,
      provider: options.config?.smsProvider,
      http,
      metrics: options.metrics,
    }),
    // Every message is logged in the database; without SMTP_URL the log is the outbox.
    mailer: createOutboxMailer({
      log: new MailRepository(options.store.db, options.ids),
      clock: options.clock,
      from: options.config?.mailFrom ?? 'Stageflow <stageflow@localhost>',
      publicUrl,
      smtp:
        options.config?.smtpUrl === undefined ? undefined : createSmtpMailer({ url: options.config.smtpUrl }),
      metrics: options.metrics,
    }),
  };
}
