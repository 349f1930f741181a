/**
 * Robot runs per second with internal actions (issue 10's target: at least 1,000/s): plans RUNS
 * runs of one robot, makes them due at once, starts the process's background work as `serve`
 * does (worker and event loop) and times until every run finished. SQLite in a temporary folder,
 * or PostgreSQL when DATABASE_URL is set (a scratch database is created and dropped).
 *
 *   node scripts/bench-runs.ts [add_timeline_entry|update_fields] [runs]
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { composeProcess } from '../src/cli/compose.ts';
import { parseConfig } from '../src/cli/config.ts';
import { PhoneNumbers } from '../src/domain/phone-numbers.ts';
import { ManualClock } from '../src/queue/clock.ts';
import { openPostgres, openSqlite, type Store } from '../src/store/database.ts';
import { uuidv7 } from '../src/store/ids.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { createRepositories } from '../src/store/repositories/index.ts';

const ACTIONS = {
  add_timeline_entry: { type: 'add_timeline_entry', params: { text: 'Note for {{ item.title }}' } },
  update_fields: { type: 'update_fields', params: { set: { 'fields.note': 'set by a robot' } } },
} as const;

const actionName = (process.argv[2] ?? 'add_timeline_entry') as keyof typeof ACTIONS;
const RUNS = Number(process.argv[3] ?? 3000);
/** Runs one worker executes at once (the worker's default is 10). */
const CONCURRENCY = Number(process.env['CONCURRENCY'] ?? 10);

async function openScratch(): Promise<{ store: Store; url?: string; drop: () => Promise<void> }> {
  const base = process.env['DATABASE_URL'];
  if (base === undefined || base === '') {
    const dir = mkdtempSync(join(tmpdir(), 'stageflow-bench-runs-'));
    const store = openSqlite(join(dir, 'bench.db'));
    return { store, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `sf_bench_runs_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const store = openPostgres(url.toString());
  return {
    store,
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: base });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

const { store, url, drop } = await openScratch();
try {
  await migrateToLatest(store);
  const clock = new ManualClock(new Date('2026-03-02T09:00:00Z'));
  const repos = createRepositories(store.db, uuidv7, new PhoneNumbers());
  const pipeline = await repos.pipelines.create(
    { name: 'Runs', entityType: 'deal', stages: [{ name: 'A' }] },
    clock.now(),
  );
  const [stage] = pipeline.stages;
  if (stage === undefined) throw new Error('no stage');
  await repos.rules.createRobot(
    {
      name: actionName,
      pipelineId: pipeline.id,
      stageId: stage.id,
      timing: { kind: 'after', duration: 'PT1H' },
      condition: { field: 'item.title', op: 'startsWith', value: 'Deal' },
      action: ACTIONS[actionName],
    },
    clock.now(),
  );
  const { automation } = composeProcess({
    config: parseConfig(url === undefined ? {} : { DATABASE_URL: url }),
    store,
    clock: { fixed: clock },
    logger: pino({ level: 'silent' }),
    worker: { concurrency: CONCURRENCY, batchSize: CONCURRENCY },
  });
  for (let i = 0; i < RUNS; i += 1) {
    await automation.engine.createItem(
      { pipelineId: pipeline.id, title: `Deal ${i}` },
      { type: 'system', id: null },
    );
  }
  // Their item.created events are not the work measured here.
  await sql`update events set status = 'processed'`.execute(store.db);
  clock.advance(3_600_000);
  const finished = async () => {
    const row = await store.db
      .selectFrom('runs')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('status', 'in', ['succeeded', 'failed', 'skipped', 'cancelled'])
      .executeTakeFirstOrThrow();
    return Number(row.count);
  };
  // PROFILE=file.cpuprofile: a CPU profile of the measured part only, not of the setup.
  const profile = process.env['PROFILE'];
  const session = profile === undefined ? undefined : new Session();
  session?.connect();
  await session?.post('Profiler.enable');
  await session?.post('Profiler.start');
  const started = performance.now();
  await automation.start({ retention: false });
  automation.wakeup.wake('runs');
  while ((await finished()) < RUNS) await sleep(50);
  const ms = performance.now() - started;
  if (session !== undefined && profile !== undefined) {
    const { profile: taken } = await session.post('Profiler.stop');
    writeFileSync(profile, JSON.stringify(taken));
  }
  await automation.stop();
  const failed = await store.db
    .selectFrom('runs')
    .select('status')
    .where('status', '!=', 'succeeded')
    .execute();
  console.log(
    JSON.stringify({
      database: url === undefined ? 'sqlite' : 'postgres',
      action: actionName,
      runs: RUNS,
      concurrency: CONCURRENCY,
      seconds: Number((ms / 1000).toFixed(2)),
      runsPerSecond: Math.round((RUNS * 1000) / ms),
      notSucceeded: failed.length,
    }),
  );
} finally {
  await store.close();
  await drop();
}
