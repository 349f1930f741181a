import { eventually } from './harness.ts';

/** One server-sent event as a client sees it; `comment` holds a `: …` line's text. */
export interface ReceivedEvent {
  readonly id?: string;
  readonly event?: string;
  readonly retry?: string;
  readonly comment?: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON data
  readonly data?: any;
}

export interface OpenedStream {
  readonly status: number;
  readonly headers: Headers;
  /** Everything received so far, in order. */
  readonly events: ReceivedEvent[];
  /** The `change` events received so far. */
  changes(): ReceivedEvent[];
  /** Waits until an event matches (bounded by `eventually`) and answers it. */
  waitFor(what: string, match: (event: ReceivedEvent) => boolean): Promise<ReceivedEvent>;
  /** Resolves when the server ended the stream. */
  readonly ended: Promise<void>;
  close(): void;
}

/** Opens `GET /api/v1/stream` over real HTTP (inject cannot stream) and reads it in the background. */
export async function openEventStream(
  base: string,
  headers: Record<string, string>,
  query = '',
): Promise<OpenedStream> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/v1/stream${query}`, { headers, signal: controller.signal });
  const events: ReceivedEvent[] = [];
  const ended = (async () => {
    if (response.body === null) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          events.push(parseBlock(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    status: response.status,
    headers: response.headers,
    events,
    changes: () => events.filter((event) => event.event === 'change'),
    async waitFor(what, match) {
      let found: ReceivedEvent | undefined;
      await eventually(what, () => {
        found = events.find(match);
        return found !== undefined;
      });
      return found as ReceivedEvent;
    },
    ended,
    close: () => controller.abort(),
  };
}

function parseBlock(block: string): ReceivedEvent {
  const fields: Record<string, string> = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) fields['comment'] = line.slice(1).trim();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    fields[line.slice(0, colon)] = line.slice(colon + 1).trimStart();
  }
  const { data, ...rest } = fields;
  return { ...rest, ...(data !== undefined && { data: JSON.parse(data) }) };
}
