import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../domain/errors.ts';
import { type Role, roleAllows } from '../domain/roles.ts';
import type { ApiToken, ApiTokensRepository } from '../store/repositories/api-tokens-repository.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role that may call the route. Default: viewer for GET, manager otherwise. */
    role?: Role;
    /** Routes that answer without a token (health checks, the API reference). */
    public?: boolean;
  }
  interface FastifyRequest {
    token?: ApiToken;
  }
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * Every `/api/v1` route needs `Authorization: Bearer <token>`. Authentication and the role check
 * run before the body is validated, so a caller without rights learns nothing about the schema.
 */
export function registerAuth(app: FastifyInstance, tokens: ApiTokensRepository): void {
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (config.public === true || !request.url.startsWith('/api/v1')) return;
    const secret = bearerToken(request);
    if (secret === undefined) throw unauthorized('Send an API token as "Authorization: Bearer <token>"');
    const token = await tokens.findByToken(secret);
    if (token === undefined) throw unauthorized('The API token is not valid');
    request.token = token;
    const needed: Role =
      config.role ?? (request.method === 'GET' || request.method === 'HEAD' ? 'viewer' : 'manager');
    if (!roleAllows(token.role, needed)) {
      throw forbidden(`This needs the ${needed} role; the token has the ${token.role} role`);
    }
  });
}
