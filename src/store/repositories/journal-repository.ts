import type { Insertable, Kysely, Selectable } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import type { JournalEntry, JournalKind, NewJournalEntry } from '../../domain/journal.ts';
import { fromJson, toJson } from '../columns.ts';
import type { Database, JournalEntriesTable } from '../schema.ts';

export function toJournalEntry(row: Selectable<JournalEntriesTable>): JournalEntry {
  return {
    id: row.id,
    kind: row.kind as JournalKind,
    itemId: row.itemId,
    eventId: row.eventId,
    runId: row.runId,
    triggerId: row.triggerId,
    robotId: row.robotId,
    guardId: row.guardId,
    stageId: row.stageId,
    message: row.message,
    data: fromJson(row.data, {}),
    rootEventId: row.rootEventId,
    causeId: row.causeId,
    depth: row.depth,
    createdAt: row.createdAt,
  };
}

type JournalRow = Insertable<JournalEntriesTable>;

/** Rows per insert statement: 15 columns each stays far below either database's parameter limit. */
const ROWS_PER_INSERT = 500;

/**
 * Writes the journal; reading it for the API is journal-read-repository.ts. With `deferred` (inside
 * a transaction) the entries of one transaction are held and written together by `flush`, one
 * multi-row insert: ids come from this process, so `add` answers at once. The owner of the
 * transaction must flush before it commits; reads of the journal through this repository count
 * the held entries too, so they see every entry added before them.
 */
export class JournalRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;
  readonly #deferred: boolean;
  #pending: JournalRow[] = [];

  constructor(db: Kysely<Database>, ids: IdGenerator, options: { readonly deferred?: boolean } = {}) {
    this.#db = db;
    this.#ids = ids;
    this.#deferred = options.deferred ?? false;
  }

  /** Writes the held entries, in the order they were added. */
  async flush(): Promise<void> {
    while (this.#pending.length > 0) {
      const rows = this.#pending.splice(0, ROWS_PER_INSERT);
      await this.#db.insertInto('journalEntries').values(rows).execute();
    }
  }

  /** Drops the held entries: the savepoint they were added in was rolled back. */
  discard(): void {
    this.#pending = [];
  }

  async add(entry: NewJournalEntry, now: Date): Promise<JournalEntry> {
    const row = {
      id: this.#ids(),
      kind: entry.kind,
      itemId: entry.itemId ?? null,
      eventId: entry.eventId ?? null,
      runId: entry.runId ?? null,
      triggerId: entry.triggerId ?? null,
      robotId: entry.robotId ?? null,
      guardId: entry.guardId ?? null,
      stageId: entry.stageId ?? null,
      message: entry.message,
      data: toJson(entry.data ?? {}),
      rootEventId: entry.rootEventId ?? null,
      causeId: entry.causeId ?? null,
      depth: entry.depth ?? 0,
      createdAt: now.toISOString(),
    };
    if (this.#deferred) this.#pending.push(row);
    else await this.#db.insertInto('journalEntries').values(row).execute();
    return toJournalEntry(row);
  }

  /** The id of the run's latest entry of a kind (its last failure, say), if it has one. */
  async lastOfRun(runId: string, kind: JournalKind): Promise<string | undefined> {
    const held = this.#pending.findLast((row) => row.runId === runId && row.kind === kind);
    if (held !== undefined) return held.id;
    const row = await this.#db
      .selectFrom('journalEntries')
      .select('id')
      .where('runId', '=', runId)
      .where('kind', '=', kind)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row?.id;
  }

  /** How often the item entered `stageId` within one causal chain (the repeated-entry detector). */
  async entriesInChain(itemId: string, stageId: string, rootEventId: string): Promise<number> {
    // The entries still held count as well as the written ones: no flush needed to answer.
    const held = this.#pending.filter(
      (row) =>
        row.itemId === itemId &&
        row.kind === 'moved' &&
        row.rootEventId === rootEventId &&
        row.stageId === stageId,
    ).length;
    const row = await this.#db
      .selectFrom('journalEntries')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('itemId', '=', itemId)
      .where('kind', '=', 'moved')
      .where('rootEventId', '=', rootEventId)
      .where('stageId', '=', stageId)
      .executeTakeFirstOrThrow();
    return Number(row.count) + held;
  }
}
