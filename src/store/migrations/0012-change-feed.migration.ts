import { type Kysely, sql } from 'kysely';
import type { ColumnTypes } from './column-types.ts';

/**
 * The change feed that live views (GET /api/v1/stream) read: one row per change to an item, a run,
 * a notification, a task, an activity, a payment, a document or a timeline entry, written by the
 * database itself (triggers), so every code path and every process (a `stageflow worker` on
 * PostgreSQL included) is covered without the engine knowing. Rows are numbered in insertion
 * order and pruned after a day (see ChangeFeedRepository).
 *
 * Run rows are written on insert and when the status changes, never for a lease heartbeat or a
 * claim's lease fields alone: those would flood the feed with rows nobody needs to see.
 */

/** One watched table: which rows it writes and how their columns are found (`$` = new or old). */
interface Watched {
  readonly table: string;
  readonly kind: string;
  readonly ops: readonly ('insert' | 'update' | 'delete')[];
  /** Update rows only when this column changes (runs: status). Default: every update. */
  readonly updateOf?: string;
  readonly itemId: string;
  readonly pipelineId: string;
  readonly userId: string;
}

const VIA_ITEM = '(select pipeline_id from items where id = $.item_id)';

const WATCHED: readonly Watched[] = [
  {
    table: 'items',
    kind: 'item',
    ops: ['insert', 'update', 'delete'],
    itemId: '$.id',
    pipelineId: '$.pipeline_id',
    userId: '$.responsible_id',
  },
  {
    table: 'runs',
    kind: 'run',
    ops: ['insert', 'update'],
    updateOf: 'status',
    itemId: '$.item_id',
    pipelineId: '$.pipeline_id',
    userId: 'null',
  },
  // user_id is the recipient: the stream sends a notification to its recipient only.
  {
    table: 'notifications',
    kind: 'notification',
    ops: ['insert', 'update', 'delete'],
    itemId: '$.item_id',
    pipelineId: VIA_ITEM,
    userId: '$.user_id',
  },
  {
    table: 'tasks',
    kind: 'task',
    ops: ['insert', 'update', 'delete'],
    itemId: '$.item_id',
    pipelineId: VIA_ITEM,
    userId: '$.responsible_id',
  },
  {
    table: 'activities',
    kind: 'activity',
    ops: ['insert', 'update', 'delete'],
    itemId: '$.item_id',
    pipelineId: VIA_ITEM,
    userId: '$.responsible_id',
  },
  {
    table: 'payments',
    kind: 'payment',
    ops: ['insert', 'update', 'delete'],
    itemId: '$.item_id',
    pipelineId: VIA_ITEM,
    userId: 'null',
  },
  {
    table: 'documents',
    kind: 'document',
    ops: ['insert', 'update', 'delete'],
    itemId: '$.item_id',
    pipelineId: VIA_ITEM,
    userId: 'null',
  },
  {
    table: 'timeline_entries',
    kind: 'timeline',
    ops: ['insert'],
    itemId: '$.item_id',
    pipelineId: VIA_ITEM,
    userId: 'null',
  },
];

const OP_NAMES = { insert: 'created', update: 'updated', delete: 'deleted' } as const;

/** The op of an update: an item whose stage changed was moved. */
function updateOp(watched: Watched, changed: (column: string) => string): string {
  return watched.kind === 'item'
    ? `case when ${changed('stage_id')} then 'moved' else 'updated' end`
    : `'updated'`;
}

function insertRow(watched: Watched, row: 'new' | 'old', op: string): string {
  const at = (expression: string) => expression.replaceAll('$.', `${row}.`);
  return `insert into change_feed (kind, op, entity_id, item_id, pipeline_id, user_id)
    values ('${watched.kind}', ${op}, ${row}.id, ${at(watched.itemId)}, ${at(watched.pipelineId)}, ${at(watched.userId)});`;
}

function sqliteTriggers(watched: Watched): string[] {
  return watched.ops.map((op) => {
    const row = op === 'delete' ? 'old' : 'new';
    const name = `change_feed_${watched.table}_${op}`;
    const event = op === 'update' && watched.updateOf !== undefined ? `update of ${watched.updateOf}` : op;
    const when =
      op === 'update' && watched.updateOf !== undefined
        ? ` when old.${watched.updateOf} is not new.${watched.updateOf}`
        : '';
    const opText =
      op === 'update'
        ? updateOp(watched, (column) => `old.${column} is not new.${column}`)
        : `'${OP_NAMES[op]}'`;
    return `create trigger ${name} after ${event} on ${watched.table} for each row${when}
      begin ${insertRow(watched, row, opText)} end`;
  });
}

function postgresTriggers(watched: Watched): string[] {
  const fn = `change_feed_${watched.table}`;
  const update = updateOp(watched, (column) => `old.${column} is distinct from new.${column}`);
  const body = `create function ${fn}() returns trigger language plpgsql as $body$
    begin
      if tg_op = 'DELETE' then
        ${insertRow(watched, 'old', `'deleted'`)}
      elsif tg_op = 'INSERT' then
        ${insertRow(watched, 'new', `'created'`)}
      else
        ${insertRow(watched, 'new', update)}
      end if;
      return null;
    end $body$`;
  const statements = [body];
  for (const op of watched.ops) {
    const event = op === 'update' && watched.updateOf !== undefined ? `update of ${watched.updateOf}` : op;
    const when =
      op === 'update' && watched.updateOf !== undefined
        ? ` when (old.${watched.updateOf} is distinct from new.${watched.updateOf})`
        : '';
    statements.push(
      `create trigger ${fn}_${op} after ${event} on ${watched.table} for each row${when} execute function ${fn}()`,
    );
  }
  return statements;
}

export async function up(db: Kysely<unknown>, t: ColumnTypes): Promise<void> {
  const postgres = t.sequence === 'bigserial';
  // SQLite: AUTOINCREMENT, so an id is never used twice, also after pruning emptied the table.
  // PostgreSQL: an identity; ids are taken at insert but seen at commit (see change-feed-reader).
  await sql
    .raw(
      postgres
        ? `create table change_feed (
            id bigint generated always as identity primary key,
            kind text not null, op text not null, entity_id text not null,
            item_id text, pipeline_id text, user_id text,
            created_at timestamptz not null default now())`
        : `create table change_feed (
            id integer primary key autoincrement,
            kind text not null, op text not null, entity_id text not null,
            item_id text, pipeline_id text, user_id text,
            created_at text not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')))`,
    )
    .execute(db);
  await sql.raw('create index change_feed_created on change_feed (created_at)').execute(db);
  for (const watched of WATCHED) {
    for (const statement of postgres ? postgresTriggers(watched) : sqliteTriggers(watched)) {
      await sql.raw(statement).execute(db);
    }
  }
}
