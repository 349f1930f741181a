import { forbidden, invalid, notFound } from '../../domain/errors.ts';
import { type Role, roleAllows } from '../../domain/roles.ts';
import { hashPassword, passwordLengthProblem, verifyPassword } from '../passwords.ts';
import type { SignInContext } from '../sign-in-ports.ts';
import { addressKey, checkSignInLimit, emailKey, recordSignInFailure } from './sign-in-rate-limit.ts';

/** Who sets the password: an admin (or the operator's CLI) sets anyone's, a user their own. */
export interface PasswordSetter {
  readonly role: Role;
  readonly userId?: string | undefined;
  /** The setter's own session, which stays signed in when they change their own password. */
  readonly sessionId?: string | undefined;
  readonly clientAddress?: string | undefined;
}

export interface SetPasswordInput {
  readonly userId: string;
  readonly password: string;
  /** Needed when users set their own password without being an admin. */
  readonly currentPassword?: string | undefined;
  /** The JSON pointer under which the input's fields are named in errors: "/body". */
  readonly at: string;
}

/**
 * Sets a user's password. Every other session of that user ends (a changed password is how a
 * person throws out whoever else holds their cookie); the setter's own session stays. A wrong
 * current password counts as a failed sign-in for the rate limit, so a stolen session cannot
 * guess the password at leisure.
 */
export async function setPassword(
  context: SignInContext,
  setter: PasswordSetter,
  input: SetPasswordInput,
): Promise<{ readonly sessionsEnded: number }> {
  const { at } = input;
  const lengthProblem = passwordLengthProblem(input.password);
  if (lengthProblem !== undefined) throw invalid(`${at}/password`, lengthProblem);
  const found = await context.credentials.findCredentials(input.userId);
  if (found === undefined) throw notFound('user', input.userId);
  if (!roleAllows(setter.role, 'admin')) {
    if (setter.userId !== input.userId) {
      throw forbidden('Only an admin may set the password of another user');
    }
    if (input.currentPassword === undefined) {
      throw invalid(`${at}/currentPassword`, 'is required to change your own password');
    }
    const keys = [
      emailKey(found.user.email),
      ...(setter.clientAddress === undefined ? [] : [addressKey(setter.clientAddress)]),
    ];
    await checkSignInLimit(context, keys);
    const right =
      found.passwordHash !== null && (await verifyPassword(input.currentPassword, found.passwordHash));
    if (!right) {
      await recordSignInFailure(context, keys);
      throw invalid(`${at}/currentPassword`, 'is not the current password', 'current_password_wrong');
    }
  }
  await context.credentials.setPasswordHash(
    input.userId,
    await hashPassword(input.password),
    context.clock.now(),
  );
  const keep = setter.userId === input.userId ? setter.sessionId : undefined;
  const sessionsEnded = await context.sessions.deleteForUser(input.userId, keep);
  return { sessionsEnded };
}
