import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../domain/roles.ts';
import type { SignInContext, StoredSession } from './sign-in-ports.ts';

/** A session ends after this long without use. Default: 14 days. */
export const SESSION_IDLE_MS = 14 * 24 * 60 * 60 * 1000;
/** A session ends this long after signing in, however often it is used. Default: 30 days. */
export const SESSION_MAX_MS = 30 * 24 * 60 * 60 * 1000;
/** Last use is written at most this often: one write per 10 minutes, not per request. */
export const SESSION_TOUCH_MS = 10 * 60 * 1000;

/** 32 random bytes, base64url: the cookie's value. */
export const newSessionSecret = (): string => randomBytes(32).toString('base64url');

/** Sessions are stored by the SHA-256 of their secret, so a leaked database leaks no cookie. */
export const sessionIdOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export interface ActiveSession {
  readonly id: string;
  readonly userId: string;
  /** The user's role now, not when they signed in. */
  readonly role: Role;
  /** The user's name now, for records of who did something. */
  readonly userName: string;
  readonly csrfToken: string;
}

function isLive(session: StoredSession, now: Date): boolean {
  return (
    session.userActive &&
    session.expiresAt.getTime() > now.getTime() &&
    session.lastSeenAt.getTime() + SESSION_IDLE_MS > now.getTime()
  );
}

/**
 * The session of a cookie's secret if it is still good: not past its absolute end, used within
 * the idle limit, and its user active. Its last use moves forward (sliding expiry).
 */
export async function resumeSession(
  context: Pick<SignInContext, 'clock' | 'sessions'>,
  secret: string,
): Promise<ActiveSession | undefined> {
  const now = context.clock.now();
  const session = await context.sessions.find(sessionIdOf(secret));
  if (session === undefined || !isLive(session, now)) return undefined;
  if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_TOUCH_MS) {
    await context.sessions.touch(session.id, now);
  }
  return {
    id: session.id,
    userId: session.userId,
    role: session.userRole,
    userName: session.userName,
    csrfToken: session.csrfToken,
  };
}
