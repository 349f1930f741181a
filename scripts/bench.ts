/**
 * `npm run bench`: the engine's throughput next to the raw write rate of the same database in the
 * same run, so the ratios can be compared across machines. SQLite in a temporary folder, or
 * PostgreSQL when DATABASE_URL is set (a scratch database is created and dropped).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { composeProcess } from '../src/cli/compose.ts';
import { parseConfig } from '../src/cli/config.ts';
import { PhoneNumbers } from '../src/domain/phone-numbers.ts';
import { openPostgres, openSqlite, type Store } from '../src/store/database.ts';
import { uuidv7 } from '../src/store/ids.ts';
import { migrateToLatest } from '../src/store/migrate.ts';
import { createRepositories } from '../src/store/repositories/index.ts';

const EVENTS = 300;
const RUNS = 300;
const RAW_WRITES = 1000;

async function openScratch(): Promise<{ store: Store; drop: () => Promise<void> }> {
  const base = process.env['DATABASE_URL'];
  if (base === undefined || base === '') {
    const dir = mkdtempSync(join(tmpdir(), 'stageflow-bench-'));
    const store = openSqlite(join(dir, 'bench.db'));
    return { store, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `sf_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const store = openPostgres(url.toString());
  return {
    store,
    drop: async () => {
      const dropper = new pg.Client({ connectionString: base });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

const perSecond = (count: number, ms: number) => (count * 1000) / ms;

async function rawWriteRate(store: Store): Promise<number> {
  await sql`create table bench_raw (id text primary key, payload text not null)`.execute(store.db);
  const started = performance.now();
  for (let i = 0; i < RAW_WRITES; i += 1) {
    // One committed single-row insert: the unit of work every engine step is built from.
    await sql`insert into bench_raw (id, payload) values (${uuidv7()}, ${'x'.repeat(200)})`.execute(store.db);
  }
  return perSecond(RAW_WRITES, performance.now() - started);
}

async function main(): Promise<void> {
  const { store, drop } = await openScratch();
  try {
    await migrateToLatest(store);
    const { automation } = composeProcess({
      config: parseConfig({}),
      store,
      logger: pino({ level: 'silent' }),
    });
    const { engine, worker } = automation;
    const repos = createRepositories(store.db, uuidv7, new PhoneNumbers());
    const now = new Date();
    const mine = await repos.pipelines.create(
      { name: 'Bench', entityType: 'deal', stages: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] },
      now,
    );
    const other = await repos.pipelines.create(
      { name: 'Other', entityType: 'deal', stages: [{ name: 'X' }, { name: 'Y' }] },
      now,
    );
    const [, b, c] = mine.stages;
    const [, y] = other.stages;
    if (b === undefined || c === undefined || y === undefined) throw new Error('stages missing');
    await repos.rules.createTrigger(
      { name: 'to B', pipelineId: mine.id, stageId: b.id, eventType: 'chat.message' },
      now,
    );

    const addOtherTriggers = async (count: number) => {
      for (let start = 0; start < count; start += 500) {
        const rows = Array.from({ length: Math.min(500, count - start) }, (_, i) => ({
          id: uuidv7(),
          name: `other ${start + i}`,
          pipelineId: other.id,
          stageId: y.id,
          eventType: 'chat.message',
          filter: null,
          condition: null,
          allowBackward: false,
          enabled: true,
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
          version: 1,
        }));
        await store.db.insertInto('triggers').values(rows).execute();
      }
    };
    const eventRate = async () => {
      const items = [];
      for (let i = 0; i < EVENTS; i += 1)
        items.push(
          await engine.createItem({ pipelineId: mine.id, title: `E${i}` }, { type: 'system', id: null }),
        );
      // Their item.created events are not what is measured.
      await engine.processPending();
      const started = performance.now();
      for (const item of items) {
        await engine.accept([
          {
            id: uuidv7(),
            type: 'chat.message',
            source: 'bench',
            occurredAt: new Date(),
            subject: { itemId: item.id },
            data: {},
          },
        ]);
      }
      const accepted = performance.now();
      // Accepting is a durable write; the runner's processing is measured on its own.
      const processed = await engine.processPending();
      return {
        accepted: perSecond(EVENTS, accepted - started),
        processed: perSecond(processed, performance.now() - accepted),
      };
    };

    const raw = await rawWriteRate(store);
    await addOtherTriggers(10);
    const eventsWith10 = await eventRate();
    await addOtherTriggers(9_990);
    const eventsWith10k = await eventRate();

    await repos.rules.createRobot(
      {
        name: 'note',
        pipelineId: mine.id,
        stageId: c.id,
        action: { type: 'add_timeline_entry', params: { text: 'Bench {{ item.title }}' } },
      },
      now,
    );
    const items = [];
    for (let i = 0; i < RUNS; i += 1)
      items.push(
        await engine.createItem(
          { pipelineId: mine.id, stageId: c.id, title: `R${i}` },
          { type: 'system', id: null },
        ),
      );
    const started = performance.now();
    const ran = await worker.drain();
    const runRate = perSecond(ran, performance.now() - started);

    const line = (label: string, value: number, unit: string) =>
      console.log(
        `${label.padEnd(46)} ${value.toFixed(1).padStart(9)} ${unit}   (${(value / raw).toFixed(3)} × raw writes)`,
      );
    console.log(`Stageflow bench on ${store.description}`);
    console.log(`${'raw single-row committed inserts'.padEnd(46)} ${raw.toFixed(1).padStart(9)} /s`);
    line('events accepted, one request each', eventsWith10.accepted, 'events/s');
    line('events processed (10 triggers elsewhere)', eventsWith10.processed, 'events/s');
    line('events processed (10,000 triggers elsewhere)', eventsWith10k.processed, 'events/s');
    line(`robot runs executed (${ran})`, runRate, 'runs/s');
    console.log(
      `matching: 10,000 / 10 other triggers throughput ratio ${(eventsWith10k.processed / eventsWith10.processed).toFixed(2)}`,
    );
    await automation.stop();
  } finally {
    await store.close();
    await drop();
  }
}

await main();
