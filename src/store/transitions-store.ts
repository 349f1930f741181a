import type { Kysely } from 'kysely';
import type { MoveItemPorts, SavedMove } from '../automation/move-item.ts';
import type { IdGenerator } from '../domain/clock.ts';
import type { Item, NewTimelineEntry, TimelineEntry } from '../domain/item.ts';
import type { Stage } from '../domain/pipeline.ts';
import { ItemsRepository } from './repositories/items-repository.ts';
import { TimelineRepository } from './repositories/timeline-repository.ts';
import type { Database } from './schema.ts';

/** The store's side of `moveItem`: stage changes and their timeline entries, on one handle. */
export class TransitionsStore implements MoveItemPorts {
  readonly #db: Kysely<Database>;
  readonly #ids: IdGenerator;
  readonly #items: ItemsRepository;
  readonly #timeline: TimelineRepository;

  constructor(db: Kysely<Database>, ids: IdGenerator) {
    this.#db = db;
    this.#ids = ids;
    this.#items = new ItemsRepository(db, ids);
    this.#timeline = new TimelineRepository(db, ids);
  }

  findItem(id: string): Promise<Item | undefined> {
    return this.#items.find(id);
  }

  findStage(id: string): Promise<Stage | undefined> {
    return this.#items.stageOf(id);
  }

  saveMove(move: SavedMove): Promise<Item> {
    return this.#items.saveMove(move.itemId, move.toStageId, move.expectedVersion, move.at);
  }

  addTimelineEntry(entry: NewTimelineEntry, at: Date): Promise<TimelineEntry> {
    return this.#timeline.add(entry, at);
  }

  /** Inside a caller's transaction the move joins it, so a larger unit of work stays atomic. */
  transaction<T>(work: (ports: MoveItemPorts) => Promise<T>): Promise<T> {
    if (this.#db.isTransaction) return work(this);
    return this.#db.transaction().execute((trx) => work(new TransitionsStore(trx, this.#ids)));
  }
}
