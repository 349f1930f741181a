import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createWorkspace, LONG, type RunningServer, startServer, type Workspace } from '../support/e2e.ts';
import { eventually } from '../support/harness.ts';

/** Concurrent clients in the burst; the server may handle only a few of them at once. */
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
 * A bounded burst against the real `stageflow serve`: every request is answered (202, or 503 with
 * Retry-After when the server is saturated) instead of queueing until clients time out; the health
 * checks answer during the burst; every accepted event is processed afterwards, none twice.
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
      for (const entry of page.body.data) if (entry.eventId?.startsWith('burst-')) ids.push(entry.eventId);
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    return ids;
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

    const post = async (i: number): Promise<Answer> => {
      const id = `burst-${i}`;
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
    const burst = Promise.all(Array.from({ length: BURST }, (_, i) => post(i)));
    // Asked while the burst is under way: never shed, never queued behind it.
    const [health, ready] = await Promise.all([
      fetch(`${server.base}/healthz`),
      fetch(`${server.base}/readyz`),
    ]);
    const answers = await burst;
    assert.equal(health.status, 200);
    assert.equal(ready.status, 200);

    const accepted = answers.filter((answer) => answer.status === 202).map((answer) => answer.id);
    const shed = answers.filter((answer) => answer.status !== 202);
    for (const answer of shed) {
      assert.equal(answer.status, 503, JSON.stringify(answer));
      assert.equal(answer.retryAfter, '1', 'a refused client learns when to try again');
      assert.match(String(answer.type), /^application\/problem\+json/);
    }
    assert.ok(accepted.length > 0, 'some events were accepted');
    assert.ok(shed.length > 0, `${BURST} clients at once exceed ${MAX_IN_FLIGHT} in flight`);

    let received: string[] = [];
    await eventually('every accepted event to be processed', async () => {
      received = (await Promise.all(items.map(receivedBy))).flat();
      return received.length >= accepted.length;
    });
    assert.deepEqual([...received].sort(), [...accepted].sort(), 'each accepted event once, no refused one');

    // The places in flight were all given back.
    const later = await post(BURST);
    assert.equal(later.status, 202);
  });
});
