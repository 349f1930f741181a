import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { BIN, LONG, repo } from './e2e.ts';

/** A `bin/stageflow.js` child process, its output kept for failure messages. */
export interface StageflowProcess {
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
}

/** Starts `stageflow <args>` on the system clock with `env` over this process's environment. */
export function spawnStageflow(args: string[], env: Record<string, string>): StageflowProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: repo,
    env: { ...process.env, LOG_LEVEL: 'info', STAGEFLOW_CLOCK: '', STAGEFLOW_WEB_BUILD: 'never', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, exited, output: () => output };
}

/**
 * Polls `check` until it answers a value. Fails at once, with its output, when one of `alive`
 * exits meanwhile; the generous deadline only stops a hung test.
 */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  alive: readonly StageflowProcess[],
): Promise<T> {
  const deadline = Date.now() + LONG;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    const dead = alive.find((child) => child.process.exitCode !== null);
    if (dead !== undefined || Date.now() > deadline) {
      assert.fail(`no ${what}; ${dead ? 'a process exited' : 'timed out'}\n${dead?.output() ?? ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
