import type { FastifyReply, FastifyRequest } from 'fastify';
import { setPassword } from '../../automation/commands/set-password.ts';
import { signIn } from '../../automation/commands/sign-in.ts';
import { signOut } from '../../automation/commands/sign-out.ts';
import type { SignInContext } from '../../automation/sign-in-ports.ts';
import { conflict } from '../../domain/errors.ts';
import type { User } from '../../domain/user.ts';
import type { App } from '../app.ts';
import { SESSION_COOKIE } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { IdParams, NoContent, ProblemSchema, responses } from '../schemas/common.ts';
import { SessionSchema, SetPasswordSchema, SignedInSchema, SignInSchema } from '../schemas/session.ts';

const tags = ['session'];

const sessionUser = (user: User) => ({
  id: user.id,
  name: user.name,
  email: user.email,
  role: user.role,
  timeZone: user.timeZone,
});

/** HttpOnly: scripts never see the secret; Lax: other sites' forms and requests do not send it. */
function cookieOptions(request: FastifyRequest) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: request.protocol === 'https',
  };
}

const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

export function registerSessionRoutes(app: App, { repos, clock }: AppContext): void {
  const accounts: SignInContext = {
    clock,
    credentials: repos.users,
    sessions: repos.sessions,
    signInFailures: repos.signInFailures,
  };

  app.post(
    '/api/v1/session',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Sign in',
        description:
          `Checks the email and password and sets the ${SESSION_COOKIE} cookie. Writes with the ` +
          'cookie must send the answered csrfToken as X-CSRF-Token. After 5 failed attempts for ' +
          'an email (or 30 from one address) within 15 minutes, attempts are refused with 429 and ' +
          'Retry-After.',
        security: [],
        body: SignInSchema,
        response: responses({ 200: SignedInSchema, 429: ProblemSchema }),
      },
    },
    async (request, reply) => {
      const signedIn = await signIn(accounts, { ...request.body, clientAddress: request.ip });
      reply.setCookie(SESSION_COOKIE, signedIn.secret, cookieOptions(request));
      return noStore(reply).send({ user: sessionUser(signedIn.user), csrfToken: signedIn.csrfToken });
    },
  );

  app.get(
    '/api/v1/session',
    {
      schema: {
        tags,
        summary: 'Who is calling',
        description:
          'The signed-in user (or null for an API token), the role, and the CSRF token of a session.',
        response: responses({ 200: SessionSchema }),
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal === undefined) throw new Error('an authenticated route ran without a principal');
      const user = principal.userId === undefined ? undefined : await repos.users.find(principal.userId);
      return noStore(reply).send({
        via: principal.via,
        role: principal.role,
        user: user === undefined ? null : sessionUser(user),
        ...(principal.csrfToken !== undefined && { csrfToken: principal.csrfToken }),
      });
    },
  );

  app.delete(
    '/api/v1/session',
    {
      config: { role: 'viewer' },
      schema: {
        tags,
        summary: 'Sign out',
        description: 'Ends the session of the cookie. With an API token instead: 409 not_signed_in.',
        response: responses({ 204: NoContent }),
      },
    },
    async (request, reply) => {
      const sessionId = request.principal?.sessionId;
      if (sessionId === undefined) {
        throw conflict(
          'not_signed_in',
          'This request uses an API token, not a session: there is nothing to sign out',
        );
      }
      await signOut(accounts, sessionId);
      reply.clearCookie(SESSION_COOKIE, cookieOptions(request));
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/users/:id/password',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['users'],
        summary: "Set a user's password",
        description:
          "An admin sets anyone's; a signed-in user sets their own with currentPassword. The user's " +
          'other sessions end.',
        params: IdParams,
        body: SetPasswordSchema,
        response: responses({ 204: NoContent, 429: ProblemSchema }),
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (principal === undefined) throw new Error('an authenticated route ran without a principal');
      await setPassword(
        accounts,
        {
          role: principal.role,
          userId: principal.userId,
          sessionId: principal.sessionId,
          clientAddress: request.ip,
        },
        {
          userId: request.params.id,
          password: request.body.password,
          currentPassword: request.body.currentPassword,
          at: '/body',
        },
      );
      return reply.status(204).send(null);
    },
  );
}
