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
export const ITEM_COLUMNS = [
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

/** Counts rows by a SQL text (the bench's reads of what the server wrote). */
export async function count(store: Store, text: string, params: readonly unknown[] = []): Promise<number> {
  const rows = await query<{ n: number | string }>(store.db, store.capabilities.dialect, text, params);
  return Number(rows[0]?.n ?? 0);
}
