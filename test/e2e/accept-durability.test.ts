import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStore, type Store } from '../../src/store/database.ts';
import { createWorkspace, LONG, type RunningServer, startServer, type Workspace } from '../support/e2e.ts';
import { eventually } from '../support/harness.ts';

/** Concurrent keep-alive clients, and the events they send between them. */
const CLIENTS = 30;
const EVENTS = 400;
/** The server is killed once this many events were answered `accepted`. */
const KILL_AFTER = 120;

/**
 * Group commit through the real `stageflow serve`: an event answered 202 `accepted` is durable,
 * so a SIGKILL while other requests are in flight loses none of them, and the next start
 * processes them. Run on SQLite (a data folder) and, with DATABASE_URL, on PostgreSQL.
 */
describe('accepted events survive a SIGKILL of the server', { timeout: 5 * LONG }, () => {
  let workspace: Workspace;
  let server: RunningServer | undefined;
  let store: Store | undefined;
  before(async () => {
    workspace = await createWorkspace();
  });
  after(async () => {
    if (server?.process.exitCode === null) server.process.kill('SIGKILL');
    await store?.close();
    await workspace?.cleanup();
  });

  const api = async (method: string, path: string, body?: unknown) => {
    assert.ok(server);
    const response = await fetch(`${server.base}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${server.token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
    const json: any = await response.json();
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };

  test('every event answered accepted before the kill is stored, and processed after the restart', async () => {
    server = await startServer(workspace.env);
    const pipelines = await api('GET', '/pipelines?limit=200');
    const deals = pipelines.data.find((p: { name: string }) => p.name === 'Deals');
    const item = await api('POST', '/items', { pipelineId: deals.id, title: 'Under fire' });

    const running = server;
    const accepted: string[] = [];
    let next = 0;
    let killed = false;
    const exited = new Promise<void>((resolve) => running.process.once('exit', () => resolve()));
    // Each client sends one event after another on its own keep-alive connection until the
    // events run out or the server is gone; what was in flight at the kill has no answer.
    const client = async () => {
      while (next < EVENTS && !killed) {
        const id = `durable-${next}`;
        next += 1;
        let response: Response;
        try {
          response = await fetch(`${running.base}/api/v1/events`, {
            method: 'POST',
            headers: { authorization: `Bearer ${running.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              id,
              type: 'chat.message',
              subject: { itemId: item.id },
              data: { text: id },
            }),
          });
        } catch {
          return; // The server died under this request.
        }
        const answer: { status?: string } | undefined =
          response.status === 202
            ? ((await response.json().catch(() => undefined)) as { status?: string } | undefined)
            : undefined;
        if (answer?.status === 'accepted') {
          accepted.push(id);
          if (accepted.length === KILL_AFTER) {
            killed = true;
            running.process.kill('SIGKILL');
          }
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    assert.ok(killed, `the server was not killed: ${accepted.length} accepted of ${EVENTS}`);
    await exited;

    // The database as the kill left it, before any process touched it again.
    const url = workspace.env['DATABASE_URL'];
    store = openStore({
      databaseUrl: url === undefined || url === '' ? undefined : url,
      dataDir: workspace.env['STAGEFLOW_DATA_DIR'] ?? '',
    });
    const statuses = async () =>
      new Map(
        (
          await store!.db
            .selectFrom('events')
            .select(['id', 'status'])
            .where('id', 'like', 'durable-%')
            .execute()
        ).map((row) => [row.id, row.status]),
      );
    const afterKill = await statuses();
    const lost = accepted.filter((id) => !afterKill.has(id));
    assert.deepEqual(lost, [], `${lost.length} of ${accepted.length} accepted events were lost`);

    server = await startServer(workspace.env);
    // The restarted server's runner processes every stored event: the accepted ones and
    // whatever was stored while its answer was lost with the process.
    await eventually('every stored event processed after the restart', async () => {
      const now = await statuses();
      return [...now.values()].every((status) => status === 'processed');
    });
    const now = await statuses();
    assert.deepEqual(
      accepted.filter((id) => now.get(id) !== 'processed'),
      [],
      'every accepted event is processed',
    );
  });
});
