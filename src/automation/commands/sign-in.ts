import { randomBytes } from 'node:crypto';
import { AppError } from '../../domain/errors.ts';
import type { User } from '../../domain/user.ts';
import { spendPasswordCheck, verifyPassword } from '../passwords.ts';
import { newSessionSecret, SESSION_IDLE_MS, SESSION_MAX_MS, sessionIdOf } from '../sessions.ts';
import type { SignInContext } from '../sign-in-ports.ts';
import { addressKey, checkSignInLimit, emailKey, recordSignInFailure } from './sign-in-rate-limit.ts';

export interface SignInInput {
  readonly email: string;
  readonly password: string;
  /** The client's address (behind a trusted proxy, the forwarded one), for the rate limit. */
  readonly clientAddress: string;
}

export interface SignedIn {
  readonly user: User;
  /** The cookie's value; only its hash is stored. */
  readonly secret: string;
  readonly csrfToken: string;
  readonly expiresAt: Date;
}

/** One answer for every kind of wrong: it must not tell which emails have accounts. */
export const signInFailed = (): AppError =>
  new AppError('sign_in_failed', 'unauthorized', 'The email or the password is not right');

/**
 * Signs a user in with email and password and opens a session. Wrong email, wrong password, a user
 * without a password and an inactive user all fail alike, and each costs one password check, so
 * neither the answer nor its time tells them apart. Attempts past the rate limit are refused
 * before the password is looked at, even a right one.
 */
export async function signIn(context: SignInContext, input: SignInInput): Promise<SignedIn> {
  const keys = [emailKey(input.email), addressKey(input.clientAddress)];
  await checkSignInLimit(context, keys);
  const found = await context.credentials.findCredentialsByEmail(input.email);
  let matches = false;
  if (found?.passwordHash == null) await spendPasswordCheck(input.password);
  else matches = await verifyPassword(input.password, found.passwordHash);
  if (found === undefined || !matches || !found.user.active) {
    await recordSignInFailure(context, keys);
    throw signInFailed();
  }
  const [byEmail] = keys;
  if (byEmail !== undefined) await context.signInFailures.clear(byEmail.key);
  const now = context.clock.now();
  await context.sessions.deleteEndedForUser(found.user.id, new Date(now.getTime() - SESSION_IDLE_MS), now);
  const secret = newSessionSecret();
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_MAX_MS);
  await context.sessions.create({
    id: sessionIdOf(secret),
    userId: found.user.id,
    csrfToken,
    createdAt: now,
    expiresAt,
  });
  return { user: found.user, secret, csrfToken, expiresAt };
}
