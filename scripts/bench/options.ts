import { parseArgs } from 'node:util';
import type { TimerSizes } from './timers.ts';

/** Sizes of one run: the full bench, or the smoke run that only proves every figure comes out. */
export interface BenchOptions {
  readonly smoke: boolean;
  readonly out: string | undefined;
  readonly customers: number;
  readonly otherTriggers: readonly [number, number];
  readonly rawSeconds: number;
  readonly ingestSeconds: number;
  /** Events of the warm-up after each server start (not measured). */
  readonly warmupEvents: number;
  /**
   * A phase sends about as many events as the server processes in this time (read from the
   * warm-up), between `minEvents` and `maxEvents`, so a slow server does not make a phase endless.
   */
  readonly processedSeconds: number;
  readonly minEvents: number;
  readonly maxEvents: number;
  readonly latencySeconds: number;
  readonly steadyBuckets: number;
  readonly bucketSeconds: number;
  readonly timers: TimerSizes & { readonly leadMs: number };
  readonly workerRuns: number;
  readonly workerSeconds: number;
  /** Runs of the worker phase are due this long after they are planned, once processes are up. */
  readonly workerLeadMs: number;
  /** How long a phase waits for the backlog. Unit: ms. */
  readonly drainMs: number;
  /** How long a backlog may stand still, the server idle, before it is given up on. Unit: ms. */
  readonly idleMs: number;
}

/**
 * Default minutes of steady load: with setup and the other phases the full bench stays under
 * 10 minutes per database on this class of machine. BENCH_STEADY_MINUTES=10 runs what the issue
 * asks for (and the bench then takes about 18 minutes).
 */
export const DEFAULT_STEADY_MINUTES = 2;

export const USAGE = `Usage: node scripts/bench.ts [--smoke] [--steady-minutes N] [--out FILE]
  --smoke             tiny sizes, under a minute: proves every figure comes out, measures nothing
  --steady-minutes N  minutes of steady load (also BENCH_STEADY_MINUTES); default ${DEFAULT_STEADY_MINUTES}
  --out FILE          where the JSON goes; default bench-results/<database>-<timestamp>.json
PostgreSQL instead of SQLite when DATABASE_URL is set (a scratch database is created and dropped).`;

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      smoke: { type: 'boolean', default: false },
      'steady-minutes': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const minutesText = values['steady-minutes'] ?? env['BENCH_STEADY_MINUTES'];
  const minutes =
    minutesText === undefined || minutesText === '' ? DEFAULT_STEADY_MINUTES : Number(minutesText);
  if (!Number.isFinite(minutes) || minutes <= 0)
    throw new Error(`steady minutes: "${minutesText}" is not a positive number`);
  if (values.smoke) {
    return {
      smoke: true,
      out: values.out,
      customers: 300,
      otherTriggers: [10, 100],
      rawSeconds: 0.5,
      ingestSeconds: 0.5,
      warmupEvents: 30,
      processedSeconds: 1.5,
      minEvents: 20,
      maxEvents: 200,
      latencySeconds: 1,
      steadyBuckets: 2,
      bucketSeconds: 1.5,
      timers: { runs: 3_000, dueInWindow: 100, dueAtStart: 10, windowSeconds: 1.5, items: 20, leadMs: 3_000 },
      workerRuns: 100,
      workerSeconds: 20,
      workerLeadMs: 1_000,
      drainMs: 30_000,
      idleMs: 2_500,
    };
  }
  return {
    smoke: false,
    out: values.out,
    customers: 100_000,
    otherTriggers: [10, 10_000],
    rawSeconds: 3,
    ingestSeconds: 6,
    warmupEvents: 500,
    processedSeconds: 15,
    minEvents: 300,
    maxEvents: 30_000,
    latencySeconds: 15,
    steadyBuckets: Math.max(1, Math.round(minutes)),
    bucketSeconds: 60,
    timers: {
      runs: 1_000_000,
      dueInWindow: 20_000,
      dueAtStart: 100,
      windowSeconds: 30,
      items: 1_000,
      leadMs: 10_000,
    },
    workerRuns: 20_000,
    workerSeconds: 20,
    workerLeadMs: 8_000,
    drainMs: 120_000,
    idleMs: 3_000,
  };
}
