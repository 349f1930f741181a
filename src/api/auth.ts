import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { resumeSession } from '../automation/sessions.ts';
import { AppError, forbidden, unauthorized } from '../domain/errors.ts';
import { type Role, roleAllows } from '../domain/roles.ts';
import type { ApiToken } from '../store/repositories/api-tokens-repository.ts';
import type { AppContext } from './context.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role that may call the route. Default: viewer for GET, manager otherwise. */
    role?: Role;
    /** Routes that answer without a token (health checks, the API reference). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** The API token of a request authenticated by `Authorization: Bearer`. */
    token?: ApiToken;
    /** Who calls: set on every authenticated `/api/v1` request. */
    principal?: Principal;
  }
}

/** The caller of a request, however it proved who it is; roles apply alike to both ways. */
export interface Principal {
  readonly role: Role;
  /** The signed-in user (sessions only). */
  readonly userId?: string;
  /** The signed-in user's name, for records of who did something (sessions only). */
  readonly userName?: string;
  readonly via: 'token' | 'session';
  readonly tokenId?: string;
  /** The session's id (its secret's hash) and anti-forgery token (sessions only). */
  readonly sessionId?: string;
  readonly csrfToken?: string;
}

/** The cookie that carries a signed-in browser's session secret. */
export const SESSION_COOKIE = 'stageflow_session';
/** The header a cookie-authenticated write must carry, equal to the session's CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const csrfTokenInvalid = (): AppError =>
  new AppError(
    'csrf_token_invalid',
    'forbidden',
    `A signed-in write must send the session's CSRF token in the ${CSRF_HEADER} header`,
  );

/**
 * Every `/api/v1` route but the public ones needs a caller: `Authorization: Bearer <token>` (API
 * tokens, for programs; it wins when both are sent) or the session cookie of a signed-in browser.
 * A cookie is sent by the browser on its own, so a cookie-authenticated write must also prove it
 * comes from our page: the session's CSRF token in a header, which another site cannot read.
 * Authentication and the role check run before the body is validated, so a caller without rights
 * learns nothing about the schema. The session's role is the user's role now.
 */
export function registerAuth(app: FastifyInstance, context: AppContext): void {
  const { repos, clock } = context;
  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (config.public === true || !request.url.startsWith('/api/v1')) return;
    const principal = await authenticate(request);
    request.principal = principal;
    if (principal.via === 'session' && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameSecret(sent, principal.csrfToken ?? '')) throw csrfTokenInvalid();
    }
    const needed: Role =
      config.role ?? (request.method === 'GET' || request.method === 'HEAD' ? 'viewer' : 'manager');
    if (!roleAllows(principal.role, needed)) {
      const holder = principal.via === 'token' ? 'the token has' : 'you have';
      throw forbidden(`This needs the ${needed} role; ${holder} the ${principal.role} role`);
    }
  });

  async function authenticate(request: FastifyRequest): Promise<Principal> {
    const secret = bearerToken(request);
    if (secret !== undefined) {
      const token = await repos.apiTokens.findByToken(secret);
      if (token === undefined) throw unauthorized('The API token is not valid');
      request.token = token;
      return { role: token.role, via: 'token', tokenId: token.id };
    }
    const cookieHeader = request.headers.cookie;
    const cookie = cookieHeader === undefined ? undefined : app.parseCookie(cookieHeader)[SESSION_COOKIE];
    if (cookie === undefined || cookie === '') {
      throw unauthorized('Sign in, or send an API token as "Authorization: Bearer <token>"');
    }
    const session = await resumeSession({ clock, sessions: repos.sessions }, cookie);
    if (session === undefined) throw unauthorized('The session has ended; sign in again');
    return {
      role: session.role,
      userId: session.userId,
      userName: session.userName,
      via: 'session',
      sessionId: session.id,
      csrfToken: session.csrfToken,
    };
  }
}
