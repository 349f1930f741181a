import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { Capabilities, Store } from './database.ts';
import type { Database } from './schema.ts';

/**
 * The PostgreSQL channel that says "work became due" (runs planned, events accepted): runners
 * LISTEN, and the one wake-up path (queue/wakeup.ts) NOTIFYs.
 */
export const RUNS_CHANNEL = 'stageflow_runs';

/**
 * Wakes the runners listening on PostgreSQL. Sent after the commit that made the work due (inside
 * a transaction it would be delivered at commit), so a runner never wakes for work it cannot see
 * yet. `payload` says what is due and who sent it (see Wakeup.receive). PostgreSQL only
 * (capability `supportsListenNotify`).
 */
export async function notifyRunsPlanned(db: Kysely<Database>, payload = ''): Promise<void> {
  await sql`select pg_notify(${RUNS_CHANNEL}, ${payload})`.execute(db);
}

export interface ClaimedRunRow {
  readonly id: string;
  readonly attempts: number;
  readonly leaseExpiresAt: string;
}

type RunsWhere = (eb: ExpressionBuilder<Database, 'runs'>) => Expression<SqlBool>;

/**
 * The SQL of the run queue (the worker's `RunQueue`, see queue/run-queue.ts). Timestamps are ISO
 * strings on both databases, so comparisons are the same text on SQLite and timestamptz on
 * PostgreSQL.
 */
export class RunQueueStore {
  readonly #db: Kysely<Database>;
  readonly #capabilities: Capabilities;

  constructor(store: Pick<Store, 'db' | 'capabilities'>) {
    this.#db = store.db;
    this.#capabilities = store.capabilities;
  }

  async claim(request: {
    owner: string;
    now: Date;
    leaseMs: number;
    limit: number;
    executing?: readonly string[] | undefined;
  }): Promise<ClaimedRunRow[]> {
    const now = request.now.toISOString();
    const executing = [...(request.executing ?? [])];
    // Runs whose worker died first: they are the oldest work. A reclaimed run counts one more
    // attempt, so it is retried exactly once more by whoever claims it. The claimer's own
    // executions are not taken again, whatever their lease says.
    const expired = await this.#claimWhere(
      (eb) =>
        eb.and([
          eb('status', '=', 'running'),
          eb('leaseExpiresAt', '<', now),
          ...(executing.length > 0 ? [eb('id', 'not in', executing)] : []),
        ]),
      'leaseExpiresAt',
      request,
      request.limit,
    );
    const left = request.limit - expired.length;
    if (left <= 0) return expired;
    const due = await this.#claimWhere(
      (eb) => eb.and([eb('status', '=', 'scheduled'), eb('dueAt', '<=', now)]),
      'dueAt',
      request,
      left,
    );
    return [...expired, ...due];
  }

  async extendLeases(ids: readonly string[], owner: string, now: Date, leaseMs: number): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.#db
      .updateTable('runs')
      .set({
        leaseExpiresAt: new Date(now.getTime() + leaseMs).toISOString(),
        updatedAt: now.toISOString(),
      })
      .where('id', 'in', [...ids])
      .where('status', '=', 'running')
      .where('leaseOwner', '=', owner)
      .returning('id')
      .execute();
    return rows.map((row) => row.id);
  }

  async release(ids: readonly string[], owner: string, now: Date): Promise<string[]> {
    if (ids.length === 0) return [];
    const at = now.toISOString();
    const rows = await this.#db
      .updateTable('runs')
      .set((eb) => ({
        status: 'scheduled',
        dueAt: at,
        // The claim counted an attempt that did not happen.
        attempts: sql<number>`case when ${eb.ref('attempts')} > 0 then ${eb.ref('attempts')} - 1 else 0 end`,
        leaseOwner: null,
        leaseExpiresAt: null,
        updatedAt: at,
      }))
      .where('id', 'in', [...ids])
      .where('status', '=', 'running')
      .where('leaseOwner', '=', owner)
      .returning('id')
      .execute();
    return rows.map((row) => row.id);
  }

  /** One statement, two index lookups: the first due run and the first lease of another worker. */
  async nextWakeAt(owner: string): Promise<Date | undefined> {
    const row = await this.#db
      .selectNoFrom((eb) => [
        eb
          .selectFrom('runs')
          .select((r) => r.fn.min('dueAt').as('at'))
          .where('status', '=', 'scheduled')
          .as('due'),
        // Our own leases are renewed by our heartbeat; waking for them would be a wasted claim.
        eb
          .selectFrom('runs')
          .select((r) => r.fn.min('leaseExpiresAt').as('at'))
          .where('status', '=', 'running')
          .where((r) => r.or([r('leaseOwner', 'is', null), r('leaseOwner', '!=', owner)]))
          .as('lease'),
      ])
      .executeTakeFirst();
    const times = [row?.due, row?.lease]
      .filter((at): at is string => typeof at === 'string')
      .map((at) => new Date(at).getTime());
    return times.length === 0 ? undefined : new Date(Math.min(...times));
  }

  /**
   * Claims up to `limit` runs matching `where`, oldest `order` first, in one statement. On
   * PostgreSQL the rows are picked with FOR UPDATE SKIP LOCKED in a CTE (a CTE with a locking
   * clause is planned once, so LIMIT holds): concurrent claimers skip each other's rows instead of
   * waiting, and a row updated by another claimer after our snapshot is re-checked against
   * `where`. SQLite serialises writers, so a plain UPDATE ... WHERE id IN (SELECT ... LIMIT n)
   * cannot hand a row to two claimers.
   */
  async #claimWhere(
    where: RunsWhere,
    order: 'dueAt' | 'leaseExpiresAt',
    request: { owner: string; now: Date; leaseMs: number },
    limit: number,
  ): Promise<ClaimedRunRow[]> {
    const now = request.now.toISOString();
    const changes = {
      status: 'running',
      leaseOwner: request.owner,
      leaseExpiresAt: new Date(request.now.getTime() + request.leaseMs).toISOString(),
      attempts: sql<number>`attempts + 1`,
      startedAt: now,
      updatedAt: now,
    };
    let rows: { id: string; attempts: number; leaseExpiresAt: string | null; dueAt: string | null }[];
    if (this.#capabilities.supportsSkipLocked) {
      rows = await this.#db
        .with('claimable', (db) =>
          db
            .selectFrom('runs')
            .select('id')
            .where(where)
            .orderBy(order)
            .limit(limit)
            .forUpdate()
            .skipLocked(),
        )
        .updateTable('runs')
        .from('claimable')
        .set(changes)
        .whereRef('runs.id', '=', 'claimable.id')
        .returning(['runs.id', 'runs.attempts', 'runs.leaseExpiresAt', 'runs.dueAt'])
        .execute();
    } else {
      rows = await this.#db
        .updateTable('runs')
        .set(changes)
        .where('id', 'in', (db) =>
          db.selectFrom('runs').select('id').where(where).orderBy(order).limit(limit),
        )
        .returning(['id', 'attempts', 'leaseExpiresAt', 'dueAt'])
        .execute();
    }
    // RETURNING answers rows in the order they were updated, not in the subquery's: a batch is
    // handed out oldest due first all the same (reclaimed runs keep the order they came in).
    if (order === 'dueAt') rows.sort((a, b) => Date.parse(a.dueAt ?? '') - Date.parse(b.dueAt ?? ''));
    return rows.map((row) => ({
      id: row.id,
      attempts: row.attempts,
      leaseExpiresAt: row.leaseExpiresAt ?? '',
    }));
  }
}
