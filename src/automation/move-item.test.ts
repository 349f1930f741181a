import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError, staleVersion } from '../domain/errors.ts';
import type { Item, NewTimelineEntry, TimelineEntry } from '../domain/item.ts';
import type { Stage } from '../domain/pipeline.ts';
import { type MoveItemPorts, moveItem, type SavedMove } from './move-item.ts';

const AT = new Date('2026-03-02T10:00:00.000Z');

const stage = (id: string, pipelineId = 'p1'): Stage => ({
  id,
  pipelineId,
  name: id.toUpperCase(),
  sort: 100,
  semantics: 'open',
  color: null,
});

const item: Item = {
  id: 'i1',
  pipelineId: 'p1',
  stageId: 'new',
  title: 'Deal',
  amount: '0.00',
  currency: 'USD',
  paidAmount: '0.00',
  contactId: null,
  responsibleId: null,
  fields: {},
  stageEnteredAt: '2026-03-01T00:00:00.000Z',
  createdAt: '2026-03-01T00:00:00.000Z',
  updatedAt: '2026-03-01T00:00:00.000Z',
  version: 1,
};

/** In-memory ports; a failed transaction undoes its own writes, not those of other writers. */
class FakePorts implements MoveItemPorts {
  item: Item = item;
  #committed: Item = item;
  readonly stages = new Map(
    [stage('new'), stage('won'), stage('call'), stage('foreign', 'p2')].map((s) => [s.id, s]),
  );
  timeline: NewTimelineEntry[] = [];
  saves: SavedMove[] = [];
  /** Runs once just before the next save, as a concurrent writer would. */
  beforeSave: (() => void) | undefined;

  async findItem(id: string) {
    return id === this.item.id ? this.item : undefined;
  }
  async findStage(id: string) {
    return this.stages.get(id);
  }
  async saveMove(move: SavedMove) {
    this.saves.push(move);
    const interfere = this.beforeSave;
    this.beforeSave = undefined;
    interfere?.();
    if (this.item.version !== move.expectedVersion) {
      throw staleVersion('item', move.itemId, move.expectedVersion, this.item.version);
    }
    const at = move.at.toISOString();
    this.item = {
      ...this.item,
      stageId: move.toStageId,
      stageEnteredAt: at,
      updatedAt: at,
      version: this.item.version + 1,
    };
    return this.item;
  }
  async addTimelineEntry(entry: NewTimelineEntry, at: Date): Promise<TimelineEntry> {
    this.timeline.push(entry);
    return {
      id: `t${this.timeline.length}`,
      itemId: entry.itemId,
      kind: entry.kind,
      text: entry.text,
      data: entry.data ?? {},
      authorType: entry.author.type,
      authorId: entry.author.id,
      rootEventId: entry.rootEventId ?? null,
      createdAt: at.toISOString(),
    };
  }
  /** A write by someone else, committed at once. */
  externalWrite(changes: Partial<Item>) {
    this.item = { ...this.item, ...changes };
    this.#committed = this.item;
  }
  async transaction<T>(work: (ports: MoveItemPorts) => Promise<T>): Promise<T> {
    const timeline = [...this.timeline];
    try {
      const result = await work(this);
      this.#committed = this.item;
      return result;
    } catch (error) {
      this.item = this.#committed;
      this.timeline = timeline;
      throw error;
    }
  }
}

const command = { itemId: 'i1', author: { type: 'robot', id: 'r1' }, at: AT } as const;

describe('moveItem', () => {
  test('moves at the version read and writes one "stage_changed" entry with author and root event', async () => {
    const ports = new FakePorts();
    const result = await moveItem(ports, { ...command, toStageId: 'won', rootEventId: 'e1' });
    assert.deepEqual([result.moved, result.fromStageId, result.toStageId], [true, 'new', 'won']);
    assert.equal(result.item.stageId, 'won');
    assert.equal(result.item.stageEnteredAt, AT.toISOString());
    assert.equal(result.item.version, 2);
    assert.equal(ports.saves[0]?.expectedVersion, 1);
    assert.deepEqual(ports.timeline, [
      {
        itemId: 'i1',
        kind: 'stage_changed',
        text: 'Moved from "NEW" to "WON"',
        data: { fromStageId: 'new', toStageId: 'won' },
        author: { type: 'robot', id: 'r1' },
        rootEventId: 'e1',
      },
    ]);
  });

  test('a move to the current stage saves nothing and answers moved: false', async () => {
    const ports = new FakePorts();
    const result = await moveItem(ports, { ...command, toStageId: 'new' });
    assert.deepEqual([result.moved, result.fromStageId, result.toStageId], [false, 'new', 'new']);
    assert.equal(result.item, item);
    assert.deepEqual([ports.saves, ports.timeline], [[], []]);
  });

  test('an unknown item is not_found; an unknown or foreign stage is invalid on /body/stageId', async () => {
    const ports = new FakePorts();
    await assert.rejects(moveItem(ports, { ...command, itemId: 'nope', toStageId: 'won' }), {
      kind: 'not_found',
      code: 'item_not_found',
    });
    for (const [toStageId, code] of [
      ['nope', 'unknown_stage'],
      ['foreign', 'stage_of_another_pipeline'],
    ] as const) {
      await assert.rejects(moveItem(ports, { ...command, toStageId }), (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.deepEqual(
          [error.kind, error.code, error.fields[0]?.field],
          ['invalid', code, '/body/stageId'],
        );
        return true;
      });
    }
    assert.deepEqual([ports.saves, ports.timeline, ports.item], [[], [], item]);
  });

  test('an unversioned move that loses a race is retried from the stage the item really left', async () => {
    const ports = new FakePorts();
    ports.beforeSave = () => ports.externalWrite({ stageId: 'call', version: 2 });
    const result = await moveItem(ports, { ...command, toStageId: 'won' });
    assert.deepEqual([result.fromStageId, result.item.version], ['call', 3]);
    assert.equal(ports.saves.length, 2);
    assert.deepEqual(ports.timeline[0]?.data, { fromStageId: 'call', toStageId: 'won' });
    assert.equal(ports.timeline.length, 1);
  });

  test('a stale versioned move is refused at once, with nothing written', async () => {
    const ports = new FakePorts();
    ports.externalWrite({ version: 2 });
    await assert.rejects(moveItem(ports, { ...command, toStageId: 'won', expectedVersion: 1 }), {
      code: 'stale_version',
    });
    assert.equal(ports.saves.length, 1);
    assert.deepEqual([ports.item.stageId, ports.timeline], ['new', []]);
  });
});
