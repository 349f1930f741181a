import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createWorkspace, LONG, type RunningServer, startServer, type Workspace } from '../support/e2e.ts';
import { eventually } from '../support/harness.ts';

/** Concurrent clients in a burst; the server may handle only a few of them at once. */
const BURST = 200;
const MAX_IN_FLIGHT = 4;
const ITEMS = 4;

interface Answer {
  readonly id: string;
  readonly status: number;
  readonly retryAfter: string | null;
  readonly type: string | null;
}

/**
 * Bounded bursts against the real `stageflow serve`: every request is answered (202, or 503 with
 * Retry-After when the server is saturated) instead of queueing until clients time out; the health
 * checks answer during the bursts; every accepted event is processed afterwards, none twice. Slow
 * clients saturate the server first, so refusing is seen whatever the speed of the machine.
 */
describe('stageflow serve under a burst of events', { timeout: 5 * LONG }, () => {
  let workspace: Workspace;
  let server: RunningServer;
  before(async () => {
    workspace = await createWorkspace();
    server = await startServer({ ...workspace.env, STAGEFLOW_MAX_IN_FLIGHT: String(MAX_IN_FLIGHT) });
  });
  after(async () => {
    if (server?.process.exitCode === null) server.process.kill('SIGKILL');
    await workspace?.cleanup();
  });

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.base}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${server.token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: the test reads arbitrary JSON answers
    const answer: any = await response.json();
    return { status: response.status, body: answer };
  };

  /** The burst events an item's journal says were received, by event id. */
  const receivedBy = async (itemId: string): Promise<string[]> => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await api(
        'GET',
        `/items/${itemId}/journal?kind=event_received&limit=200${cursor === null ? '' : `&cursor=${cursor}`}`,
      );
      assert.equal(page.status, 200, JSON.stringify(page.body));
      for (const entry of page.body.data) {
        // The events of this test; "later" is posted after the count.
        if (/^(slow|refused|burst)-/.test(entry.eventId ?? '')) ids.push(entry.eventId);
      }
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    return ids;
  };

  /**
   * A client that sends its request's headers and half of its body, and the rest on `finish()`:
   * from `taken` until then the request is in flight on the server. `finish` answers the status.
   */
  const slowClient = (id: string, itemId: string) => {
    const body = JSON.stringify({ id, type: 'chat.message', subject: { itemId }, data: { text: 'slow' } });
    const { hostname, port } = new URL(server.base);
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.on('data', (chunk) => {
      received += chunk;
    });
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    // The server says "100 Continue" as it takes up the request, which from then on is in flight.
    const taken = new Promise<void>((resolve) => {
      const check = () => {
        if (received.includes('100 Continue')) resolve();
      };
      socket.on('data', check);
      socket.on('close', () => resolve());
    });
    const half = Math.floor(body.length / 2);
    socket.write(
      `POST /api/v1/events HTTP/1.1\r\nHost: ${hostname}\r\nAuthorization: Bearer ${server.token}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        'Expect: 100-continue\r\nConnection: close\r\n\r\n' +
        body.slice(0, half),
    );
    return {
      id,
      taken,
      async finish(): Promise<number> {
        // Not end(): a client that half-closes may be hung up on before its answer is written.
        socket.write(body.slice(half));
        await closed;
        // The last status line, after the interim "100 Continue".
        return Number([...received.matchAll(/HTTP\/1\.1 (\d{3})/g)].at(-1)?.[1]);
      },
    };
  };

  test('each request answers 202 or 503 with Retry-After; health answers; accepted events run once', async () => {
    const pipeline = await api('POST', '/pipelines', {
      name: 'Burst',
      entityType: 'deal',
      stages: [{ name: 'New' }, { name: 'Talking' }],
    });
    assert.equal(pipeline.status, 201, JSON.stringify(pipeline.body));
    const trigger = await api('POST', '/triggers', {
      name: 'a message',
      stageId: pipeline.body.stages[1].id,
      eventType: 'chat.message',
    });
    assert.equal(trigger.status, 201, JSON.stringify(trigger.body));
    const items: string[] = [];
    for (let i = 0; i < ITEMS; i++) {
      const item = await api('POST', '/items', { pipelineId: pipeline.body.id, title: `Burst ${i}` });
      assert.equal(item.status, 201, JSON.stringify(item.body));
      items.push(item.body.id);
    }

    const post = async (id: string, i: number): Promise<Answer> => {
      const response = await fetch(`${server.base}/api/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          id,
          type: 'chat.message',
          subject: { itemId: items[i % ITEMS] },
          data: { text: `message ${i}` },
        }),
      });
      await response.arrayBuffer();
      return {
        id,
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        type: response.headers.get('content-type'),
      };
    };
    const healthDuring = () => Promise.all([fetch(`${server.base}/healthz`), fetch(`${server.base}/readyz`)]);
    const refusedProperly = (answer: Answer) => {
      assert.equal(answer.status, 503, JSON.stringify(answer));
      assert.equal(answer.retryAfter, '1', 'a refused client learns when to try again');
      assert.match(String(answer.type), /^application\/problem\+json/);
    };

    // 1. Saturated for sure: slow clients hold every place (their bodies arrive only later).
    const slow = Array.from({ length: MAX_IN_FLIGHT }, (_, i) => slowClient(`slow-${i}`, items[i % ITEMS]!));
    await Promise.all(slow.map((client) => client.taken));
    const refusedBurst = Promise.all(Array.from({ length: BURST / 2 }, (_, i) => post(`refused-${i}`, i)));
    const [health, ready] = await healthDuring();
    for (const answer of await refusedBurst) refusedProperly(answer);
    assert.equal(health.status, 200, '/healthz is never refused');
    assert.equal(ready.status, 200, '/readyz is never refused');
    const accepted: string[] = [];
    for (const client of slow) {
      assert.equal(await client.finish(), 202, 'a slow client that held its place is served');
      accepted.push(client.id);
    }

    // 2. A burst as it comes: each client is answered at once, 202 or 503 with Retry-After.
    const burst = Promise.all(Array.from({ length: BURST }, (_, i) => post(`burst-${i}`, i)));
    const [healthToo, readyToo] = await healthDuring();
    const answers = await burst;
    assert.equal(healthToo.status, 200);
    assert.equal(readyToo.status, 200);
    for (const answer of answers) {
      if (answer.status === 202) accepted.push(answer.id);
      else refusedProperly(answer);
    }

    // 3. Every accepted event is processed afterwards, once; no refused one ever is.
    let received: string[] = [];
    await eventually('every accepted event to be processed', async () => {
      received = (await Promise.all(items.map(receivedBy))).flat();
      return received.length >= accepted.length;
    });
    assert.deepEqual([...received].sort(), [...accepted].sort(), 'each accepted event once, no refused one');

    // The places in flight were all given back.
    assert.equal((await post('later', 0)).status, 202);
  });
});
