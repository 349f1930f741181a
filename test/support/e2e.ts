import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/**
 * The real thing for end-to-end tests: `bin/stageflow.js` in child processes, over real TCP, on
 * SQLite or (with DATABASE_URL) on a fresh PostgreSQL database. Timeouts only stop a hung test.
 */

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(repo, 'bin', 'stageflow.js');
export const LONG = 90_000;

export interface Workspace {
  readonly env: Record<string, string>;
  cleanup(): Promise<void>;
}

/**
 * A data folder and, with DATABASE_URL set, a fresh PostgreSQL database. Servers started on it
 * serve web/dist as built (`npm test` builds it first) rather than build it in every process.
 */
export async function createWorkspace(): Promise<Workspace> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stageflow-e2e-'));
  const base = process.env['DATABASE_URL'];
  if (base === undefined || base === '') {
    return {
      env: { STAGEFLOW_DATA_DIR: dataDir, DATABASE_URL: '', STAGEFLOW_WEB_BUILD: 'never' },
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `sf_e2e_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    env: { STAGEFLOW_DATA_DIR: dataDir, DATABASE_URL: url.toString(), STAGEFLOW_WEB_BUILD: 'never' },
    cleanup: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      const dropper = new pg.Client({ connectionString: base });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

/** Runs the real CLI to its end; `input` is written to its standard input. */
export function cli(args: string[], env: Record<string, string>, input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: repo,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    encoding: 'utf8',
    timeout: LONG,
    ...(input !== undefined && { input }),
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function waitFor<T>(
  what: string,
  check: () => T | undefined,
  child: ChildProcess,
  output: () => string,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const value = check();
      if (value !== undefined) {
        clearInterval(timer);
        resolve(value);
      } else if (child.exitCode !== null || Date.now() > deadline) {
        clearInterval(timer);
        reject(new Error(`no ${what} (exit code ${child.exitCode}); output:\n${output()}`));
      }
    }, 50);
    const deadline = Date.now() + LONG;
  });
}

export interface RunningServer {
  readonly process: ChildProcess;
  readonly base: string;
  readonly token: string;
  /** The demo admin's sign-in that the banner prints, when it prints one. */
  readonly signIn: { readonly email: string; readonly password: string } | undefined;
  stdout(): string;
  stderr(): string;
}

/**
 * Starts `stageflow serve --demo` and waits for the banner's URL and admin token. The port is
 * free when chosen, but another test process may bind it before the server does: a start that
 * exits because the address is in use is tried again on another port.
 */
export async function startServer(env: Record<string, string>): Promise<RunningServer> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startServerOnce(env);
    } catch (error) {
      if (attempt === 3 || !(error instanceof Error) || !error.message.includes('EADDRINUSE')) throw error;
    }
  }
}

async function startServerOnce(env: Record<string, string>): Promise<RunningServer> {
  const port = await freePort();
  const server = spawn(process.execPath, [BIN, 'serve', '--demo'], {
    cwd: repo,
    env: { ...process.env, LOG_LEVEL: 'info', ...env, PORT: String(port), HOST: '127.0.0.1' },
  });
  let stdout = '';
  let stderr = '';
  server.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  server.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const output = () => `stdout:\n${stdout}\nstderr:\n${stderr}`;
  const token = await waitFor(
    'token in the banner',
    () => /export TOKEN=(sf_\S+)/.exec(stderr)?.[1],
    server,
    output,
  );
  const base = await waitFor(
    'URL in the banner',
    () => /running at (http:\S+)/.exec(stderr)?.[1],
    server,
    output,
  );
  // The banner is written at once: the sign-in line, if any, came with the token.
  const signInLine = /Sign in\s+\S+\s+as (\S+) \/ (\S+)/.exec(stderr);
  const signIn =
    signInLine?.[1] === undefined || signInLine[2] === undefined
      ? undefined
      : { email: signInLine[1], password: signInLine[2] };
  return { process: server, base, token, signIn, stdout: () => stdout, stderr: () => stderr };
}

/** Stops a server as an operator does (SIGTERM) and answers its exit code. */
export function stopServer(server: RunningServer): Promise<number | null> {
  return new Promise((resolve) => {
    const child = server.process;
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}
