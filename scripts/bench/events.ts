import type { Store } from '../../src/store/database.ts';
import { uuidv7 } from '../../src/store/ids.ts';
import { query } from './bulk.ts';
import type { Customer } from './seed.ts';
import { cpuMs } from './server.ts';
import { sleep } from './stats.ts';

/** One event as POST /api/v1/events takes it. */
export interface BenchEvent {
  readonly id: string;
  readonly type: string;
  readonly subject: Record<string, string>;
  readonly data: Record<string, unknown>;
}

/**
 * Events of the S3 shape for customers picked at random: a customer's even-numbered event is an
 * email from them (matched by email: "The client answered" moves the deal to Negotiation), its
 * odd-numbered one a missed call (matched by phone: the bench's trigger moves it back to New).
 * Each event moves its deal and sets off a robot run at once. Events about one item are processed
 * in accept order, so the alternation holds however the runner schedules them.
 */
export class EventSource {
  readonly #customers: Customer[];
  generated = 0;

  constructor(customers: Customer[]) {
    this.#customers = customers;
  }

  next(): BenchEvent {
    const customer = this.#customers[Math.floor(Math.random() * this.#customers.length)] as Customer;
    const email = customer.events % 2 === 0;
    customer.events += 1;
    this.generated += 1;
    const id = uuidv7();
    return email
      ? {
          id,
          type: 'email.received',
          subject: { email: customer.email },
          data: { from: customer.email, subject: 'Re: your proposal', text: 'Let us talk.' },
        }
      : { id, type: 'call.missed', subject: { phone: customer.phone }, data: { phone: customer.phone } };
  }

  batch(size: number): BenchEvent[] {
    return Array.from({ length: size }, () => this.next());
  }
}

/**
 * The server's outstanding work: events accepted but not yet processed (the engine's own
 * included) and robot runs due but not finished.
 */
export async function backlog(store: Store): Promise<number> {
  const dialect = store.capabilities.dialect;
  const [events] = await query<{ n: number | string }>(
    store.db,
    dialect,
    "select count(*) as n from events where status in ('pending', 'processing')",
  );
  const [runs] = await query<{ n: number | string }>(
    store.db,
    dialect,
    "select count(*) as n from runs where status in ('scheduled', 'running') and due_at <= ?",
    [new Date().toISOString()],
  );
  return Number(events?.n ?? 0) + Number(runs?.n ?? 0);
}

/**
 * Waits until every accepted event is processed and every due run has run. Gives up (answering
 * false) after `limitMs`, or when the backlog has not shrunk for `idleMs` while the server (its
 * process `pid`) used almost no CPU meanwhile: it is idle with work left, which is a bug to
 * report, not something to wait out. A shrinking count alone would not do: processing an event
 * plans a run, so a busy server's backlog can stand still. A phase that left a backlog behind
 * would slow the next one down.
 */
export async function drain(store: Store, pid: number, limitMs: number, idleMs: number): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  let last = Number.POSITIVE_INFINITY;
  let since = Date.now();
  let cpuAtSince = cpuMs(pid);
  for (;;) {
    const left = await backlog(store);
    if (left === 0) return true;
    if (Date.now() > deadline) return false;
    if (left < last || Date.now() - since > idleMs) {
      // Busy: more than a tenth of a core over the window (NaN off Linux counts as busy).
      const busy = left < last || !(cpuMs(pid) - cpuAtSince < idleMs / 10);
      if (!busy) return false;
      last = Math.min(last, left);
      since = Date.now();
      cpuAtSince = cpuMs(pid);
    }
    await sleep(100);
  }
}

/** What the server wrote about events accepted since `since` (server clock, ISO). */
export async function processedSince(store: Store, since: string) {
  const dialect = store.capabilities.dialect;
  const [events] = await query<{ n: number | string; first: string | null; last: string | null }>(
    store.db,
    dialect,
    "select count(*) as n, min(received_at) as first, max(processed_at) as last from events where source = 'api' and received_at >= ? and status = 'processed'",
    [since],
  );
  const [moves] = await query<{ n: number | string }>(
    store.db,
    dialect,
    "select count(*) as n from journal_entries where kind = 'moved' and created_at >= ?",
    [since],
  );
  const [runs] = await query<{ n: number | string }>(
    store.db,
    dialect,
    "select count(*) as n from runs where status = 'succeeded' and finished_at >= ?",
    [since],
  );
  return {
    processed: Number(events?.n ?? 0),
    first: events?.first ?? null,
    last: events?.last ?? null,
    moves: Number(moves?.n ?? 0),
    runs: Number(runs?.n ?? 0),
  };
}
