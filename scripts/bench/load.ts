import type { Store } from '../../src/store/database.ts';
import { query } from './bulk.ts';
import { type BenchEvent, backlog, drain, type EventSource, processedSince } from './events.ts';
import type { BenchClient } from './http.ts';
import { cpuMs } from './server.ts';
import { chunks, msBetween, perSecond, quantile, sleep } from './stats.ts';

/** What every load phase works with. */
export interface LoadContext {
  readonly client: BenchClient;
  readonly store: Store;
  readonly events: EventSource;
  /** The server's process id, for its CPU time. */
  readonly pid: number;
  /** How long a phase may wait for the backlog to be processed. Unit: ms. */
  readonly drainMs: number;
  /** How long a backlog may stand still, the server idle, before it is given up on. Unit: ms. */
  readonly idleMs: number;
  log(line: string): void;
}

/** Lets the server work through the backlog; says so when it did not. */
async function settle(ctx: LoadContext): Promise<void> {
  if (!(await drain(ctx.store, ctx.pid, ctx.drainMs, ctx.idleMs))) {
    ctx.log(
      `  (${await backlog(ctx.store)} events and due runs were left undone; the next phase starts anyway)`,
    );
  }
}

export interface IngestFigure {
  readonly eventsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * Accepted events/s: `concurrency` keep-alive clients, each POSTing as soon as its previous answer
 * came (closed loop), single events or arrays of `batch`, for `seconds` or `maxEvents` (the
 * caller sizes it so the backlog can be processed in a bounded time). The backlog is then
 * processed before the next phase, so phases do not slow each other down.
 */
export async function ingest(
  ctx: LoadContext,
  concurrency: number,
  batch: number,
  seconds: number,
  maxEvents: number,
): Promise<IngestFigure> {
  const latencies: number[] = [];
  let accepted = 0;
  let sent = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until && sent < maxEvents) {
        sent += batch;
        const body = batch === 1 ? ctx.events.next() : ctx.events.batch(batch);
        const answer = await ctx.client.postEvents(body);
        latencies.push(answer.ms);
        accepted += batch;
      }
    }),
  );
  const elapsed = performance.now() - started;
  await settle(ctx);
  return {
    eventsPerSecond: perSecond(accepted, elapsed),
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
  };
}

export interface ProcessedFigure {
  readonly eventsPerSecond: number;
  readonly events: number;
  readonly moves: number;
  readonly runs: number;
  /** Server CPU time per processed event (the database server's own not counted). Unit: ms. */
  readonly cpuMsPerEvent: number;
}

/**
 * Processed events/s end to end: `total` events of the S3 shape sent as fast as the server takes
 * them (arrays of 100 from 4 clients, at most `seconds`), then from the first one's acceptance to
 * the last one's processing, as the events table records them.
 */
export async function processed(ctx: LoadContext, total: number, seconds: number): Promise<ProcessedFigure> {
  await settle(ctx);
  const since = new Date().toISOString();
  const cpuBefore = cpuMs(ctx.pid);
  let sent = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (sent < total && performance.now() < until) {
        const size = Math.min(100, total - sent);
        sent += size;
        await ctx.client.postEvents(ctx.events.batch(size));
      }
    }),
  );
  await settle(ctx);
  const cpu = cpuMs(ctx.pid) - cpuBefore;
  const done = await processedSince(ctx.store, since);
  const span = done.first === null || done.last === null ? 0 : msBetween(done.first, done.last);
  return {
    eventsPerSecond: perSecond(done.processed, span),
    events: done.processed,
    moves: done.moves,
    runs: done.runs,
    cpuMsPerEvent: done.processed === 0 ? Number.NaN : cpu / done.processed,
  };
}

export interface LatencyFigure {
  readonly ratePerSecond: number;
  readonly events: number;
  readonly moveP50Ms: number;
  readonly moveP99Ms: number;
  readonly runP50Ms: number;
  readonly runP99Ms: number;
}

/**
 * Open-loop load at a fixed rate (events are sent on schedule whether or not earlier ones were
 * answered), then per event: accepted (events.received_at) to moved (the journal's "moved"
 * entry) and to its robot run finished (runs.finished_at), as the server recorded them.
 */
