import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../../domain/errors.ts';
import { roleAllows } from '../../domain/roles.ts';
import type { ApiToken } from '../../store/repositories/api-tokens-repository.ts';

/** What exposes the metrics: the port implementation's text and its content type. */
export interface MetricsExposition {
  readonly contentType: string;
  render(): Promise<string>;
}

/** Where and to whom `GET /metrics` answers (STAGEFLOW_METRICS_TOKEN, STAGEFLOW_METRICS_PORT). */
export interface MetricsSettings {
  readonly exposition: MetricsExposition;
  /** The scrape token; undefined: none configured. */
  readonly token?: string | undefined;
  /** Set when the metrics have a listener of their own: the API's port then does not serve them. */
  readonly port?: number | undefined;
}

function bearer(request: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
}

function same(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks a scrape: the configured token is always enough; on the API's port an admin's API token
 * is too (so metrics are never open there, even with nothing configured), while the metrics'
 * own port is open without a configured token: being unreachable from outside is its protection.
 */
export async function checkScrape(
  request: FastifyRequest,
  settings: MetricsSettings,
  findApiToken: ((secret: string) => Promise<ApiToken | undefined>) | undefined,
): Promise<void> {
  const sent = bearer(request);
  if (settings.token !== undefined && sent !== undefined && same(sent, settings.token)) return;
  if (findApiToken === undefined) {
    if (settings.token === undefined) return;
    throw unauthorized('Send the metrics token as "Authorization: Bearer <token>"');
  }
  if (sent === undefined) {
    throw unauthorized('Send the metrics token or an admin API token as "Authorization: Bearer <token>"');
  }
  const token = await findApiToken(sent);
  if (token === undefined) throw unauthorized('The token is neither the metrics token nor a valid API token');
  if (!roleAllows(token.role, 'admin')) {
    throw forbidden(
      `Metrics need the metrics token or an admin API token; the token has the ${token.role} role`,
    );
  }
}
