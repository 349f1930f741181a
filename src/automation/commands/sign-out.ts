import type { SignInContext } from '../sign-in-ports.ts';

/** Ends one session: its cookie stops working at once, in every process. */
export async function signOut(context: Pick<SignInContext, 'sessions'>, sessionId: string): Promise<void> {
  await context.sessions.delete(sessionId);
}
