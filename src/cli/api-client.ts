import type { App } from '../api/app.ts';

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
 * error mapping as over the network, without opening a port.
 */
export function injectClient(app: App, token: string): ApiClient {
  return {
    async send(method, url, body, contentType) {
      const response = await app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${token}`,
          ...(contentType !== undefined && { 'content-type': contentType }),
        },
        ...(body !== undefined && { payload: body as object }),
      });
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
