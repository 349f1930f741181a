import type { Kysely, Selectable } from 'kysely';
import type { IdGenerator } from '../../domain/clock.ts';
import type { AuthorType, NewTimelineEntry, TimelineEntry, TimelineKind } from '../../domain/item.ts';
import { fromJson, toJson } from '../columns.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { Database, TimelineEntriesTable } from '../schema.ts';

export function toTimelineEntry(row: Selectable<TimelineEntriesTable>): TimelineEntry {
  return {
    id: row.id,
    itemId: row.itemId,
    kind: row.kind as TimelineKind,
    text: row.text,
    data: fromJson(row.data, {}),
    authorType: row.authorType as AuthorType,
    authorId: row.authorId,
    rootEventId: row.rootEventId,
    createdAt: row.createdAt,
  };
}

/** The item's history. Entries are only added, never changed; they go when their item goes. */
export class TimelineRepository {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
  }

  async add(entry: NewTimelineEntry, now: Date): Promise<TimelineEntry> {
    const row: Selectable<TimelineEntriesTable> = {
      id: this.#ids(),
      itemId: entry.itemId,
      kind: entry.kind,
      text: entry.text,
      data: toJson(entry.data ?? {}),
      authorType: entry.author.type,
      authorId: entry.author.id,
      rootEventId: entry.rootEventId ?? null,
      createdAt: now.toISOString(),
    };
    await this.#db.insertInto('timelineEntries').values(row).execute();
    return toTimelineEntry(row);
  }

  /** Oldest first, by id (UUIDv7, so in the order the entries were written). */
  async listForItem(itemId: string, page: PageRequest): Promise<Page<TimelineEntry>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('timelineEntries')
      .selectAll()
      .where('itemId', '=', itemId)
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    return toPage(await query.execute(), limit, toTimelineEntry);
  }
}
