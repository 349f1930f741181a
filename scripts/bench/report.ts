import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { IngestFigure, LatencyFigure, ProcessedFigure, SteadyFigure } from './load.ts';
import type { TimerFigure, WorkersFigure } from './timers.ts';

/** Everything one run measured; `npm run bench` writes it as JSON. */
export interface Results {
  readonly meta: {
    readonly database: 'sqlite' | 'postgres';
    readonly startedAt: string;
    readonly seconds: number;
    readonly smoke: boolean;
    readonly machine: string;
    readonly node: string;
    readonly customers: number;
    readonly steadyMinutes: number;
  };
  readonly raw: { readonly commitsPerSecond: number };
  readonly ingest: {
    readonly c1: IngestFigure;
    readonly c10: IngestFigure;
    readonly c50: IngestFigure;
    readonly batch100c10: IngestFigure;
    /** The best single-event ingest over the raw limit. */
    readonly overRaw: number;
    /** Batched ingest (events/s) over the raw limit. */
    readonly batchOverRaw: number;
  };
  readonly processed: ProcessedFigure;
  readonly latency: LatencyFigure;
  readonly cost: {
    readonly with10: ProcessedFigure;
    readonly with10k: ProcessedFigure;
    /** Server CPU per event with 10,000 other triggers over that with 10. */
    readonly cpuRatio: number;
    /** Processed events/s with 10 other triggers over that with 10,000. */
    readonly throughputRatio: number;
  };
  readonly steady: SteadyFigure;
  readonly timers: TimerFigure;
  readonly runs: {
    readonly oneProcess: WorkersFigure;
    /** PostgreSQL only: the server and 2 `stageflow worker` processes. */
    readonly threeProcesses?: WorkersFigure;
    readonly doneTwice: number;
  };
}

interface Row {
  readonly figure: string;
  readonly value: string;
  readonly target: string;
  readonly verdict: string;
}

const n = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

function judged(
  figure: string,
  value: number,
  shown: string,
  target: string,
  met: (v: number) => boolean,
): Row {
  return {
    figure,
    value: shown,
    target,
    verdict: Number.isFinite(value) ? (met(value) ? 'met' : 'MISSED') : 'n/a',
  };
}

const plain = (figure: string, value: string): Row => ({ figure, value, target: '', verdict: '' });

