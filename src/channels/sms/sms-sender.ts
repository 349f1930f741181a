import type { Metrics } from '../../automation/metrics.ts';
import type { HttpSender, OutgoingSms, SmsSender } from '../../automation/outside-ports.ts';
import type { Clock } from '../../domain/clock.ts';
import { AppError } from '../../domain/errors.ts';
import { renderProviderBody } from './provider-body.ts';

/** A generic HTTP SMS provider (SMS_PROVIDER_URL, SMS_PROVIDER_BODY, SMS_PROVIDER_AUTH). */
export interface SmsProvider {
  readonly url: string;
  /** Body template with {{to}} and {{text}}. Default: {"to":"{{to}}","text":"{{text}}"} */
  readonly body: string;
  /** Value of the Authorization header, e.g. "Bearer abc". */
  readonly auth?: string | undefined;
}

export const DEFAULT_PROVIDER_BODY = '{"to":"{{to}}","text":"{{text}}"}';

/** Where every message is written: the outbox without a provider, the delivery log with one. */
export interface SmsLog {
  recordSms(
    message: { runId: string; itemId: string | null; to: string; text: string; provider: string },
    now: Date,
  ): Promise<{ id: string; status: string; response: string | null }>;
  markSms(id: string, outcome: { status: 'sent' | 'failed'; response: string }, now: Date): Promise<void>;
}

export interface SmsSenderOptions {
  readonly log: SmsLog;
  readonly clock: Clock;
  readonly provider?: SmsProvider | undefined;
  /** Required with a provider: the SSRF-checked sender. */
  readonly http?: HttpSender | undefined;
  /** Counts messages stored, sent and refused. Default: none reported. */
  readonly metrics?: Metrics | undefined;
}

/**
 * Every message is logged once per run (the run id is unique in the log). With a provider it is
 * posted with the run id as `Idempotency-Key`, so a provider that honours it never sends twice;
 * a message the log already shows as sent is not posted again. 5xx and timeouts are retried by
 * the run's policy, 4xx (a refused number, bad credentials) fail the run at once.
 */
export function createSmsSender(options: SmsSenderOptions): SmsSender {
  const { log, clock, provider, http } = options;
  return {
    async send(sms: OutgoingSms, signal: AbortSignal) {
      const host = provider === undefined ? 'outbox' : new URL(provider.url).host;
      const stored = await log.recordSms(
        { runId: sms.idempotencyKey, itemId: sms.itemId ?? null, to: sms.to, text: sms.text, provider: host },
        clock.now(),
      );
      if (provider === undefined) {
        options.metrics?.smsDelivery('outbox', 'stored');
        return { transport: 'outbox' as const };
      }
      if (stored.status === 'sent')
        return { transport: 'provider' as const, response: stored.response ?? '' };
      if (http === undefined) {
        throw new AppError('http_unavailable', 'internal', 'Outgoing HTTP is not configured', {
          retryable: false,
        });
      }
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': 'Stageflow-SMS/1',
        'idempotency-key': sms.idempotencyKey,
        ...(provider.auth !== undefined && { authorization: provider.auth }),
      };
      const body = renderProviderBody(provider.body, { to: sms.to, text: sms.text });
      const response = await http.send({ method: 'POST', url: provider.url, headers, body }, signal);
      const answer = `${response.status} ${response.body.slice(0, 500)}`.trim();
      if (response.status >= 200 && response.status < 300) {
        await log.markSms(stored.id, { status: 'sent', response: answer }, clock.now());
        options.metrics?.smsDelivery('provider', 'sent');
        return { transport: 'provider' as const, response: answer };
      }
      const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
      await log.markSms(stored.id, { status: 'failed', response: answer }, clock.now());
      options.metrics?.smsDelivery('provider', 'failed');
      throw new AppError(
        retryable ? 'sms_provider_unavailable' : 'sms_rejected',
        retryable ? 'internal' : 'invalid',
        `The SMS provider ${host} answered ${response.status}`,
        { retryable, details: { status: response.status } },
      );
    },
  };
}
