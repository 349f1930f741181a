import { connect, createServer, type Server, type Socket } from 'node:net';

interface Connection {
  readonly client: Socket;
  readonly upstream: Socket;
  frozen: boolean;
  readonly toServer: Buffer[];
  readonly toClient: Buffer[];
}

/**
 * A TCP proxy in front of PostgreSQL that the test controls. Armed with `freezeOn(pattern)`, it
 * freezes each connection on which the client sends a statement matching `pattern`: the bytes of
 * both directions are held (nothing is closed, nothing is lost), so the statement neither runs nor
 * answers, as on a network that stalls. `thaw()` delivers what was held and disarms it. Other
 * connections of the same client go on working.
 */
export class FreezingProxy {
  readonly #server: Server;
  readonly #connections = new Set<Connection>();
  #pattern: RegExp | undefined;

  constructor(target: { readonly host: string; readonly port: number }) {
    this.#server = createServer((client) => {
      const upstream = connect(target.port, target.host);
      const connection: Connection = { client, upstream, frozen: false, toServer: [], toClient: [] };
      this.#connections.add(connection);
      client.on('data', (chunk: Buffer) => {
        if (!connection.frozen && this.#pattern?.test(chunk.toString('latin1'))) connection.frozen = true;
        if (connection.frozen) connection.toServer.push(chunk);
        else upstream.write(chunk);
      });
      upstream.on('data', (chunk: Buffer) => {
        if (connection.frozen) connection.toClient.push(chunk);
        else client.write(chunk);
      });
      const end = () => {
        this.#connections.delete(connection);
        client.destroy();
        upstream.destroy();
      };
      client.on('close', end).on('error', end);
      upstream.on('close', end).on('error', end);
    });
  }

  /** Listens on 127.0.0.1; answers the port. */
  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  }

  /** From now on, a connection sending a statement that matches `pattern` is frozen. */
  freezeOn(pattern: RegExp): void {
    this.#pattern = pattern;
  }

  /** Connections frozen now. */
  get frozen(): number {
    return [...this.#connections].filter((connection) => connection.frozen).length;
  }

  /** Delivers everything held, in order, and freezes nothing more. */
  thaw(): void {
    this.#pattern = undefined;
    for (const connection of this.#connections) {
      if (!connection.frozen) continue;
      connection.frozen = false;
      for (const chunk of connection.toServer.splice(0)) connection.upstream.write(chunk);
      for (const chunk of connection.toClient.splice(0)) connection.client.write(chunk);
    }
  }

  close(): Promise<void> {
    for (const connection of this.#connections) {
      connection.client.destroy();
      connection.upstream.destroy();
    }
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
