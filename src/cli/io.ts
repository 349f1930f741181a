import { AppError } from '../domain/errors.ts';
import type { Environment } from './config-env.ts';

/** What a command may touch of its process, so commands run the same in tests and in a terminal. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  /** Writes bytes as they are (a file in its own encoding). Default: decoded as UTF-8 to `stdout`. */
  readonly stdoutBytes?: (bytes: Uint8Array) => void;
  readonly stderr: (text: string) => void;
  readonly env: Environment;
  readonly cwd: string;
  /**
   * Reads one line from standard input (without its line break), for a secret that must not
   * appear in the command line or the shell's history; `prompt` is shown (on stderr) only when a
   * person types it. Answers undefined when the input is empty.
   */
  readonly readLine?: (prompt: string) => Promise<string | undefined>;
}

/** Longest line read from standard input: a password fits many times over. */
const MAX_LINE_BYTES = 64 * 1024;

/** The first line of a stream: up to its first line break, or all of it if it has none. */
export function readFirstLine(stream: NodeJS.ReadableStream): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let text = '';
    let seen = false;
    const finish = (line: string | undefined) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.pause();
      resolve(line?.replace(/\r$/, ''));
    };
    const onData = (chunk: Buffer | string) => {
      seen = true;
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end !== -1) finish(text.slice(0, end));
      else if (text.length > MAX_LINE_BYTES) finish(text.slice(0, MAX_LINE_BYTES));
    };
    const onEnd = () => finish(seen ? text : undefined);
    const onError = (error: Error) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      reject(error);
    };
    stream.setEncoding('utf8');
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    stream.resume();
  });
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

/**
 * A line typed at a terminal without echoing it (a password): raw mode, Backspace deletes, Enter
 * ends, Ctrl+C or Ctrl+D gives up (undefined).
 */
function readHiddenLine(input: NodeJS.ReadStream): Promise<string | undefined> {
  return new Promise((resolve) => {
    let typed = '';
    const finish = (line: string | undefined) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
      resolve(line);
    };
    const onData = (chunk: Buffer | string) => {
      for (const char of chunk.toString()) {
        if (char === '\r' || char === '\n') return finish(typed);
        if (char === '\u0003' || char === '\u0004') return finish(undefined);
        if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
        else if (typed.length < MAX_LINE_BYTES) typed += char;
      }
    };
    input.setRawMode(true);
    input.setEncoding('utf8');
    input.on('data', onData);
    input.resume();
  });
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stdoutBytes: (bytes) => process.stdout.write(bytes),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  cwd: process.cwd(),
  readLine: (prompt) => {
    if (!process.stdin.isTTY) return readFirstLine(process.stdin);
    process.stderr.write(prompt);
    return readHiddenLine(process.stdin);
  },
};
