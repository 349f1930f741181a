import type { Logger } from 'pino';
import {
  CHANGE_FEED_RETENTION_MS,
  type FeedChange,
} from '../../store/repositories/change-feed-repository.ts';

/** What the hub reads (the store's ChangeFeedRepository). */
export interface ChangeFeed {
  readAfter(afterId: number, limit: number, throughId?: number): Promise<FeedChange[]>;
  lastId(): Promise<number>;
  prunedThrough(): Promise<number>;
  prune(before: Date): Promise<number>;
}

/** One open stream, as the hub sees it. */
export interface ChangeSubscriber {
  /** Sends notification rows only to this user; undefined: every row (an API token). */
  readonly recipient?: string | undefined;
  send(change: FeedChange): void;
  /** Keeps the connection from looking idle to proxies. */
  ping(): void;
  /** The hub is stopping (server shutdown): end the stream. */
  end(): void;
}

/** How a stream starts: at the end (`ready`), over again (`reset`) or after the given id. */
export type StreamStart =
  | { readonly kind: 'ready'; readonly id: number }
  | { readonly kind: 'reset'; readonly id: number }
  | { readonly kind: 'resumed' };

export interface ChangeHubOptions {
  readonly feed: ChangeFeed;
  readonly logger: Logger;
  /** Time between reads when nothing wakes the hub. Default: 1 s. */
  readonly pollMs?: number;
  /** How long a missing id is waited for before it is taken as never coming. Default: 5 s. */
  readonly gapMs?: number;
  /** Time between `: ping` comments. Default: 15 s. */
  readonly pingMs?: number;
  /** Time between prunes of the feed. Default: 1 min. */
  readonly pruneEveryMs?: number;
  /** How long feed rows are kept. Default: 24 h. */
  readonly retentionMs?: number;
  /** Rows read per query. Default: 500. */
  readonly batchSize?: number;
  /** A monotonic clock in ms (gaps, pings, prunes). Default: performance.now. */
  readonly now?: () => number;
}

interface Entry {
  readonly subscriber: ChangeSubscriber;
  /** The last id this stream was given (or chose to skip). */
  position: number;
  /** Live rows held back while the stream replays from the database. */
  held: FeedChange[] | undefined;
}

/**
 * Fans the change feed out to the open streams of this process. One reader per process, however
 * many streams are open, and none while no stream is open: it starts with the first stream and
 * stops after the last. It reads when woken (`poke`: a write answered here, a wake-up from the
 * engine or from another process's NOTIFY) and otherwise every `pollMs`, since some changes
 * (a run finished by a `stageflow worker`) announce themselves to nobody.
 *
 * Invariant: rows are delivered in id order and each at most once per stream. On SQLite writers
 * are serialised, so ids become visible in order. On PostgreSQL an id is taken at insert but the
 * row is seen at commit, so id 7 may be seen before id 6: the reader stops at the first missing id
 * and goes past it only once it has been missing for `gapMs` (a rolled-back transaction leaves a
 * gap that never fills). A transaction that stays open longer than that after writing a change is
 * the one case where a row can be skipped; a client that reconnects with Last-Event-ID replays it.
 */
export class ChangeHub {
  readonly #feed: ChangeFeed;
  readonly #logger: Logger;
  readonly #pollMs: number;
  readonly #gapMs: number;
  readonly #pingMs: number;
  readonly #pruneEveryMs: number;
  readonly #retentionMs: number;
  readonly #batchSize: number;
  readonly #now: () => number;
  readonly #entries = new Map<ChangeSubscriber, Entry>();
  /** The last id delivered to every stream (or skipped as a gap). */
  #cursor = 0;
  /** When ids beyond a point were first seen: the age of a gap below them. */
  #seen: { id: number; at: number }[] = [];
  #loop: Promise<void> | undefined;
  #started: Promise<void> | undefined;
  #wake: (() => void) | undefined;
  #poked = false;
  #stopped = false;
  #lastPing: number | undefined;
  #lastPrune = Number.NEGATIVE_INFINITY;

