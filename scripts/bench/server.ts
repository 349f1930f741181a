import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { sleep } from './stats.ts';
import { BIN, repo } from './workspace.ts';

/** A `bin/stageflow.js serve` or `worker` child process of the bench. */
export interface Child {
  readonly process: ChildProcess;
  readonly pid: number;
  readonly exited: Promise<void>;
  output(): string;
}

export interface Server extends Child {
  readonly base: string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

function spawnChild(args: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: repo,
    env: { ...process.env, STAGEFLOW_CLOCK: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // Only the tail is kept: a long run must not grow the bench's own memory.
  const keep = (chunk: Buffer) => {
    output = (output + String(chunk)).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  if (child.pid === undefined) throw new Error(`could not start stageflow ${args.join(' ')}`);
  return { process: child, pid: child.pid, exited, output: () => output };
}

/** Starts `stageflow serve` on its own port; answers once /readyz says ready. */
export async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawnChild(['serve'], { ...env, PORT: String(port), HOST: '127.0.0.1' });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.process.exitCode !== null) throw new Error(`the server exited:\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`the server did not get ready:\n${child.output()}`);
    const ready = await fetch(`${base}/readyz`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return { ...child, base };
    await sleep(50);
  }
}

/** Starts `stageflow worker` (PostgreSQL scale-out); answers once it logs that it started. */
export async function startWorker(env: Record<string, string>): Promise<Child> {
  const child = spawnChild(['worker'], { ...env, LOG_LEVEL: 'info' });
  const deadline = Date.now() + 120_000;
  while (!child.output().includes('worker started')) {
    if (child.process.exitCode !== null) throw new Error(`the worker exited:\n${child.output()}`);
    if (Date.now() > deadline) throw new Error(`the worker did not start:\n${child.output()}`);
    await sleep(50);
  }
  return child;
}

/** SIGTERM (graceful: running runs finish or are released) or SIGKILL (a crash), then the exit. */
export async function stop(child: Child, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill(signal);
  await child.exited;
}

/** Resident memory of a process (VmRSS of /proc/<pid>/status). Unit: MB; NaN off Linux. */
export function rssMb(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? Number.NaN : Number(match[1]) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** CPU time used so far by a process, user + system (/proc/<pid>/stat). Unit: ms; NaN off Linux. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) in parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line: 12 and 13 after the name.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}
