import type { Store } from '../../src/store/database.ts';
import { query } from './bulk.ts';
import { generateRuns, insertTimerItems, planRuns } from './runs-seed.ts';
import { count, type Setup } from './seed.ts';
import { type Child, rssMb, type Server, startServer, startWorker, stop } from './server.ts';
import { chunks, msBetween, perSecond, quantile, sleep } from './stats.ts';

export interface TimerSizes {
  /** Planned runs in all. */
  readonly runs: number;
  /** Of them, due within the measured window (the rest lie days ahead). */
  readonly dueInWindow: number;
  /** Already due when the server starts: the first of them fired is the restart figure. */
  readonly dueAtStart: number;
  readonly windowSeconds: number;
  /** Items the runs are spread over. */
  readonly items: number;
}

export interface TimerFigure {
  readonly plannedRuns: number;
  readonly firedInWindow: number;
  readonly notFiredInWindow: number;
  readonly latenessP50Ms: number;
  readonly latenessP99Ms: number;
  readonly latenessMaxMs: number;
  readonly rssMaxMb: number;
  readonly rssEndMb: number;
  readonly restartToFirstFireMs: number;
}

/**
 * Timers at scale, with the server stopped: `runs` runs are planned (bulk insert), a share due
 * during the window and some already due; then the server starts (a restart after a kill) and
 * the bench reads, from the runs table, when each due run started against when it was due, and
 * samples the server's RSS meanwhile.
 */
export async function timers(
  store: Store,
  setup: Setup,
  env: Record<string, string>,
  sizes: TimerSizes & { readonly leadMs: number },
  log: (line: string) => void,
): Promise<{ figure: TimerFigure; server: Server }> {
  const insertStarted = Date.now();
  const day = 86_400_000;
  const far = sizes.runs - sizes.dueInWindow - sizes.dueAtStart;
  const items = await insertTimerItems(store, setup.timers, sizes.items);
  await generateRuns(store, items, sizes.dueAtStart, { startMs: insertStarted - 1000, stepMs: 0, cycle: 1 });
  await generateRuns(store, items, far, {
    startMs: insertStarted + day,
    stepMs: (29 * day) / far,
    cycle: far,
  });
  // The runs due in the window go in last, so the window starts after the big insert.
  const windowStart = Date.now() + sizes.leadMs;
  const windowMs = sizes.windowSeconds * 1000;
  await generateRuns(store, items, sizes.dueInWindow, {
    startMs: windowStart,
    stepMs: windowMs / sizes.dueInWindow,
    cycle: sizes.dueInWindow,
  });
  log(`  planned ${sizes.runs} runs in ${((Date.now() - insertStarted) / 1000).toFixed(1)} s`);
  // The restart: the server was killed before the runs were planned.
  const spawned = Date.now();
  const server = await startServer(env);
  const rss: number[] = [];
  let firstFire: string | null = null;
  const windowEnd = windowStart + windowMs;
  const from = new Date(windowStart).toISOString();
  const to = new Date(windowEnd).toISOString();
  // Every run due in the window is waited for (at most a minute past it), so a slow start shows
  // as lateness rather than as runs left out of the figure.
  const unfired = () =>
    count(
      store,
      "select count(*) as n from runs where robot_id = ? and due_at >= ? and due_at <= ? and status = 'scheduled'",
      [setup.timers.robotId, from, to],
    );
  while (
    Date.now() < windowEnd ||
    (firstFire === null && Date.now() < spawned + 60_000) ||
    (Date.now() < windowEnd + 60_000 && (await unfired()) > 0)
  ) {
    rss.push(rssMb(server.pid));
    if (firstFire === null) {
      const [row] = await query<{ at: string | null }>(
        store.db,
        store.capabilities.dialect,
        'select min(started_at) as at from runs where robot_id = ? and started_at is not null',
        [setup.timers.robotId],
      );
      firstFire = row?.at ?? null;
    }
    await sleep(firstFire === null ? 20 : 500);
  }
  rss.push(rssMb(server.pid));
  const rows = await query<{ due: string; started: string | null }>(
    store.db,
    store.capabilities.dialect,
    'select due_at as due, started_at as started from runs where robot_id = ? and due_at >= ? and due_at <= ?',
    [setup.timers.robotId, from, to],
  );
  const late = rows.flatMap((row) => (row.started === null ? [] : [msBetween(row.due, row.started)]));
  return {
    server,
    figure: {
      plannedRuns: sizes.runs,
      firedInWindow: late.length,
      notFiredInWindow: rows.length - late.length,
      latenessP50Ms: quantile(late, 0.5),
      latenessP99Ms: quantile(late, 0.99),
      latenessMaxMs: late.length === 0 ? Number.NaN : Math.max(...late),
      rssMaxMb: Math.max(...rss.filter((value) => !Number.isNaN(value))),
      rssEndMb: rss.at(-1) ?? Number.NaN,
      restartToFirstFireMs: firstFire === null ? Number.NaN : Date.parse(firstFire) - spawned,
    },
  };
}