  constructor(options: ChangeHubOptions) {
    this.#feed = options.feed;
    this.#logger = options.logger;
    this.#pollMs = options.pollMs ?? 1000;
    this.#gapMs = options.gapMs ?? 5000;
    this.#pingMs = options.pingMs ?? 15_000;
    this.#pruneEveryMs = options.pruneEveryMs ?? 60_000;
    this.#retentionMs = options.retentionMs ?? CHANGE_FEED_RETENTION_MS;
    this.#batchSize = options.batchSize ?? 500;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Open streams. */
  get size(): number {
    return this.#entries.size;
  }

  /** Whether the reader is running (only while a stream is open). */
  get running(): boolean {
    return this.#loop !== undefined;
  }

  /** Something may have changed: read now rather than at the next poll. */
  poke(): void {
    this.#poked = true;
    this.#wake?.();
  }

  /**
   * Adds a stream. Without `lastEventId` it starts at the current end (`ready`). With one, it
   * first gets every retained row after it (`resumed`); an id that is not a number, pruned away or
   * beyond anything written gets `reset` (refetch everything), and the stream goes on from the end.
   * `started` is called before any row is sent.
   */
  async open(
    subscriber: ChangeSubscriber,
    lastEventId: string | undefined,
    started: (start: StreamStart) => void,
  ): Promise<void> {
    if (this.#stopped) {
      subscriber.end();
      return;
    }
    const entry: Entry = { subscriber, position: 0, held: [] };
    this.#entries.set(subscriber, entry);
    this.#loop ??= this.#run();
    await this.#started;
    if (!this.#entries.has(subscriber)) return;
    try {
      await this.#begin(entry, lastEventId, started);
    } catch (error) {
      // The client reconnects with its Last-Event-ID and is replayed what it missed.
      this.#logger.warn({ err: error }, 'starting a stream failed');
      this.close(subscriber);
      subscriber.end();
    }
  }

  async #begin(
    entry: Entry,
    lastEventId: string | undefined,
    started: (start: StreamStart) => void,
  ): Promise<void> {
    const subscriber = entry.subscriber;
    const cursor = this.#cursor;
    const from = lastEventId === undefined ? undefined : parseId(lastEventId);
    let start: StreamStart;
    if (lastEventId === undefined) start = { kind: 'ready', id: cursor };
    else if (from === undefined || !(await this.#retained(from, cursor)))
      start = { kind: 'reset', id: cursor };
    else start = { kind: 'resumed' };
    if (!this.#entries.has(subscriber)) return;
    started(start);
    if (start.kind === 'resumed' && from !== undefined) {
      entry.position = from;
      await this.#replay(entry, cursor);
    } else {
      entry.position = cursor;
    }
    const held = entry.held ?? [];
    entry.held = undefined;
    for (const change of held) this.#deliver(entry, change);
  }

  /** Removes a stream (the client went away). */
  close(subscriber: ChangeSubscriber): void {
    this.#entries.delete(subscriber);
    if (this.#entries.size === 0) this.#wake?.();
  }

  /** Ends every stream and the reader: the server is closing. */
  async stop(): Promise<void> {
    this.#stopped = true;
    const entries = [...this.#entries.keys()];
    this.#entries.clear();
    for (const subscriber of entries) subscriber.end();
    this.#wake?.();
    await this.#loop;
  }

  async #retained(from: number, cursor: number): Promise<boolean> {
    if (from < (await this.#feed.prunedThrough())) return false;
    return from <= Math.max(cursor, await this.#feed.lastId());
  }

  /** Sends the stored rows after the stream's position up to the hub's cursor. */
  async #replay(entry: Entry, through: number): Promise<void> {
    while (entry.position < through && this.#entries.has(entry.subscriber)) {
      const rows = await this.#feed.readAfter(entry.position, this.#batchSize, through);
      if (rows.length === 0) break;
      for (const row of rows) this.#send(entry, row);
    }
  }

  #deliver(entry: Entry, change: FeedChange): void {
    if (entry.held !== undefined) entry.held.push(change);
    else if (change.id > entry.position) this.#send(entry, change);
  }

  #send(entry: Entry, change: FeedChange): void {
    entry.position = change.id;
    const recipient = entry.subscriber.recipient;
    if (change.kind === 'notification' && recipient !== undefined && change.userId !== recipient) return;
    entry.subscriber.send(change);
  }

  async #run(): Promise<void> {
    let ready: () => void = () => {};
    this.#started = new Promise((resolve) => {
      ready = resolve;
    });
    // Until the end of the feed is known nothing is read: starting from 0 would send every
    // retained row to every stream.
    let known = false;
    while (!known && this.#entries.size > 0 && !this.#stopped) {
      try {
        this.#cursor = await this.#feed.lastId();
        known = true;
      } catch (error) {
        this.#logger.warn({ err: error }, 'reading the change feed failed');
        await this.#sleep();
      }
    }
    this.#seen = [];
    this.#lastPing = undefined;
    ready();
    while (this.#entries.size > 0 && !this.#stopped) {
      this.#poked = false;
      let full = false;
      try {
        full = await this.#readOnce();
        await this.#maintain();
      } catch (error) {
        this.#logger.warn({ err: error }, 'reading the change feed failed');
      }
      if (!full && !this.#poked) await this.#sleep();
    }
    this.#loop = undefined;
  }

  /** Reads and delivers one batch; answers whether more may be waiting at once. */
  async #readOnce(): Promise<boolean> {
    const rows = await this.#feed.readAfter(this.#cursor, this.#batchSize);
    const now = this.#now();
    const last = rows.at(-1);
    if (last !== undefined && last.id > (this.#seen.at(-1)?.id ?? this.#cursor)) {
      this.#seen.push({ id: last.id, at: now });
    }
    let advanced = false;
    for (const row of rows) {
      if (row.id !== this.#cursor + 1 && !this.#gapExpired(now)) break;
      this.#cursor = row.id;
      advanced = true;
      for (const entry of this.#entries.values()) this.#deliver(entry, row);
    }
    this.#seen = this.#seen.filter((mark) => mark.id > this.#cursor);
    return advanced && rows.length === this.#batchSize;
  }

  /** Whether the id after the cursor has been missing for `gapMs`, counted from when a later id was first seen. */
  #gapExpired(now: number): boolean {
    const firstSeen = this.#seen.find((mark) => mark.id > this.#cursor);
    return firstSeen !== undefined && now - firstSeen.at >= this.#gapMs;
  }

  async #maintain(): Promise<void> {
    const now = this.#now();
    if (this.#lastPing === undefined) this.#lastPing = now;
    else if (now - this.#lastPing >= this.#pingMs) {
      for (const entry of this.#entries.values()) entry.subscriber.ping();
      this.#lastPing = now;
    }
    if (now - this.#lastPrune >= this.#pruneEveryMs) {
      this.#lastPrune = now;
      await this.#feed.prune(new Date(Date.now() - this.#retentionMs));
    }
  }

  #sleep(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, this.#pollMs);
      this.#wake = done;
    });
  }
}

function parseId(text: string): number | undefined {
  if (!/^\d{1,15}$/.test(text.trim())) return undefined;
  return Number(text.trim());
}
