import type { Kysely, Selectable } from 'kysely';
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

/** Writes the journal; reading it for the API is journal-read-repository.ts. */
export class JournalRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
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
    await this.#db.insertInto('journalEntries').values(row).execute();
    return toJournalEntry(row);
  }

  /**
   * An entry with its id and time taken now, written later by `write` with others: the run's
   * entries then cost one insert, and each still sorts where it happened.
   */
  prepare(entry: NewJournalEntry, now: Date): JournalEntry {
    return {
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
      data: entry.data ?? {},
      rootEventId: entry.rootEventId ?? null,
      causeId: entry.causeId ?? null,
      depth: entry.depth ?? 0,
      createdAt: now.toISOString(),
    };
  }

  /** Writes prepared entries in one statement. */
  async write(entries: readonly JournalEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.#db
      .insertInto('journalEntries')
      .values(entries.map((entry) => ({ ...entry, data: toJson(entry.data) })))
      .execute();
  }

  /** How often the item entered `stageId` within one causal chain (the repeated-entry detector). */
  async entriesInChain(itemId: string, stageId: string, rootEventId: string): Promise<number> {
    const row = await this.#db
      .selectFrom('journalEntries')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('itemId', '=', itemId)
      .where('kind', '=', 'moved')
      .where('rootEventId', '=', rootEventId)
      .where('stageId', '=', stageId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
}
