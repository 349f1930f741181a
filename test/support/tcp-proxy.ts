import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between a process under test and a real server (PostgreSQL), which a test can use to
 * play a database outage without touching the shared cluster: cut every connection (as
 * `pg_ctl stop -m immediate` does), refuse new ones, swallow them silently (a network partition),
 * and let them through again.
 */
export type ProxyMode = 'open' | 'refuse' | 'blackhole';

export interface TcpProxy {
  readonly port: number;
  /** Connections accepted since the start, in every mode. */
  readonly accepted: number;
  /** Destroys every open connection, both sides, at once. */
  cut(): void;
  /** Stops forwarding on the open connections, which stay open: a partition nobody notices. */
  freeze(): void;
  /** `open` forwards new connections; `refuse` resets them; `blackhole` holds them without a byte. */
  setMode(mode: ProxyMode): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'open';
  let accepted = 0;
  const sockets = new Set<Socket>();
  const pairs = new Set<[Socket, Socket]>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // A reset is what the test asks for; it must not end the test process.
    socket.on('error', () => {});
  };
  const server: Server = createServer((client) => {
    accepted += 1;
    track(client);
    if (mode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    if (mode === 'blackhole') return;
    const upstream = connect(target.port, target.host);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.on('close', () => {
      pairs.delete(pair);
      upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    port,
    get accepted() {
      return accepted;
    },
    cut() {
      for (const socket of sockets) socket.resetAndDestroy();
    },
    freeze() {
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
      }
      pairs.clear();
    },
    setMode(next) {
      mode = next;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
