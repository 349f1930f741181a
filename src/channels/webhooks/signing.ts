import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A new subscription secret: `whsec_` and 32 random bytes in base64, as Standard Webhooks defines it. */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Whether a secret given by a user is a `whsec_` key the library can sign with. */
export function isWebhookSecret(secret: string): boolean {
  if (!/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(secret)) return false;
  return Buffer.from(secret.slice('whsec_'.length), 'base64').length >= 24;
}

/**
 * The Standard Webhooks headers for one message. `timestamp` is real wall time even when the
 * server runs on the manual clock: receivers compare it with their own clock to refuse replays.
 */
export function signatureHeaders(
  secret: string,
  webhookId: string,
  timestamp: Date,
  payload: string,
): Record<string, string> {
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(webhookId, timestamp, payload),
  };
}
