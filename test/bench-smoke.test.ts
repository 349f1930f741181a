import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every figure `npm run bench` reports; a figure that disappears or stops being measured fails. */
const FIGURES = [
  'raw.commitsPerSecond',
  ...['c1', 'c10', 'c50', 'batch100c10'].flatMap((c) =>
    ['eventsPerSecond', 'p50Ms', 'p99Ms'].map((f) => `ingest.${c}.${f}`),
  ),
  'ingest.overRaw',
  'ingest.batchOverRaw',
  ...['processed', 'cost.with10', 'cost.with10k'].flatMap((at) =>
    ['eventsPerSecond', 'events', 'moves', 'runs', 'cpuMsPerEvent'].map((f) => `${at}.${f}`),
  ),
  'cost.cpuRatio',
  'cost.throughputRatio',
  ...['ratePerSecond', 'events', 'moveP50Ms', 'moveP99Ms', 'runP50Ms', 'runP99Ms'].map((f) => `latency.${f}`),
  'steady.minutes',
  'steady.lastOverFirst',
  ...[
    'plannedRuns',
    'firedInWindow',
    'latenessP50Ms',
    'latenessP99Ms',
    'latenessMaxMs',
    'rssMaxMb',
    'rssEndMb',
    'restartToFirstFireMs',
  ].map((f) => `timers.${f}`),
  'runs.oneProcess.runsPerSecond',
  'runs.doneTwice',
];

const at = (value: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], value);

/**
 * The bench cannot rot: its smoke run (tiny sizes, the real server over HTTP) ends and writes
 * every figure as a number. Speed is not asserted: the figures are whatever this machine gives.
 * On SQLite, or on the database of DATABASE_URL when it is set.
 */
test('the smoke run of the bench writes every figure as a number', { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'stageflow-bench-smoke-'));
  try {
    const out = join(dir, 'results.json');
    const result = spawnSync(process.execPath, [join(repo, 'scripts', 'bench.ts'), '--smoke', '--out', out], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 280_000,
    });
    assert.equal(result.status, 0, `the bench failed:\n${result.stdout}\n${result.stderr}`);
    const results = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    const postgres = at(results, 'meta.database') === 'postgres';
    const figures = postgres ? [...FIGURES, 'runs.threeProcesses.runsPerSecond'] : FIGURES;
    for (const path of figures) {
      const value = at(results, path);
      assert.ok(typeof value === 'number' && Number.isFinite(value), `${path} is ${JSON.stringify(value)}`);
    }
    for (const path of ['steady.acceptedPerBucket', 'steady.processedPerBucket']) {
      const values = at(results, path);
      assert.ok(Array.isArray(values) && values.length > 0, `${path} is ${JSON.stringify(values)}`);
      assert.ok(
        values.every((v) => typeof v === 'number'),
        `${path} is ${JSON.stringify(values)}`,
      );
    }
    assert.equal(at(results, 'runs.doneTwice'), 0, 'a robot run was done twice');
    assert.match(result.stdout, /raw durable single-row commits\/s/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
