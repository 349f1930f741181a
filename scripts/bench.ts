/**
 * `npm run bench`: the real server (`bin/stageflow.js serve`, its background loops running)
 * driven over HTTP with keep-alive clients, on SQLite in a temporary folder or, with DATABASE_URL,
 * on a scratch PostgreSQL database, next to the raw commit rate of the same database measured in
 * the same run, so the ratios can be compared across machines. Prints a table with the issue's
 * targets and writes the figures as JSON. `--smoke` runs tiny sizes to prove it still works.
 */

import { arch, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../src/store/database.ts';
import { drain, EventSource } from './bench/events.ts';
import { BenchClient } from './bench/http.ts';
import { ingest, type LoadContext, latency, processed, steady } from './bench/load.ts';
import { type BenchOptions, parseOptions, USAGE } from './bench/options.ts';
import { rawCommitRate } from './bench/raw-limit.ts';
import { printTable, type Results, writeJson } from './bench/report.ts';
import { addOtherTriggers, type Setup, seed } from './bench/seed.ts';
import { startServer, stop } from './bench/server.ts';
import { runsDoneTwice, timers, workersPhase } from './bench/timers.ts';
import { cli, createWorkspace, repo, type Workspace } from './bench/workspace.ts';

const began = Date.now();
const log = (line: string) =>
  console.log(`[${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}`);

async function withServer<T>(
  workspace: Workspace,
  store: Store,
  setup: Setup,
  token: string,
  options: BenchOptions,
  body: (ctx: LoadContext, size: number) => Promise<T>,
): Promise<T> {
  const server = await startServer(workspace.env);
  const client = new BenchClient(server.base, token);
  const ctx: LoadContext = {
    client,
    store,
    events: new EventSource(setup.customers),
    pid: server.pid,
    drainMs: options.drainMs,
    idleMs: options.idleMs,
    log,
  };
  try {
    // Warm-up, not measured: the server's first requests compile code and fill caches. Its rate
    // sizes the phases, so each one's backlog is processed in about processedSeconds.
    const warm = await processed(ctx, options.warmupEvents, options.processedSeconds);
    const size = Math.round(warm.eventsPerSecond * options.processedSeconds);
    const result = await body(
      ctx,
      Math.min(options.maxEvents, Math.max(options.minEvents, Number.isFinite(size) ? size : 0)),
    );
    // The next server must not start with this one's leftovers to work through.
    await drain(store, server.pid, options.drainMs, options.idleMs);
    return result;
  } finally {
    client.close();
    await stop(server);
  }
}

async function run(options: BenchOptions, workspace: Workspace): Promise<Results> {
  const startedAt = new Date().toISOString();
  log(`database: ${workspace.dialect}; ${options.smoke ? 'smoke sizes' : 'full sizes'}`);
  const raw = await rawCommitRate(workspace, options.rawSeconds);
  log(`raw durable single-row commits: ${raw.toFixed(0)}/s`);
  cli(['demo'], workspace.env);
  const store = workspace.openStore();
  try {
    const setup = await seed(store, options.customers, options.otherTriggers[0]);
    log(`set up the S3 shape and ${options.customers} contacts with a deal each`);
    const token = cli(['tokens', 'create', '--name', 'bench', '--role', 'admin'], workspace.env).trim();

    const first = await withServer(workspace, store, setup, token, options, async (ctx, size) => {
      const s = options.ingestSeconds;
      const c1 = await ingest(ctx, 1, 1, s, size);
      const c10 = await ingest(ctx, 10, 1, s, size);
      const c50 = await ingest(ctx, 50, 1, s, size);
      const batch = await ingest(ctx, 10, Math.min(100, Math.ceil(size / 10)), s, size);
      log(`ingest: ${[c1, c10, c50, batch].map((f) => f.eventsPerSecond.toFixed(0)).join(' / ')} events/s`);
      const full = await processed(ctx, size, options.processedSeconds);
      log(`processed: ${full.eventsPerSecond.toFixed(0)} events/s (${full.moves} moves, ${full.runs} runs)`);
      const with10 = await processed(ctx, size, options.processedSeconds);
      const half = await latency(ctx, Math.max(1, full.eventsPerSecond / 2), options.latencySeconds);
      log(`latency at ${half.ratePerSecond.toFixed(0)}/s: move p99 ${half.moveP99Ms.toFixed(0)} ms`);
      const maxBacklog = Math.max(200, full.eventsPerSecond * 5);
      const steadyFigure = await steady(ctx, options.steadyBuckets, options.bucketSeconds, maxBacklog);
      log(`steady: ${steadyFigure.processedPerBucket.join(' ')} processed per ${options.bucketSeconds} s`);
      return { c1, c10, c50, batch, full, with10, half, steadyFigure, size };
    });

    await addOtherTriggers(store, setup, options.otherTriggers[1]);
    // The same number of events as with 10, so the two costs are comparable.
    const with10k = await withServer(workspace, store, setup, token, options, (ctx) =>
      processed(ctx, first.size, options.processedSeconds),
    );
    log(
      `cost: ${first.with10.cpuMsPerEvent.toFixed(2)} / ${with10k.cpuMsPerEvent.toFixed(2)} CPU ms per event`,
    );

    const oneProcess = await workersPhase(
      store,
      setup,
      workspace.env,
      0,
      options.workerRuns,
      options.workerSeconds,
      options.workerLeadMs,
    );
    log(`robot runs, 1 process: ${oneProcess.runsPerSecond.toFixed(0)}/s`);
    const threeProcesses =
      workspace.dialect === 'postgres'
        ? await workersPhase(
            store,
            setup,
            workspace.env,
            2,
            options.workerRuns,
            options.workerSeconds,
            options.workerLeadMs,
          )
        : undefined;
    if (threeProcesses !== undefined)
      log(`robot runs, 3 processes: ${threeProcesses.runsPerSecond.toFixed(0)}/s`);
    const doneTwice = await runsDoneTwice(store, setup.runNow.robotId);

    // The restart of the timer figures: a running server is killed, the runs are planned, and
    // the server starts again.
    await stop(await startServer(workspace.env), 'SIGKILL');
    const timed = await timers(store, setup, workspace.env, options.timers, log);
    await stop(timed.server);
    log(
      `timers: p99 lateness ${timed.figure.latenessP99Ms.toFixed(0)} ms, RSS ${timed.figure.rssMaxMb.toFixed(0)} MB`,
    );

    const bestSingle = Math.max(
      first.c1.eventsPerSecond,
      first.c10.eventsPerSecond,
      first.c50.eventsPerSecond,
    );
    return {
      meta: {
        database: workspace.dialect,
        startedAt,
        seconds: (Date.now() - began) / 1000,
        smoke: options.smoke,
        machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, ${arch()}`,
        node: process.version,
        customers: options.customers,
        steadyMinutes: (options.steadyBuckets * options.bucketSeconds) / 60,
      },
      raw: { commitsPerSecond: raw },
      ingest: {
        c1: first.c1,
        c10: first.c10,
        c50: first.c50,
        batch100c10: first.batch,
        overRaw: bestSingle / raw,
        batchOverRaw: first.batch.eventsPerSecond / raw,
      },
      processed: first.full,
      latency: first.half,
      cost: {
        with10: first.with10,
        with10k,
        cpuRatio: with10k.cpuMsPerEvent / first.with10.cpuMsPerEvent,
        throughputRatio: first.with10.eventsPerSecond / with10k.eventsPerSecond,
      },
      steady: first.steadyFigure,
      timers: timed.figure,
      runs: { oneProcess, ...(threeProcesses !== undefined && { threeProcesses }), doneTwice },
    };
  } finally {
    await store.close();
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2), process.env);
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }
  const workspace = await createWorkspace(process.env['DATABASE_URL']);
  try {
    const results = await run(options, workspace);
    const stamp = results.meta.startedAt.replace(/[:.]/g, '-');
    const out = options.out ?? join(repo, 'bench-results', `${workspace.dialect}-${stamp}.json`);
    printTable(results, (line) => console.log(line));
    writeJson(out, results);
    console.log(`\nFigures written to ${out}`);
    return 0;
  } finally {
    await workspace.cleanup();
  }
}

process.exitCode = await main();
