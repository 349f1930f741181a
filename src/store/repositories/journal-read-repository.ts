import type { Kysely } from 'kysely';
import type { JournalKind } from '../../domain/journal.ts';
import { decodeCursor, type Page, type PageRequest, pageSize, toPage } from '../pagination.ts';
import type { Database } from '../schema.ts';
import { type NamedJournalEntry, nameJournalEntries } from './journal-names.ts';
import { toJournalEntry } from './journal-repository.ts';

export interface JournalFilter {
  readonly kind?: JournalKind | undefined;
}

/**
 * The API's side of the journal: an item's entries (runs are listed by runs-read-repository.ts).
 * The engine writes both through runs-repository.ts and journal-repository.ts; a manual retry is
 * the engine's retry-run command.
 * Pages are keyed on the id (UUIDv7), which is also the order rows were written in.
 */
export class JournalReadRepository {
  readonly #db: Kysely<Database>;

  constructor(db: Kysely<Database>) {
    this.#db = db;
  }

  /** The journal of one item, oldest first. */
  async itemJournal(
    itemId: string,
    filter: JournalFilter,
    page: PageRequest,
  ): Promise<Page<NamedJournalEntry>> {
    const limit = pageSize(page);
    let query = this.#db
      .selectFrom('journalEntries')
      .selectAll()
      .where('itemId', '=', itemId)
      .orderBy('id')
      .limit(limit + 1);
    if (page.cursor !== undefined) query = query.where('id', '>', decodeCursor(page.cursor));
    if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
    const entries = toPage(await query.execute(), limit, toJournalEntry);
    return { data: await nameJournalEntries(this.#db, entries.data), nextCursor: entries.nextCursor };
  }
}
