import type { ItemsPort, NewItemInput } from '../automation/ports.ts';
import type { ItemChanges } from '../automation/record-ports.ts';
import type { EventSubject } from '../domain/events/event.ts';
import type { Item } from '../domain/item.ts';
import type { Stage } from '../domain/pipeline.ts';
import type { ItemsRepository } from './repositories/items-repository.ts';
import type { CachedRules } from './rule-cache.ts';

/**
 * The items of one transaction, read once: the event path and a move ask for the same item and its
 * stages several times. Every write through here replaces or drops what is remembered, so a read
 * after a write sees the write. On PostgreSQL a read with a lock is answered from memory only
 * when this transaction already holds that lock.
 */
export class TxItems implements ItemsPort {
  readonly #repository: ItemsRepository;
  readonly #rules: CachedRules;
  readonly #lockRows: boolean;
  readonly #items = new Map<string, Item>();
  readonly #locked = new Set<string>();

  constructor(repository: ItemsRepository, rules: CachedRules, lockRows: boolean) {
    this.#repository = repository;
    this.#rules = rules;
    this.#lockRows = lockRows;
  }

  async find(id: string): Promise<Item | undefined> {
    const known = this.#items.get(id);
    if (known !== undefined) return known;
    return this.#remember(await this.#repository.find(id));
  }

  async findForUpdate(id: string): Promise<Item | undefined> {
    // SQLite serialises writing transactions: a lock is nothing to take there.
    if (!this.#lockRows) return this.find(id);
    const known = this.#items.get(id);
    if (known !== undefined && this.#locked.has(id)) return known;
    const item = this.#remember(await this.#repository.findForUpdate(id));
    if (item !== undefined) this.#locked.add(id);
    return item;
  }

  async findForUpdateOfRun(runId: string): Promise<Item | undefined> {
    const item = this.#remember(await this.#repository.findForUpdateOfRun(runId));
    if (item !== undefined && this.#lockRows) this.#locked.add(item.id);
    return item;
  }

  stageOf(stageId: string): Promise<Stage | undefined> {
    return this.#rules.stageOf(stageId);
  }

  entryStageOf(pipelineId: string): Promise<Stage | undefined> {
    return this.#rules.entryStageOf(pipelineId);
  }

  async enterStage(
    id: string,
    stageId: string,
    stageEntryId: string,
    now: Date,
    expectedVersion?: number,
  ): Promise<Item> {
    const known = this.#items.get(id);
    this.#items.delete(id);
    return this.#store(
      await this.#repository.enterStage(id, stageId, stageEntryId, now, expectedVersion, known),
    );
  }

  async create(input: NewItemInput, now: Date): Promise<Item> {
    return this.#store(await this.#repository.create(input, now));
  }

  async addPaid(id: string, deltaMinor: number, currency: string, now: Date): Promise<boolean> {
    this.#items.delete(id);
    return this.#repository.addPaid(id, deltaMinor, currency, now);
  }

  async update(
    id: string,
    changes: ItemChanges,
    expectedVersion: number | undefined,
    now: Date,
  ): Promise<Item> {
    this.#items.delete(id);
    return this.#store(await this.#repository.update(id, changes, expectedVersion, now));
  }

  openItemCounts(
    pipelineId: string,
    userIds: readonly string[],
    excludeItemId?: string,
  ): Promise<ReadonlyMap<string, number>> {
    return this.#repository.openItemCounts(pipelineId, userIds, excludeItemId);
  }

  /** An item named by id is read whole (and locked, where locks exist): its processing reads it next. */
  async resolveSubject(subject: EventSubject): Promise<string[]> {
    if (subject.itemId === undefined) return this.#repository.resolveSubject(subject);
    const item = await this.findForUpdate(subject.itemId);
    return item === undefined ? [] : [item.id];
  }

  /**
   * Forgets every item read or locked so far: after a rollback to a savepoint the rows may be as
   * they were before, and the locks taken inside it are released.
   */
  forget(): void {
    this.#items.clear();
    this.#locked.clear();
  }

  #remember(item: Item | undefined): Item | undefined {
    if (item !== undefined) this.#items.set(item.id, item);
    return item;
  }

  #store(item: Item): Item {
    this.#items.set(item.id, item);
    return item;
  }
}
