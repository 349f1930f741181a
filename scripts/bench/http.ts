import { Agent, request } from 'node:http';
import { sleep } from './stats.ts';

/**
 * A keep-alive HTTP client for the bench: one connection per concurrent caller is reused for the
 * whole run, as a real integration would, so connection setup is not what gets measured.
 */
export interface Answer {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: the bench reads arbitrary JSON answers
  readonly body: any;
  /** From the first byte written to the last byte of the answer. Unit: ms. */
  readonly ms: number;
}

export class BenchClient {
  readonly #agent: Agent;
  readonly #url: URL;
  readonly #token: string;
  /** Answers 503 (load shedding) that were retried. */
  refused = 0;

  constructor(base: string, token: string, sockets = 64) {
    this.#url = new URL(base);
    this.#token = token;
    this.#agent = new Agent({ keepAlive: true, maxSockets: sockets });
  }

  send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.#agent,
          host: this.#url.hostname,
          port: this.#url.port,
          method,
          path,
          headers: {
            authorization: `Bearer ${this.#token}`,
            ...(payload !== undefined && {
              'content-type': 'application/json',
              'content-length': String(Buffer.byteLength(payload)),
            }),
            ...headers,
          },
        },
        (res) => {
          const parts: Buffer[] = [];
          res.on('data', (chunk: Buffer) => parts.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(parts).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text === '' ? undefined : JSON.parse(text);
            } catch {
              // Not JSON: kept as text for the error message.
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, ms: performance.now() - started });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /**
   * POSTs events until they are accepted: a 503 (the server shedding load) is retried after a
   * short pause and counted; any other answer than 200/202 stops the bench. The latency is the
   * accepted attempt's.
   */
  async postEvents(events: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    for (;;) {
      const answer = await this.send('POST', '/api/v1/events', events, headers);
      if (answer.status === 200 || answer.status === 202) return answer;
      if (answer.status !== 503) {
        throw new Error(`POST /api/v1/events answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      }
      this.refused += 1;
      await sleep(20);
    }
  }

  close(): void {
    this.#agent.destroy();
  }
}
