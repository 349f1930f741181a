import { PhoneNumbers } from '../../src/domain/phone-numbers.ts';
import type { Store } from '../../src/store/database.ts';
import { uuidv7 } from '../../src/store/ids.ts';
import { createRepositories } from '../../src/store/repositories/index.ts';
import { bulkInsert, query } from './bulk.ts';

/** A matched customer: one contact, one deal of the S3 pipeline, and how many events it got. */
export interface Customer {
  readonly itemId: string;
  readonly email: string;
  readonly phone: string;
  events: number;
}

/** The records the phases refer to, set up once before the first server starts. */
export interface Setup {
  readonly customers: Customer[];
  readonly s3: { readonly pipelineId: string; readonly newStageId: string };
  /** The pipeline whose triggers only add to matching's work (10, later 10,000). */
  readonly other: { readonly pipelineId: string; readonly stageId: string; triggers: number };
  /** Robots of the timer and worker phases, with the stages their items sit in. */
  readonly timers: { readonly pipelineId: string; readonly stageId: string; readonly robotId: string };
  readonly runNow: { readonly pipelineId: string; readonly stageId: string; readonly robotId: string };
}

const stageId = async (store: Store, pipelineId: string, name: string): Promise<string> => {
  const row = await store.db
    .selectFrom('stages')
    .select('id')
    .where('pipelineId', '=', pipelineId)
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.id;
};

/**
 * After `stageflow demo` loaded the SCENARIOS.md pipelines: the S3 shape made complete (a robot
 * that runs at once on each stage a trigger moves to, and a trigger that reopens the deal, so an
 * item can be moved again and again: an email moves it on, a missed call moves it back), the bench's
 * own pipelines, and `customers` contacts with a deal each, bulk-inserted.
 */
export async function seed(store: Store, customers: number, otherTriggers: number): Promise<Setup> {
  const now = new Date();
  const repos = createRepositories(store.db, uuidv7, new PhoneNumbers());
  const answered = await store.db
    .selectFrom('triggers')
    .select('pipelineId')
    .where('name', '=', 'The client answered')
    .executeTakeFirstOrThrow();
  const s3 = answered.pipelineId;
  const newStage = await stageId(store, s3, 'New');
  const negotiation = await stageId(store, s3, 'Negotiation');
  await repos.rules.createTrigger(
    {
      name: 'Bench: a missed call reopens',
      pipelineId: s3,
      stageId: newStage,
      eventType: 'call.missed',
      allowBackward: true,
    },
    now,
  );
  for (const [name, stage] of [
    ['Bench: note the answer', negotiation],
    ['Bench: note the reopening', newStage],
  ] as const) {
    await repos.rules.createRobot(
      {
        name,
        pipelineId: s3,
        stageId: stage,
        action: {
          type: 'add_timeline_entry',
          params: { text: 'Bench: {{ item.title }} entered {{ stage.name }}' },
        },
      },
      now,
    );
  }

  const other = await repos.pipelines.create(
    { name: 'Bench: other triggers', entityType: 'deal', stages: [{ name: 'Start' }, { name: 'Matched' }] },
    now,
  );
  const matched = other.stages[1]?.id as string;
  const timers = await repos.pipelines.create(
    { name: 'Bench: timers', entityType: 'deal', stages: [{ name: 'Waiting' }, { name: 'Run now' }] },
    now,
  );
  const [waiting, runNow] = timers.stages.map((stage) => stage.id) as [string, string];
  const timerRobot = await repos.rules.createRobot(
    {
      name: 'Bench: a day later',
      pipelineId: timers.id,
      stageId: waiting,
      timing: { kind: 'after', duration: 'P1D' },
      action: { type: 'add_timeline_entry', params: { text: 'Bench: timer' } },
    },
    now,
  );
  const runRobot = await repos.rules.createRobot(
    {
      name: 'Bench: at once',
      pipelineId: timers.id,
      stageId: runNow,
      action: { type: 'add_timeline_entry', params: { text: 'Bench: run' } },
    },
    now,
  );

  const setup: Setup = {
    customers: await insertCustomers(store, s3, newStage, customers),
    s3: { pipelineId: s3, newStageId: newStage },
    other: { pipelineId: other.id, stageId: matched, triggers: 0 },
    timers: { pipelineId: timers.id, stageId: waiting, robotId: timerRobot.id },
    runNow: { pipelineId: timers.id, stageId: runNow, robotId: runRobot.id },
  };
  await addOtherTriggers(store, setup, otherTriggers);
  return setup;
}

