import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { BIN, LONG, repo } from './e2e.ts';

/**
 * Real `stageflow worker` processes for the fault tests: `bin/stageflow.js worker` with its own
 * environment. The waits only stop a hung test; nothing asserts how long anything took.
 */

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** The exit code (null after a signal). */
  readonly exited: Promise<number | null>;
  /** stdout and stderr so far. */
  output(): string;
}

/** Starts a worker and waits for its "worker started" log line. */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [BIN, 'worker'], {
    cwd: repo,
    env: { ...process.env, LOG_LEVEL: 'info', STAGEFLOW_CLOCK: '', ...env },
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
  const worker: WorkerProcess = { child, exited, output: () => output };
  await waitUntil('the worker to start', async () => {
    if (child.exitCode !== null) assert.fail(`the worker exited with ${child.exitCode}:\n${output}`);
    return output.includes('"msg":"worker started"');
  });
  return worker;
}

/** Polls `check` until it holds; fails after a generous bound with `context()` in the message. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean> | boolean,
  context: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + LONG;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}\n${context()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** SIGTERM, then the exit code. */
export async function stopWorker(worker: WorkerProcess): Promise<number | null> {
  if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  return worker.exited;
}

/** The worker's id (the `lease_owner` of the runs it holds), from its "worker started" line. */
export function workerIdOf(worker: WorkerProcess): string {
  for (const line of worker.output().split('\n')) {
    if (!line.includes('"msg":"worker started"')) continue;
    const id = (JSON.parse(line) as { worker?: unknown }).worker;
    if (typeof id === 'string') return id;
  }
  throw new Error(`no "worker started" line:\n${worker.output()}`);
}
