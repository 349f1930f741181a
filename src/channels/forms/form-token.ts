import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** How long a page's token is accepted: 12 hours, long enough for a tab left open over lunch. */
export const FORM_TOKEN_TTL_MS = 12 * 3_600_000;
/** Clock difference tolerated for a token "from the future" (several servers): 5 minutes. */
const FUTURE_SKEW_MS = 5 * 60_000;

export interface IssuedToken {
  readonly token: string;
  /** Random per page; it is also the submission's identity, so a post sent twice counts once. */
  readonly nonce: string;
}

export type TokenCheck =
  | { readonly valid: true; readonly nonce: string }
  | { readonly valid: false; readonly reason: 'missing' | 'forged' | 'expired' };

/**
 * The anti-forgery token of a form page: `<nonce>.<issued at, ms>.<HMAC-SHA256>` over the form id,
 * the nonce and the time, with the server's secret. A post must carry a token this server issued
 * for this form within the last FORM_TOKEN_TTL_MS: a page from another form, an edited time or a
 * guessed value fails, and nothing needs to be stored to check it.
 */
export class FormTokens {
  readonly #secret: Buffer;

  /** `secret`: STAGEFLOW_FORM_SECRET; at least 32 bytes of randomness is plenty. */
  constructor(secret: string | Buffer) {
    this.#secret = Buffer.isBuffer(secret) ? secret : Buffer.from(secret, 'utf8');
  }

  /** A secret for a server started without STAGEFLOW_FORM_SECRET: its pages expire with it. */
  static randomSecret(): Buffer {
    return randomBytes(32);
  }

  issue(formId: string, now: Date): IssuedToken {
    const nonce = randomBytes(16).toString('base64url');
    const issuedAt = String(now.getTime());
    return { token: `${nonce}.${issuedAt}.${this.#sign(formId, nonce, issuedAt)}`, nonce };
  }

  check(formId: string, token: string | null | undefined, now: Date): TokenCheck {
    if (token == null || token === '') return { valid: false, reason: 'missing' };
    const [nonce, issuedAt, signature, ...rest] = token.split('.');
    if (nonce === undefined || issuedAt === undefined || signature === undefined || rest.length > 0)
      return { valid: false, reason: 'forged' };
    if (!/^\d{1,15}$/.test(issuedAt)) return { valid: false, reason: 'forged' };
    const expected = Buffer.from(this.#sign(formId, nonce, issuedAt));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { valid: false, reason: 'forged' };
    const age = now.getTime() - Number(issuedAt);
    if (age > FORM_TOKEN_TTL_MS || age < -FUTURE_SKEW_MS) return { valid: false, reason: 'expired' };
    return { valid: true, nonce };
  }

  #sign(formId: string, nonce: string, issuedAt: string): string {
    return createHmac('sha256', this.#secret)
      .update(`form:${formId}:${nonce}:${issuedAt}`)
      .digest('base64url');
  }
}
