import type { ServerResponse } from 'node:http';
import { Type } from 'typebox';
import { unavailable } from '../../domain/errors.ts';
import type { FeedChange } from '../../store/repositories/change-feed-repository.ts';
import { ChangeFeedRepository } from '../../store/repositories/change-feed-repository.ts';
import type { App } from '../app.ts';
import type { AppContext } from '../context.ts';
import { leaveInFlight } from '../load-shedding.ts';
import { responses } from '../schemas/common.ts';
import { ChangeHub, type ChangeSubscriber, type StreamStart } from '../stream/change-hub.ts';

/** Default bound on open streams per process (STAGEFLOW_MAX_STREAMS). */
export const DEFAULT_MAX_STREAMS = 500;

/** What a client that lost the connection waits before reconnecting, in ms (the `retry:` field). */
const RECONNECT_MS = 2000;

/** A stream whose client reads slower than this many bytes behind is ended; it resumes by id. */
const MAX_UNSENT_BYTES = 1024 * 1024;

const StreamQuery = Type.Object({
  lastEventId: Type.Optional(
    Type.String({
      maxLength: 32,
      description: 'As the Last-Event-ID header, for clients that cannot set it',
    }),
  ),
});

/**
 * GET /api/v1/stream: server-sent events of changes (items, moves, runs, notifications, tasks,
 * activities, payments, documents, timeline entries) for live views. Each change is
 * `id: <feed id>`, `event: change`, `data: {"kind","op","id","itemId","pipelineId","userId","at"}`.
 * A stream starts with `event: ready` (its id is the current end) or, after Last-Event-ID, with the
 * missed changes, or with `event: reset` when they cannot be replayed (refetch everything).
 */
export function registerStreamRoutes(app: App, context: AppContext): void {
  const hub = new ChangeHub({
    feed: new ChangeFeedRepository(context.store.db),
    logger: context.logger.child({ component: 'stream' }),
  });
  const maxStreams = context.maxStreams ?? DEFAULT_MAX_STREAMS;
  context.onChangeHint?.(() => hub.poke());
  // A write answered here has committed: read at once, so this server's own changes show without
  // waiting for the next poll.
  app.addHook('onResponse', (request, _reply, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && hub.size > 0) hub.poke();
    done();
  });
  // Open streams never end by themselves: end them before the server waits for its connections.
  app.addHook('preClose', async () => {
    await hub.stop();
  });

  app.get(
    '/api/v1/stream',
    {
      schema: {
        tags: ['stream'],
        summary: 'Live changes as server-sent events (resumable with Last-Event-ID)',
        querystring: StreamQuery,
        response: {
          ...responses({}),
          200: {
            description: 'Server-sent events: `ready` or `reset` first, then one event per change',
            content: { 'text/event-stream': { schema: Type.String() } },
          },
        },
      },
    },
    async (request, reply) => {
      if (hub.size >= maxStreams) {
        throw unavailable(
          'too_many_streams',
          'This server has as many open streams as it may; try again later',
        );
      }
      // A stream waits without work for as long as the client stays: it is bounded by maxStreams,
      // not by the bound on requests in flight.
      leaveInFlight(request);
      const header = request.headers['last-event-id'];
      const lastEventId = (Array.isArray(header) ? header[0] : header) ?? request.query.lastEventId;
      reply.hijack();
      const response = reply.raw;
      const subscriber = streamTo(response, principalUserOf(request));
      // Registered first: a client gone before the stream opened must not hold a place.
      response.once('close', () => hub.close(subscriber));
      if (response.destroyed) return;
      // Headers the hooks set (a refreshed session cookie, say) go out with the stream's own.
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) response.setHeader(name, value);
      }
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      response.write(`retry: ${RECONNECT_MS}\n\n`);
      await hub.open(subscriber, lastEventId, (start) => writeStart(response, start));
    },
  );
}

function writeStart(response: ServerResponse, start: StreamStart): void {
  if (start.kind === 'ready') response.write(`id: ${start.id}\nevent: ready\ndata: {}\n\n`);
  // With the id of the end, so a client that reconnects right after resumes there instead of
  // being reset again.
  else if (start.kind === 'reset') response.write(`id: ${start.id}\nevent: reset\ndata: {}\n\n`);
}

function streamTo(response: ServerResponse, recipient: string | undefined): ChangeSubscriber {
  // A write to a connection that just broke must not become an unhandled 'error'.
  response.on('error', () => {});
  const write = (text: string) => {
    if (response.writableEnded || response.destroyed) return;
    response.write(text);
    if (response.writableLength > MAX_UNSENT_BYTES) response.end();
  };
  return {
    recipient,
    send: (change) =>
      write(`id: ${change.id}\nevent: change\ndata: ${JSON.stringify(wireChange(change))}\n\n`),
    ping: () => write(': ping\n\n'),
    end: () => {
      if (!response.writableEnded) response.end();
    },
  };
}

/** The data of a `change` event: the UI depends on exactly these fields. */
function wireChange(change: FeedChange) {
  return {
    kind: change.kind,
    op: change.op,
    id: change.entityId,
    itemId: change.itemId,
    pipelineId: change.pipelineId,
    userId: change.userId,
    at: change.at,
  };
}

/**
 * The signed-in user behind the request, when it is a person (a session) rather than a program
 * (an API token): their notifications are theirs alone. Read loosely, as the principal is set by
 * the authentication hook when sessions are on.
 */
function principalUserOf(request: object): string | undefined {
  const principal = (request as { principal?: { userId?: unknown } }).principal;
  return typeof principal?.userId === 'string' ? principal.userId : undefined;
}