export interface WorkersFigure {
  readonly processes: number;
  readonly runsPerSecond: number;
  readonly runs: number;
}

/**
 * Robot runs/s with `workers` extra `stageflow worker` processes beside the server (PostgreSQL):
 * `runs` runs of an internal action are planned, due once every process has started, with the
 * processes stopped. From then until they are done (at most `seconds`), every run that succeeded
 * counts, whichever robot's: runs an earlier phase left due are the same work. What is not
 * finished is cancelled, so the next phase starts clean.
 */
export async function workersPhase(
  store: Store,
  setup: Setup,
  env: Record<string, string>,
  workers: number,
  runs: number,
  seconds: number,
  leadMs: number,
): Promise<WorkersFigure> {
  const planned = new Date().toISOString();
  const due = Date.now() + leadMs * (1 + workers / 2);
  const ids = await planRuns(store, setup.runNow, runs, runs, () => new Date(due));
  const children: Child[] = [];
  for (let i = 0; i < workers; i += 1) children.push(await startWorker(env));
  children.push(await startServer(env));
  const from = Math.max(Date.now(), due);
  await sleep(from - Date.now());
  const ours = () =>
    count(
      store,
      "select count(*) as n from runs where robot_id = ? and status = 'succeeded' and created_at >= ?",
      [setup.runNow.robotId, planned],
    );
  while (Date.now() < from + seconds * 1000 && (await ours()) < runs) await sleep(200);
  const to = Date.now();
  for (const child of children) await stop(child);
  const done = await count(
    store,
    "select count(*) as n from runs where status = 'succeeded' and finished_at >= ? and finished_at <= ?",
    [new Date(from).toISOString(), new Date(to).toISOString()],
  );
  for (const part of chunks(ids, 1000)) {
    await query(
      store.db,
      store.capabilities.dialect,
      `update runs set status = 'cancelled', reason = 'bench phase over' where status = 'scheduled' and id in (${part.map(() => '?').join(', ')})`,
      part,
    );
  }
  return { processes: 1 + workers, runs: done, runsPerSecond: perSecond(done, to - from) };
}

/** Robot runs that wrote more than one timeline entry: a run done twice. */
export async function runsDoneTwice(store: Store, robotId: string): Promise<number> {
  const rows = await query<{ data: unknown }>(
    store.db,
    store.capabilities.dialect,
    "select data from timeline_entries where kind = 'robot_entry' and item_id in (select item_id from runs where robot_id = ?)",
    [robotId],
  );
  const perRun = new Map<string, number>();
  for (const row of rows) {
    const data = (typeof row.data === 'string' ? JSON.parse(row.data) : row.data) as { runId?: string };
    if (data.runId !== undefined) perRun.set(data.runId, (perRun.get(data.runId) ?? 0) + 1);
  }
  return [...perRun.values()].filter((n) => n > 1).length;
}
