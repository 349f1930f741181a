import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import pg from 'pg';
import { perSecond } from './stats.ts';
import type { Workspace } from './workspace.ts';

const PAYLOAD = 'x'.repeat(200);
/** Concurrent connections of the PostgreSQL raw limit, as the target names it. */
const PG_CONNECTIONS = 8;

/**
 * The raw limit of the database in this run: durable single-row commits per second, with the
 * settings the server uses. SQLite: a file in the same folder, WAL, synchronous=FULL, one writer
 * (SQLite has one). PostgreSQL: 8 connections each inserting single rows in autocommit.
 */
export async function rawCommitRate(workspace: Workspace, seconds: number): Promise<number> {
  return workspace.databaseUrl === undefined
    ? sqliteRate(workspace.dataDir, seconds)
    : postgresRate(workspace.databaseUrl, seconds);
}

function sqliteRate(dataDir: string, seconds: number): number {
  const path = join(dataDir, 'raw-limit.db');
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('create table raw (id integer primary key, payload text not null)');
  const insert = db.prepare('insert into raw (payload) values (?)');
  const started = performance.now();
  const until = started + seconds * 1000;
  let commits = 0;
  while (performance.now() < until) {
    insert.run(PAYLOAD);
    commits += 1;
  }
  const rate = perSecond(commits, performance.now() - started);
  db.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  return rate;
}

async function postgresRate(url: string, seconds: number): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query('create table bench_raw (id bigserial primary key, payload text not null)');
  const clients = await Promise.all(
    Array.from({ length: PG_CONNECTIONS }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  const started = performance.now();
  const until = started + seconds * 1000;
  let commits = 0;
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < until) {
        await client.query('insert into bench_raw (payload) values ($1)', [PAYLOAD]);
        commits += 1;
      }
    }),
  );
  const rate = perSecond(commits, performance.now() - started);
  await Promise.all(clients.map((client) => client.end()));
  await admin.query('drop table bench_raw');
  await admin.end();
  return rate;
}