/** The table: each figure, and where the issue sets one, its target and whether it was met. */
export function rows(r: Results): Row[] {
  const ingest = (label: string, f: IngestFigure) =>
    plain(`accepted/s, ${label}`, `${n(f.eventsPerSecond)}/s  p50 ${n(f.p50Ms)} ms  p99 ${n(f.p99Ms)} ms`);
  const sqlite = r.meta.database === 'sqlite';
  const out: Row[] = [
    plain('raw durable single-row commits/s', n(r.raw.commitsPerSecond)),
    ingest('1 client', r.ingest.c1),
    ingest('10 clients', r.ingest.c10),
    ingest('50 clients', r.ingest.c50),
    ingest('arrays of 100, 10 clients', r.ingest.batch100c10),
    judged(
      'ingest ÷ raw (best single-event)',
      r.ingest.overRaw,
      `${n(r.ingest.overRaw, 3)}×`,
      '≥ 1.0×',
      (v) => v >= 1,
    ),
    plain('ingest ÷ raw (arrays of 100)', `${n(r.ingest.batchOverRaw, 3)}×`),
    sqlite
      ? judged(
          'processed events/s (S3 shape)',
          r.processed.eventsPerSecond,
          n(r.processed.eventsPerSecond),
          '≥ 2000/s',
          (v) => v >= 2000,
        )
      : plain('processed events/s (S3 shape)', n(r.processed.eventsPerSecond)),
    plain(
      '  moves / robot runs in that phase',
      `${r.processed.moves} / ${r.processed.runs} of ${r.processed.events}`,
    ),
    plain('half-load rate (open loop)', `${n(r.latency.ratePerSecond)}/s`),
    judged(
      'event → move p50 / p99',
      r.latency.moveP99Ms,
      `${n(r.latency.moveP50Ms)} / ${n(r.latency.moveP99Ms)} ms`,
      'p99 ≤ 50 ms',
      (v) => v <= 50,
    ),
    plain('event → run finished p50 / p99', `${n(r.latency.runP50Ms)} / ${n(r.latency.runP99Ms)} ms`),
    plain(
      'processed/s, 10 / 10,000 other triggers',
      `${n(r.cost.with10.eventsPerSecond)} / ${n(r.cost.with10k.eventsPerSecond)}`,
    ),
    plain(
      'server CPU ms/event, 10 / 10,000 triggers',
      `${n(r.cost.with10.cpuMsPerEvent, 2)} / ${n(r.cost.with10k.cpuMsPerEvent, 2)}`,
    ),
    judged(
      'cost ratio 10,000 ÷ 10 (CPU per event)',
      r.cost.cpuRatio,
      `${n(r.cost.cpuRatio, 2)}×`,
      '≤ 1.1×',
      (v) => v <= 1.1,
    ),
    plain(
      `steady: processed per ${r.steady.bucketSeconds} s`,
      r.steady.processedPerBucket.map((v) => String(v)).join(' '),
    ),
    judged(
      'steady: last ÷ first',
      r.steady.lastOverFirst,
      `${n(r.steady.lastOverFirst, 2)}×`,
      '≥ 0.9×',
      (v) => v >= 0.9,
    ),
    plain('timers: planned runs', String(r.timers.plannedRuns)),
    plain('timers: fired / not fired in window', `${r.timers.firedInWindow} / ${r.timers.notFiredInWindow}`),
    plain('timers: lateness p50 / max', `${n(r.timers.latenessP50Ms)} / ${n(r.timers.latenessMaxMs)} ms`),
    judged(
      'timers: lateness p99',
      r.timers.latenessP99Ms,
      `${n(r.timers.latenessP99Ms)} ms`,
      '≤ 100 ms',
      (v) => v <= 100,
    ),
    judged(
      'timers: server RSS (max)',
      r.timers.rssMaxMb,
      `${n(r.timers.rssMaxMb)} MB`,
      '≤ 300 MB',
      (v) => v <= 300,
    ),
    judged(
      'timers: restart → first fire',
      r.timers.restartToFirstFireMs,
      `${n(r.timers.restartToFirstFireMs, 0)} ms`,
      '≤ 2000 ms',
      (v) => v <= 2000,
    ),
    judged(
      'robot runs/s, 1 process',
      r.runs.oneProcess.runsPerSecond,
      n(r.runs.oneProcess.runsPerSecond),
      '≥ 1000/s',
      (v) => v >= 1000,
    ),
  ];
  const three = r.runs.threeProcesses;
  if (three !== undefined) {
    out.push(
      judged(
        'robot runs/s, 3 processes',
        three.runsPerSecond,
        n(three.runsPerSecond),
        '≥ 1 process',
        (v) => v >= r.runs.oneProcess.runsPerSecond,
      ),
    );
  }
  out.push(judged('runs done twice', r.runs.doneTwice, String(r.runs.doneTwice), '0', (v) => v === 0));
  return out;
}

export function printTable(r: Results, print: (line: string) => void): void {
  const table = rows(r);
  const width = (pick: (row: Row) => string) => Math.max(...table.map((row) => pick(row).length));
  const [a, b, c] = [width((row) => row.figure), width((row) => row.value), width((row) => row.target)];
  print('');
  print(`Stageflow bench: ${r.meta.database}, ${r.meta.machine}, Node ${r.meta.node}`);
  print(
    `${r.meta.customers} contacts and deals; steady load ${r.meta.steadyMinutes} min; ${n(r.meta.seconds, 0)} s in all`,
  );
  print('');
  print(`${'figure'.padEnd(a)}  ${'value'.padEnd(b)}  ${'target'.padEnd(c)}  verdict`);
  for (const row of table) {
    print(`${row.figure.padEnd(a)}  ${row.value.padEnd(b)}  ${row.target.padEnd(c)}  ${row.verdict}`);
  }
}

/** Writes the results as JSON (NaN, a figure the run could not measure, becomes null). */
export function writeJson(path: string, r: Results): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(r, null, 2)}\n`);
}
