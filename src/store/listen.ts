import pg from 'pg';
import { connectionConfig, type PostgresTimeouts } from './postgres-pool.ts';
import { RUNS_CHANNEL } from './run-queue-store.ts';

export interface RunsListenerOptions {
  /**
   * Called on every notification with its payload, and with '' after each reconnection
   * (notifications may have been missed).
   */
  readonly onNotify: (payload: string) => void;
  /** Connection trouble; the listener reconnects by itself. */
  readonly onError?: ((error: unknown) => void) | undefined;
  /** Wait before reconnecting after the connection broke. Default: 1 s. */
  readonly reconnectDelayMs?: number | undefined;
  /** The connect timeout bounds each attempt, so a silent network cannot stall reconnecting. */
  readonly timeouts?: PostgresTimeouts | undefined;
}

export interface RunsListener {
  close(): Promise<void>;
}

/**
 * LISTENs on the runs channel over a dedicated PostgreSQL connection (a pooled one would be handed
 * to other queries and lose the subscription). PostgreSQL only (capability `supportsListenNotify`).
 * The first connection must succeed, so a wrong URL fails the start; later breaks reconnect.
 */
export async function listenForPlannedRuns(
  connectionString: string,
  options: RunsListenerOptions,
): Promise<RunsListener> {
  const reconnectDelayMs = options.reconnectDelayMs ?? 1000;
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client(connectionConfig(connectionString, options.timeouts));
    next.on('notification', (message) => {
      if (message.channel === RUNS_CHANNEL) options.onNotify(message.payload ?? '');
    });
    next.on('error', (error) => {
      options.onError?.(error);
      if (client === next) reconnect();
    });
    next.on('end', () => {
      if (client === next) reconnect();
    });
    await next.connect();
    try {
      await next.query(`listen ${RUNS_CHANNEL}`);
    } catch (error) {
      await next.end().catch(() => {});
      throw error;
    }
    if (closed) {
      await next.end();
      return;
    }
    client = next;
  };

  const reconnect = () => {
    const broken = client;
    client = undefined;
    broken?.end().catch(() => {});
    if (closed || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        // Whatever was planned while we were away was announced to nobody.
        () => options.onNotify(''),
        (error: unknown) => {
          options.onError?.(error);
          reconnect();
        },
      );
    }, reconnectDelayMs);
  };

  await connect();
  return {
    async close() {
      closed = true;
      if (retry !== undefined) clearTimeout(retry);
      const current = client;
      client = undefined;
      await current?.end();
    },
  };
}
