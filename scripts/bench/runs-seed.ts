import type { Store } from '../../src/store/database.ts';
import { uuidv7 } from '../../src/store/ids.ts';
import { bulkInsert, query } from './bulk.ts';
import { ITEM_COLUMNS } from './seed.ts';

/** A robot and the stage its items sit in: what planned runs belong to. */
export interface RunTarget {
  readonly pipelineId: string;
  readonly stageId: string;
  readonly robotId: string;
}

/**
 * `count` planned runs of `robot`, as the planner writes them, for items of its stage: `items`
 * items are bulk-inserted and share the runs, so a million runs need not mean a million items.
 * `dueAt(i)` gives each run's due time.
 */
export async function planRuns(
  store: Store,
  robot: RunTarget,
  count: number,
  items: number,
  dueAt: (i: number) => Date,
): Promise<string[]> {
  const dialect = store.capabilities.dialect;
  const at = new Date().toISOString();
  const entries: [string, string][] = [];
  const itemRows: unknown[][] = [];
  for (let i = 0; i < items; i += 1) {
    const entry: [string, string] = [uuidv7(), uuidv7()];
    entries.push(entry);
    itemRows.push([
      entry[0],
      robot.pipelineId,
      robot.stageId,
      `Timer ${i}`,
      0,
      'EUR',
      null,
      null,
      '{}',
      at,
      entry[1],
      at,
      at,
      1,
    ]);
  }
  await bulkInsert(store.db, dialect, 'items', ITEM_COLUMNS, itemRows);
  const ids: string[] = [];
  const CHUNK = 20_000;
  for (let start = 0; start < count; start += CHUNK) {
    const rows: unknown[][] = [];
    for (let i = start; i < Math.min(count, start + CHUNK); i += 1) {
      const [itemId, entryId] = entries[i % items] as [string, string];
      const id = uuidv7();
      ids.push(id);
      rows.push([
        id,
        robot.robotId,
        itemId,
        robot.pipelineId,
        robot.stageId,
        entryId,
        'add_timeline_entry',
        'scheduled',
        at,
        dueAt(i).toISOString(),
        0,
        3,
        0,
        at,
        at,
        1,
      ]);
    }
    await bulkInsert(store.db, dialect, 'runs', RUN_COLUMNS, rows);
  }
  return ids;
}

const RUN_COLUMNS = [
  'id',
  'robot_id',
  'item_id',
  'pipeline_id',
  'stage_id',
  'stage_entry_id',
  'action_type',
  'status',
  'planned_at',
  'due_at',
  'attempts',
  'max_attempts',
  'depth',
  'created_at',
  'updated_at',
  'robot_version',
];

/** Due times of generated runs: run i is due at `startMs + (i % cycle) * stepMs`. */
export interface DueSpread {
  readonly startMs: number;
  readonly stepMs: number;
  readonly cycle: number;
}

export interface TimerItems {
  readonly robot: RunTarget;
  /** Item and stage-entry ids, bulk-inserted by `insertTimerItems`. */
  readonly entries: readonly (readonly [string, string])[];
}

/** Items sitting in the robot's stage, for generated runs to belong to. */
export async function insertTimerItems(
  store: Store,
  robot: TimerItems['robot'],
  items: number,
): Promise<TimerItems> {
  const at = new Date().toISOString();
  const entries = Array.from({ length: items }, () => [uuidv7(), uuidv7()] as const);
  const rows = entries.map(([id, entry], i) => [
    id,
    robot.pipelineId,
    robot.stageId,
    `Timer ${i}`,
    0,
    'EUR',
    null,
    null,
    '{}',
    at,
    entry,
    at,
    at,
    1,
  ]);
  await bulkInsert(store.db, store.capabilities.dialect, 'items', ITEM_COLUMNS, rows);
  return { robot, entries };
}

/**
 * `count` planned runs written by the database itself from a number series, in one transaction:
 * a million rows built and bound one by one in the bench would take minutes of the same two
 * cores the server needs. Run i belongs to item i mod the number of items.
 */
export async function generateRuns(
  store: Store,
  items: TimerItems,
  count: number,
  due: DueSpread,
): Promise<void> {
  const dialect = store.capabilities.dialect;
  const at = new Date().toISOString();
  // A fresh UUIDv7 prefix per call; the last 12 hex digits number the runs.
  const prefix = uuidv7().slice(0, 24);
  const { robot } = items;
  const columns = RUN_COLUMNS.join(', ');
  await store.db.transaction().execute(async (trx) => {
    await query(
      trx,
      dialect,
      'create temp table bench_entries (k integer primary key, item_id text not null, entry_id text not null)',
    );
    await bulkInsert(
      trx,
      dialect,
      'bench_entries',
      ['k', 'item_id', 'entry_id'],
      items.entries.map(([id, entry], k) => [k, id, entry]),
    );
    const n = items.entries.length;
    const common = [robot.robotId, robot.pipelineId, robot.stageId, at];
    if (dialect === 'sqlite') {
      await query(
        trx,
        dialect,
        `with recursive n(i) as (select 0 union all select i + 1 from n where i < ?)
         insert into runs (${columns})
         select printf('%s%012x', ?, i), ?, e.item_id, ?, ?, e.entry_id, 'add_timeline_entry', 'scheduled', ?,
           strftime('%Y-%m-%dT%H:%M:%fZ', (? + (i % ?) * ?) / 1000.0, 'unixepoch'), 0, 3, 0, ?, ?, 1
         from n join bench_entries e on e.k = i % ?`,
        [count - 1, prefix, ...common, due.startMs, due.cycle, due.stepMs, at, at, n],
      );
    } else {
      await query(
        trx,
        dialect,
        `insert into runs (${columns})
         select ? || lpad(to_hex(i), 12, '0'), ?, e.item_id, ?, ?, e.entry_id, 'add_timeline_entry', 'scheduled', ?::timestamptz,
           to_timestamp((?::double precision + (i % ?::integer) * ?::double precision) / 1000.0), 0, 3, 0, ?::timestamptz, ?::timestamptz, 1
         from generate_series(0, ?::integer - 1) as n(i) join bench_entries e on e.k = i % ?::integer`,
        [prefix, ...common, due.startMs, due.cycle, due.stepMs, at, at, count, n],
      );
    }
    await query(trx, dialect, 'drop table bench_entries');
  });
}
