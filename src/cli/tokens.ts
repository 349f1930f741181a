import { ROLES, type Role } from '../domain/roles.ts';
import { parseConfig } from './config.ts';
import { type CliIo, EXIT, usageError } from './io.ts';
import { createContext, createLogger, openMigratedStore } from './runtime.ts';

export interface TokensCreateOptions {
  readonly name: string | undefined;
  readonly role: string | undefined;
}

const COMMAND = 'tokens create';

/**
 * `stageflow tokens create`: stdout carries the token and nothing else, so scripts can capture
 * it with `$(...)`; logs are silenced for the same reason.
 */
export async function runTokensCreate(options: TokensCreateOptions, io: CliIo): Promise<number> {
  const name = options.name?.trim();
  if (name === undefined || name === '') throw usageError('--name is required', COMMAND);
  if (name.length > 200) throw usageError('--name must be at most 200 characters', COMMAND);
  if (options.role === undefined) throw usageError(`--role is required (${ROLES.join(', ')})`, COMMAND);
  if (!(ROLES as readonly string[]).includes(options.role)) {
    throw usageError(`--role must be one of ${ROLES.join(', ')}, not "${options.role}"`, COMMAND);
  }
  const config = parseConfig(io.env, io.cwd);
  const { store } = await openMigratedStore(config);
  try {
    const { context } = createContext(store, createLogger('silent'), config);
    const { token } = await context.repos.apiTokens.create(name, options.role as Role, context.clock.now());
    io.stdout(`${token}\n`);
  } finally {
    await store.close();
  }
  return EXIT.ok;
}