export async function latency(ctx: LoadContext, rate: number, seconds: number): Promise<LatencyFigure> {
  await settle(ctx);
  const ids: string[] = [];
  const pending = new Set<Promise<unknown>>();
  const started = performance.now();
  const total = Math.max(1, Math.round(rate * seconds));
  for (let i = 0; i < total; i += 1) {
    const at = started + (i * 1000) / rate;
    const wait = at - performance.now();
    if (wait > 0) await sleep(wait);
    const event: BenchEvent = ctx.events.next();
    ids.push(event.id);
    const sending = ctx.client.postEvents(event).finally(() => pending.delete(sending));
    pending.add(sending);
  }
  await Promise.all(pending);
  await settle(ctx);
  const received = new Map<string, string>();
  const moved = new Map<string, string>();
  const finished = new Map<string, string>();
  const dialect = ctx.store.capabilities.dialect;
  for (const part of chunks(ids, 500)) {
    const marks = part.map(() => '?').join(', ');
    for (const row of await query<{ id: string; at: string }>(
      ctx.store.db,
      dialect,
      `select id, received_at as at from events where id in (${marks})`,
      part,
    ))
      received.set(row.id, row.at);
    for (const row of await query<{ id: string; at: string }>(
      ctx.store.db,
      dialect,
      `select root_event_id as id, min(created_at) as at from journal_entries where kind = 'moved' and root_event_id in (${marks}) group by root_event_id`,
      part,
    ))
      moved.set(row.id, row.at);
    for (const row of await query<{ id: string; at: string }>(
      ctx.store.db,
      dialect,
      `select root_event_id as id, min(finished_at) as at from runs where finished_at is not null and root_event_id in (${marks}) group by root_event_id`,
      part,
    ))
      finished.set(row.id, row.at);
  }
  const delays = (ends: Map<string, string>) =>
    [...ends].flatMap(([id, end]) => {
      const start = received.get(id);
      return start === undefined ? [] : [msBetween(start, end)];
    });
  const moves = delays(moved);
  const runs = delays(finished);
  return {
    ratePerSecond: rate,
    events: ids.length,
    moveP50Ms: quantile(moves, 0.5),
    moveP99Ms: quantile(moves, 0.99),
    runP50Ms: quantile(runs, 0.5),
    runP99Ms: quantile(runs, 0.99),
  };
}

export interface SteadyFigure {
  readonly minutes: number;
  readonly bucketSeconds: number;
  readonly acceptedPerBucket: number[];
  readonly processedPerBucket: number[];
  /** The last bucket's processed count over the first's. */
  readonly lastOverFirst: number;
}

/**
 * Steady load: 10 clients POST single events (closed loop) for `buckets` × `bucketSeconds`; the
 * clients pause while the backlog exceeds `maxBacklog`, so the figure is what the server keeps up
 * with, not a queue growing without end (the backlog is counted from the phase's start). Per bucket: events accepted and events processed (by
 * events.processed_at). Decay shows as later buckets processing fewer.
 */
export async function steady(
  ctx: LoadContext,
  buckets: number,
  bucketSeconds: number,
  maxBacklog: number,
): Promise<SteadyFigure> {
  await settle(ctx);
  const bucketMs = bucketSeconds * 1000;
  const start = Date.now();
  const end = start + buckets * bucketMs;
  const accepted = new Array<number>(buckets).fill(0);
  let paused = false;
  // Counted from what earlier phases left unprocessed, so a stuck remainder does not stop the load.
  const baseline = await backlog(ctx.store);
  const watch = (async () => {
    while (Date.now() < end) {
      paused = (await backlog(ctx.store)) - baseline > maxBacklog;
      await sleep(500);
    }
  })();
  await Promise.all(
    Array.from({ length: 10 }, async () => {
      while (Date.now() < end) {
        if (paused) {
          await sleep(50);
          continue;
        }
        await ctx.client.postEvents(ctx.events.next());
        const bucket = Math.floor((Date.now() - start) / bucketMs);
        if (bucket < buckets) accepted[bucket] = (accepted[bucket] ?? 0) + 1;
      }
    }),
  );
  await watch;
  const processedPerBucket: number[] = [];
  for (let bucket = 0; bucket < buckets; bucket += 1) {
    const from = new Date(start + bucket * bucketMs).toISOString();
    const to = new Date(start + (bucket + 1) * bucketMs).toISOString();
    const [row] = await query<{ n: number | string }>(
      ctx.store.db,
      ctx.store.capabilities.dialect,
      "select count(*) as n from events where source = 'api' and status = 'processed' and processed_at >= ? and processed_at < ?",
      [from, to],
    );
    processedPerBucket.push(Number(row?.n ?? 0));
  }
  await settle(ctx);
  const first = processedPerBucket[0] ?? 0;
  return {
    minutes: (buckets * bucketSeconds) / 60,
    bucketSeconds,
    acceptedPerBucket: accepted,
    processedPerBucket,
    lastOverFirst: first === 0 ? Number.NaN : (processedPerBucket.at(-1) ?? 0) / first,
  };
}
