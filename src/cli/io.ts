import { AppError } from '../domain/errors.ts';
import type { Environment } from './config.ts';

/** What a command may touch of its process, so commands run the same in tests and in a terminal. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Environment;
  readonly cwd: string;
}

export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** EX_CONFIG of sysexits.h: the configuration is wrong, retrying will not help. */
  config: 78,
} as const;

export const USAGE_ERROR = 'cli_usage';

/** A command line that cannot be run as given; `command` names where to look for help. */
export function usageError(message: string, command?: string): AppError {
  return new AppError(USAGE_ERROR, 'invalid', message, command === undefined ? {} : { details: { command } });
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
};
