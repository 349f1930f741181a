import pg from 'pg';

/** How long a PostgreSQL connection may keep a caller waiting. */
export interface PostgresTimeouts {
  /**
   * Longest wait for a connection: a new one (a database that does not answer) or a free one of
   * the pool. STAGEFLOW_DB_CONNECT_TIMEOUT_MS. Default: 5 s.
   */
  readonly connectTimeoutMs?: number | undefined;
  /**
   * Longest wait for the answer to one statement; past it the connection is given up.
   * STAGEFLOW_DB_QUERY_TIMEOUT_MS. Default: 30 s.
   */
  readonly queryTimeoutMs?: number | undefined;
}

export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
export const DEFAULT_QUERY_TIMEOUT_MS = 30_000;

/**
 * Acknowledged means durable: a server or database set to `synchronous_commit = off` answers a
 * commit before it reaches the disk, and a crash could lose an accepted event, a move or a payment.
 * Our sessions turn it back on; a stronger setting (remote_write, remote_apply) stays as it is.
 */
const DURABLE_COMMITS =
  "select set_config('synchronous_commit', 'on', false) where current_setting('synchronous_commit') = 'off'";

/** Names our connections in pg_stat_activity, so an operator sees whose they are. */
export const APPLICATION_NAME = 'stageflow';

/** Connection settings shared by the pool and the dedicated LISTEN connection. */
export function connectionConfig(url: string, timeouts: PostgresTimeouts = {}): pg.ClientConfig {
  return {
    connectionString: url,
    application_name: APPLICATION_NAME,
    connectionTimeoutMillis: timeouts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    // A peer that vanished without closing (a partition, a dead host) is noticed by TCP.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

/**
 * The pool under Kysely. A connection can break at any moment (a restart, `pg_terminate_backend`,
 * a reset on the network); these rules keep that from ending the process or poisoning the pool.
 */
export function createPostgresPool(
  url: string,
  types: pg.CustomTypesConfig,
  timeouts: PostgresTimeouts = {},
): pg.Pool {
  const pool = new pg.Pool({
    ...connectionConfig(url, timeouts),
    max: 10,
    types,
    query_timeout: timeouts.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS,
    // Before a new connection is handed out; when it fails the pool closes that connection and
    // the caller gets the error, so nothing leaks from the pool.
    onConnect: (client) => client.query(DURABLE_COMMITS),
  });
  // An idle connection that fails is discarded by the pool, which then emits this error; without a
  // listener it would end the process.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    // A checked-out connection that breaks emits 'error' on its client, and pg-pool listens only
    // while the client is idle. The query in flight, if any, is rejected with the same error, and
    // the pool discards the broken client when Kysely releases it; without this listener the
    // error would end the process.
    client.on('error', () => {});
  });
  pool.on('release', (_error: Error | undefined, client: pg.PoolClient) => {
    // Released with a statement still in flight: its answer timed out (query_timeout) and may
    // never come. Closing the connection makes the pool discard it instead of queueing the next
    // caller's statements behind that answer.
    if (hasAbandonedQuery(client)) void client.end().catch(() => {});
  });
  return pool;
}

function hasAbandonedQuery(client: pg.PoolClient): boolean {
  // pg keeps the statement awaiting its answer here (no public accessor without a deprecation).
  const internals = client as unknown as { _getActiveQuery?: () => unknown };
  return (internals._getActiveQuery?.() ?? null) !== null;
}
