import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/database.ts';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(repo, 'bin', 'stageflow.js');

/**
 * Where one bench run keeps its data: a temporary folder (the SQLite file, and the raw-limit
 * file beside it) and, with DATABASE_URL, a scratch PostgreSQL database dropped at the end.
 */
export interface Workspace {
  readonly dialect: 'sqlite' | 'postgres';
  readonly dataDir: string;
  /** The scratch database's URL (PostgreSQL), or undefined for SQLite. */
  readonly databaseUrl: string | undefined;
  /** What every stageflow process of the run is started with. */
  readonly env: Record<string, string>;
  /** A connection of the bench itself, for bulk setup and for reading timestamps. */
  openStore(): Store;
  cleanup(): Promise<void>;
}

export async function createWorkspace(baseUrl: string | undefined): Promise<Workspace> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stageflow-bench-'));
  const common = { STAGEFLOW_DATA_DIR: dataDir, STAGEFLOW_WEB_BUILD: 'never', LOG_LEVEL: 'warn' };
  if (baseUrl === undefined || baseUrl === '') {
    return {
      dialect: 'sqlite',
      dataDir,
      databaseUrl: undefined,
      env: { ...common, DATABASE_URL: '' },
      openStore: () => openStore({ databaseUrl: undefined, dataDir }),
      cleanup: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `sf_bench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return {
    dialect: 'postgres',
    dataDir,
    databaseUrl,
    env: { ...common, DATABASE_URL: databaseUrl },
    openStore: () => openStore({ databaseUrl, dataDir }),
    cleanup: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      const dropper = new pg.Client({ connectionString: baseUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/** Runs the real CLI to its end and answers its stdout; a failure stops the bench. */
export function cli(args: string[], env: Record<string, string>): string {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: repo,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (result.status !== 0) {
    throw new Error(
      `stageflow ${args.join(' ')} exited with ${result.status}:\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}
