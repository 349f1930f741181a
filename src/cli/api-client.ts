import { setTimeout as sleep } from 'node:timers/promises';
import type { App } from '../api/app.ts';

/** Attempts at a request the server refused for now (503) before its answer is taken as final. */
const ATTEMPTS_WHEN_BUSY = 5;
/** The longest wait between them, whatever Retry-After asks. Unit: seconds. */
const MAX_BUSY_WAIT_SECONDS = 5;

export interface ApiResponse {
  readonly status: number;
  // biome-ignore lint/suspicious/noExplicitAny: answers are JSON documents read field by field
  readonly body: any;
  /** The answer's bytes as sent: a file in its own encoding. */
  readonly bytes?: Uint8Array;
}

/** The HTTP API as the CLI sees it: requests with an API token, JSON answers. */
export interface ApiClient {
  /** A JSON body, or with `contentType` raw bytes (a file) sent as they are. */
  send(method: 'GET' | 'POST', url: string, body?: unknown, contentType?: string): Promise<ApiResponse>;
}

/**
 * Talks to the application in-process through `inject`: the same routing, validation, auth and
 * error mapping as over the network, without opening a port. A request the server refused for
 * now (503: the database busy, the server shedding load; nothing was changed) is sent again after
 * the Retry-After it names, as any well-behaved client does, a few times before that answer stands.
 */
export function injectClient(app: App, token: string): ApiClient {
  return {
    async send(method, url, body, contentType) {
      const request = () =>
        app.inject({
          method,
          url,
          headers: {
            authorization: `Bearer ${token}`,
            ...(contentType !== undefined && { 'content-type': contentType }),
          },
          ...(body !== undefined && { payload: body as object }),
        });
      let response = await request();
      for (let attempt = 1; response.statusCode === 503 && attempt < ATTEMPTS_WHEN_BUSY; attempt++) {
        const asked = Number(response.headers['retry-after'] ?? 1);
        const seconds = Number.isFinite(asked) ? Math.min(Math.max(asked, 0), MAX_BUSY_WAIT_SECONDS) : 1;
        await sleep(seconds * 1000);
        response = await request();
      }
      const text = response.body;
      let parsed: unknown;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        parsed = text;
      }
      return { status: response.statusCode, body: parsed, bytes: new Uint8Array(response.rawPayload) };
    },
  };
}
