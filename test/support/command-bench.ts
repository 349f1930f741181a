import type { EngineContext, WorkKind } from '../../src/automation/engine-context.ts';
import { AppError } from '../../src/domain/errors.ts';
import type { Item } from '../../src/domain/item.ts';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { PhoneNumbers } from '../../src/domain/phone-numbers.ts';
import type { Store } from '../../src/store/database.ts';
import { uuidv7 } from '../../src/store/ids.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { createRepositories, type Repositories } from '../../src/store/repositories/index.ts';
import { engineContextOf } from './engine-context.ts';
import { createTestStore, TEST_START } from './harness.ts';

/** A stored event as a command test reads it back. */
export interface WrittenEvent {
  readonly id: string;
  readonly type: string;
  readonly source: string;
  readonly subject: Record<string, unknown>;
  readonly data: Record<string, unknown>;
}

/**
 * A migrated database, the engine's context over it and the store's repositories to arrange and
 * read with. The runners are not started: `wakes` lists what the commands woke, in order.
 */
export interface CommandBench {
  readonly store: Store;
  readonly context: EngineContext;
  readonly repos: Repositories;
  readonly clock: ManualClock;
  readonly wakes: WorkKind[];
  /** A pipeline with two open stages and a final one, and an item (1000.00 USD) in the first. */
  placeItem(): Promise<{ item: Item; pipelineId: string; stageIds: readonly string[] }>;
  /** The events written so far of these types, in the order they were written. */
  events(...types: string[]): Promise<WrittenEvent[]>;
  close(): Promise<void>;
}

const parsed = (value: unknown): Record<string, unknown> =>
  (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;

export async function openCommandBench(dialect: 'sqlite' | 'postgres'): Promise<CommandBench> {
  const { store, cleanup } = await createTestStore(dialect);
  await migrateToLatest(store);
  const clock = new ManualClock(TEST_START);
  const wakes: WorkKind[] = [];
  const context: EngineContext = { ...engineContextOf(store, clock), wake: (what) => wakes.push(what) };
  const repos = createRepositories(store.db, uuidv7, new PhoneNumbers());
  return {
    store,
    context,
    repos,
    clock,
    wakes,
    async placeItem() {
      const pipeline = await repos.pipelines.create(
        {
          name: 'Sales',
          entityType: 'deal',
          stages: [{ name: 'New' }, { name: 'Offer' }, { name: 'Won', semantics: 'won' }],
        },
        clock.now(),
      );
      const stageIds = pipeline.stages.map((stage) => stage.id);
      const item = await repos.items.create(
        {
          pipelineId: pipeline.id,
          stageId: stageIds[0] ?? '',
          title: 'Deal',
          amountMinor: 100_000,
          currency: 'USD',
        },
        clock.now(),
      );
      return { item, pipelineId: pipeline.id, stageIds };
    },
    async events(...types) {
      const rows = await store.db
        .selectFrom('events')
        .select(['id', 'type', 'source', 'subject', 'data'])
        .where('type', 'in', types)
        .orderBy('seq')
        .execute();
      return rows.map((row) => ({ ...row, subject: parsed(row.subject), data: parsed(row.data) }));
    },
    close: cleanup,
  };
}

/** For assert.rejects: an invalid-input error naming `field`. */
export const invalidAt =
  (field: string) =>
  (error: unknown): boolean =>
    error instanceof AppError && error.kind === 'invalid' && error.fields.some((f) => f.field === field);
