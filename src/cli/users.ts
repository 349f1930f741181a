import { setPassword } from '../automation/commands/set-password.ts';
import { passwordLengthProblem } from '../automation/passwords.ts';
import { parseConfig } from './config.ts';
import { type CliIo, EXIT, usageError } from './io.ts';
import { createContext, createLogger, openMigratedStore } from './runtime.ts';

export interface SetPasswordOptions {
  readonly email: string | undefined;
}

const COMMAND = 'users set-password';

/**
 * `stageflow users set-password --email E`: the password comes as one line on stdin (never in the
 * arguments, which other users of the machine and the shell history see). The operator at the
 * server's console may set anyone's; the user's sessions end. Messages go to stderr.
 */
export async function runUsersSetPassword(options: SetPasswordOptions, io: CliIo): Promise<number> {
  const email = options.email?.trim();
  if (email === undefined || email === '') throw usageError('--email is required', COMMAND);
  if (io.readLine === undefined) throw usageError('the password must come on standard input', COMMAND);
  const password = await io.readLine(`New password for ${email}: `);
  if (password === undefined || password === '') {
    io.stderr(`stageflow ${COMMAND}: no password on standard input; nothing changed\n`);
    return EXIT.failure;
  }
  const problem = passwordLengthProblem(password);
  if (problem !== undefined) {
    io.stderr(`stageflow ${COMMAND}: the password ${problem}; nothing changed\n`);
    return EXIT.failure;
  }
  const config = parseConfig(io.env, io.cwd);
  const { store } = await openMigratedStore(config);
  try {
    const { context } = createContext(store, createLogger('silent'), config);
    const { repos, clock } = context;
    const found = await repos.users.findCredentialsByEmail(email);
    if (found === undefined) {
      io.stderr(`stageflow ${COMMAND}: no user has the email ${email}; nothing changed\n`);
      return EXIT.failure;
    }
    const { sessionsEnded } = await setPassword(
      { clock, credentials: repos.users, sessions: repos.sessions, signInFailures: repos.signInFailures },
      { role: 'admin' },
      { userId: found.user.id, password, at: '' },
    );
    const ended = sessionsEnded === 1 ? '1 session ended' : `${sessionsEnded} sessions ended`;
    io.stderr(`Password set for ${found.user.name} <${found.user.email}>; ${ended}.\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
