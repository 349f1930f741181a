import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import { eventually } from '../../../test/support/harness.ts';
import type { FeedChange } from '../../store/repositories/change-feed-repository.ts';
import { type ChangeFeed, ChangeHub, type ChangeSubscriber } from './change-hub.ts';

/** A feed in memory whose rows the test makes visible one by one, as commits would. */
class FakeFeed implements ChangeFeed {
  rows: FeedChange[] = [];
  reads = 0;
  pruned = 0;
  async readAfter(afterId: number, limit: number, throughId?: number): Promise<FeedChange[]> {
    this.reads += 1;
    return this.rows
      .filter((row) => row.id > afterId && (throughId === undefined || row.id <= throughId))
      .sort((a, b) => a.id - b.id)
      .slice(0, limit);
  }
  async lastId(): Promise<number> {
    return Math.max(0, this.pruned, ...this.rows.map((row) => row.id));
  }
  async prunedThrough(): Promise<number> {
    return this.pruned;
  }
  async prune(): Promise<number> {
    return 0;
  }
  commit(id: number, kind = 'item', userId: string | null = null): void {
    this.rows.push({
      id,
      kind,
      op: 'updated',
      entityId: `e${id}`,
      itemId: null,
      pipelineId: null,
      userId,
      at: '',
    });
  }
  /** Waits until the hub has read `times` more times. */
  async readsMore(times: number): Promise<void> {
    const target = this.reads + times;
    await eventually('the hub to read', () => this.reads >= target);
  }
}

function collector(recipient?: string): ChangeSubscriber & { ids: number[]; ended: boolean } {
  const ids: number[] = [];
  return {
    recipient,
    ids,
    ended: false,
    send: (change) => ids.push(change.id),
    ping: () => {},
    end() {
      this.ended = true;
    },
  };
}

const logger = pino({ level: 'silent' });

describe('change hub', () => {
  test('delivers in id order and waits at a missing id until it commits', async () => {
    const feed = new FakeFeed();
    let now = 0;
    const hub = new ChangeHub({ feed, logger, pollMs: 2, gapMs: 5000, now: () => now });
    const stream = collector();
    await hub.open(stream, undefined, () => {});
    feed.commit(1);
    feed.commit(2);
    feed.commit(4);
    await eventually('1 and 2', () => stream.ids.length === 2);
    now = 4999;
    await feed.readsMore(3);
    assert.deepEqual(stream.ids, [1, 2], 'id 4 waits for id 3');
    feed.commit(3);
    await eventually('3 and 4', () => stream.ids.length === 4);
    assert.deepEqual(stream.ids, [1, 2, 3, 4]);
    await hub.stop();
  });

  test('goes past a missing id once it has been missing for the gap time (a rollback)', async () => {
    const feed = new FakeFeed();
    let now = 0;
    const hub = new ChangeHub({ feed, logger, pollMs: 2, gapMs: 5000, now: () => now });
    const stream = collector();
    await hub.open(stream, undefined, () => {});
    feed.commit(2);
    await feed.readsMore(2);
    now = 3000;
    feed.commit(3);
    await feed.readsMore(2);
    assert.deepEqual(stream.ids, []);
    now = 5000;
    await eventually('2 and 3', () => stream.ids.length === 2);
    assert.deepEqual(stream.ids, [2, 3]);
    await hub.stop();
  });

  test('sends notifications only to their recipient when the stream has one', async () => {
    const feed = new FakeFeed();
    const hub = new ChangeHub({ feed, logger, pollMs: 2 });
    const anna = collector('anna');
    const token = collector();
    await hub.open(anna, undefined, () => {});
    await hub.open(token, undefined, () => {});
    feed.commit(1, 'notification', 'anna');
    feed.commit(2, 'notification', 'boris');
    feed.commit(3, 'task', 'boris');
    await eventually('all three to the token', () => token.ids.length === 3);
    await eventually('two to anna', () => anna.ids.length === 2);
    assert.deepEqual(anna.ids, [1, 3]);
    await hub.stop();
  });

  test('a resumed stream gets the stored rows, then the live ones, each once', async () => {
    const feed = new FakeFeed();
    for (let id = 1; id <= 5; id += 1) feed.commit(id);
    const hub = new ChangeHub({ feed, logger, pollMs: 2, batchSize: 2 });
    const live = collector();
    await hub.open(live, undefined, () => {});
    const resumed = collector();
    const starts: string[] = [];
    await hub.open(resumed, '2', (start) => starts.push(start.kind));
    feed.commit(6);
    await eventually('the live row', () => resumed.ids.length === 4);
    assert.deepEqual(starts, ['resumed']);
    assert.deepEqual(resumed.ids, [3, 4, 5, 6]);
    assert.deepEqual(live.ids, [6]);
    await hub.stop();
  });

  test('reads nothing while no stream is open, and stops reading after the last one closes', async () => {
    const feed = new FakeFeed();
    const hub = new ChangeHub({ feed, logger, pollMs: 2 });
    hub.poke();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(feed.reads, 0);
    assert.equal(hub.running, false);
    const stream = collector();
    await hub.open(stream, undefined, () => {});
    await feed.readsMore(1);
    hub.close(stream);
    await eventually('the reader to stop', () => !hub.running);
    const reads = feed.reads;
    hub.poke();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(feed.reads, reads);
  });

  test('pings every open stream once the ping interval has passed', async () => {
    const feed = new FakeFeed();
    let now = 0;
    const hub = new ChangeHub({ feed, logger, pollMs: 2, pingMs: 15_000, now: () => now });
    let pings = 0;
    await hub.open({ send: () => {}, ping: () => (pings += 1), end: () => {} }, undefined, () => {});
    await feed.readsMore(3);
    now = 14_999;
    await feed.readsMore(2);
    assert.equal(pings, 0);
    now = 15_000;
    await eventually('a ping', () => pings === 1);
    await feed.readsMore(2);
    assert.equal(pings, 1, 'not again before another interval');
    await hub.stop();
  });

  test('while the end of the feed cannot be read, nothing is sent; then the stream starts at the end', async () => {
    const feed = new FakeFeed();
    for (let id = 1; id <= 3; id += 1) feed.commit(id);
    let failures = 2;
    const lastId = feed.lastId.bind(feed);
    feed.lastId = async () => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('database down');
      }
      return lastId();
    };
    const hub = new ChangeHub({ feed, logger, pollMs: 2 });
    const stream = collector();
    const starts: unknown[] = [];
    await hub.open(stream, undefined, (start) => starts.push(start));
    assert.deepEqual(starts, [{ kind: 'ready', id: 3 }]);
    feed.commit(4);
    await eventually('the new row', () => stream.ids.length === 1);
    assert.deepEqual(stream.ids, [4]);
    await hub.stop();
  });

  test('stop ends every open stream', async () => {
    const feed = new FakeFeed();
    const hub = new ChangeHub({ feed, logger, pollMs: 2 });
    const streams = [collector(), collector()];
    for (const stream of streams) await hub.open(stream, undefined, () => {});
    await hub.stop();
    assert.deepEqual(
      streams.map((stream) => stream.ended),
      [true, true],
    );
    assert.equal(hub.running, false);
  });
});