/** Contacts (email and phone, both in the channel index) with one deal each in S3's "New". */
async function insertCustomers(store: Store, pipelineId: string, stage: string, count: number) {
  const dialect = store.capabilities.dialect;
  const phones = new PhoneNumbers();
  const at = new Date().toISOString();
  const customers: Customer[] = [];
  const CHUNK = 5_000;
  for (let start = 0; start < count; start += CHUNK) {
    const contacts: unknown[][] = [];
    const channels: unknown[][] = [];
    const items: unknown[][] = [];
    for (let i = start; i < Math.min(count, start + CHUNK); i += 1) {
      const contactId = uuidv7();
      const itemId = uuidv7();
      const email = `customer${i}@bench.example`;
      // Distinct valid German numbers: +49 30 then eight digits.
      const phone = `+49 30 ${String(10_000_000 + i)}`;
      contacts.push([
        contactId,
        `Customer ${i}`,
        null,
        JSON.stringify([email]),
        JSON.stringify([phone]),
        null,
        '{}',
        at,
        at,
        1,
      ]);
      channels.push([contactId, 'email', email], [contactId, 'phone', phones.key(phone)]);
      items.push([
        itemId,
        pipelineId,
        stage,
        `Deal ${i}`,
        100_000,
        'EUR',
        contactId,
        null,
        '{}',
        at,
        uuidv7(),
        at,
        at,
        1,
      ]);
      customers.push({ itemId, email, phone, events: 0 });
    }
    await bulkInsert(store.db, dialect, 'contacts', CONTACT_COLUMNS, contacts);
    await bulkInsert(store.db, dialect, 'contact_channels', ['contact_id', 'kind', 'value'], channels);
    await bulkInsert(store.db, dialect, 'items', ITEM_COLUMNS, items);
  }
  return customers;
}

const CONTACT_COLUMNS = [
  'id',
  'name',
  'company',
  'emails',
  'phones',
  'responsible_id',
  'fields',
  'created_at',
  'updated_at',
  'version',
];
const ITEM_COLUMNS = [
  'id',
  'pipeline_id',
  'stage_id',
  'title',
  'amount_minor',
  'currency',
  'contact_id',
  'responsible_id',
  'fields',
  'stage_entered_at',
  'stage_entry_id',
  'created_at',
  'updated_at',
  'version',
];

/** Triggers on the bench's event types in another pipeline, until there are `total` of them. */
export async function addOtherTriggers(store: Store, setup: Setup, total: number): Promise<void> {
  const at = new Date().toISOString();
  const rows: unknown[][] = [];
  for (let i = setup.other.triggers; i < total; i += 1) {
    const type = i % 2 === 0 ? 'email.received' : 'call.missed';
    rows.push([
      uuidv7(),
      `Bench other ${i}`,
      setup.other.pipelineId,
      setup.other.stageId,
      type,
      null,
      null,
      false,
      true,
      at,
      at,
      1,
    ]);
  }
  await bulkInsert(store.db, store.capabilities.dialect, 'triggers', TRIGGER_COLUMNS, rows);
  setup.other.triggers = total;
}

const TRIGGER_COLUMNS = [
  'id',
  'name',
  'pipeline_id',
  'stage_id',
  'event_type',
  'filter',
  'condition',
  'allow_backward',
  'enabled',
  'created_at',
  'updated_at',
  'version',
];

/**
 * `count` planned runs of `robot`, as the planner writes them, for items of its stage: `items`
 * items are bulk-inserted and share the runs, so a million runs need not mean a million items.
 * `dueAt(i)` gives each run's due time.
 */
export async function planRuns(
  store: Store,
  robot: { readonly pipelineId: string; readonly stageId: string; readonly robotId: string },
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

/** Counts rows by a SQL text (the bench's reads of what the server wrote). */
export async function count(store: Store, text: string, params: readonly unknown[] = []): Promise<number> {
  const rows = await query<{ n: number | string }>(store.db, store.capabilities.dialect, text, params);
  return Number(rows[0]?.n ?? 0);
}

/** Due times of generated runs: run i is due at `startMs + (i % cycle) * stepMs`. */
export interface DueSpread {
  readonly startMs: number;
  readonly stepMs: number;
  readonly cycle: number;
}

export interface TimerItems {
  readonly robot: { readonly pipelineId: string; readonly stageId: string; readonly robotId: string };
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
