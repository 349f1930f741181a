import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { openPostgres, type Store } from '../../src/store/database.ts';
import { insertRuns } from '../fixtures/queue-runs.ts';
import { cli, createWorkspace, freePort, LONG, type Workspace } from '../support/e2e.ts';
import { type StageflowProcess, spawnStageflow, until } from '../support/stageflow-process.ts';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts';

/**
 * A PostgreSQL outage under load, with the real `stageflow serve` and `stageflow worker` processes
 * reaching the database through a TCP proxy the test controls: every connection cut at once,
 * new ones refused, then swallowed without an answer, then `pg_terminate_backend` (57P01). The
 * processes must live through all of it, answer 503 problem documents meanwhile, recover by
 * themselves, and have processed every event they acknowledged. Waits are generous bounds on
 * polling; nothing asserts how long anything took.
 */

const baseUrl = process.env['DATABASE_URL'];
const needsPostgres = (baseUrl === undefined || baseUrl === '') && 'the outage is played on PostgreSQL';
/** The server's connect timeout in this test: far longer than /readyz's one-second probe. */
const CONNECT_TIMEOUT_MS = 20_000;

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  readonly body: any;
}

describe('a PostgreSQL outage under load (serve and worker processes)', {
  skip: needsPostgres,
  timeout: 10 * LONG,
}, () => {
  let workspace: Workspace;
  let proxy: TcpProxy;
  let direct: Store;
  let database = '';
  const children: StageflowProcess[] = [];
  let base = '';
  let token = '';

  before(async () => {
    if (needsPostgres) return;
    workspace = await createWorkspace();
    const url = new URL(workspace.env['DATABASE_URL'] ?? '');
    database = url.pathname.slice(1);
    direct = openPostgres(url.toString());
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    const created = cli(['tokens', 'create', '--name', 'outage', '--role', 'admin'], workspace.env);
    assert.equal(created.code, 0, created.stderr);
    token = created.stdout.trim();
  });
  after(async () => {
    if (needsPostgres) return;
    for (const child of children) child.process.kill('SIGKILL');
    await Promise.all(children.map((child) => child.exited));
    await direct.close();
    await proxy.close();
    await workspace.cleanup();
  });

  /** One request; a hang fails the test (the bound is generous, the point is "it answers"). */
  async function call(method: string, path: string, body?: unknown, boundMs = 30_000): Promise<Answer> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(boundMs),
    }).catch((error: unknown) => {
      const outputs = children.map((child) => child.output().slice(-4000)).join('\n---\n');
      throw new Error(`${method} ${path} got no answer (${String(error)})\n${outputs}`);
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text === '' ? null : JSON.parse(text),
    };
  }

  const must = async (method: string, path: string, body?: unknown) => {
    const answer = await call(method, path, body);
    assert.ok(answer.status < 300, `${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  function assertUnavailable(answer: Answer, what: string): void {
    assert.equal(answer.status, 503, `${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
    assert.match(answer.headers.get('retry-after') ?? '', /^\d+$/, `${what}: Retry-After`);
    assert.match(answer.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal(answer.body.status, 503);
    assert.equal(answer.body.code, 'database_unavailable');
  }

  const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
    Number((await query.execute(direct.db)).rows[0]?.n ?? 0);

  test('the processes survive cuts, refusals, silence and terminated backends, answer 503 meanwhile, recover, and lose nothing acknowledged', async () => {
    const proxied = new URL(workspace.env['DATABASE_URL'] ?? '');
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    const env = { ...workspace.env, DATABASE_URL: proxied.toString() };
    const port = await freePort();
    // The server's connection attempts wait longer than /readyz may take (see step 2).
    const server = spawnStageflow(['serve'], {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      STAGEFLOW_DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
    });
    children.push(server);
    base = await until(
      'server banner',
      async () => /running at (http:\S+)/.exec(server.output())?.[1],
      children,
    );
    const worker = spawnStageflow(['worker'], env);
    children.push(worker);
    await until(
      'worker start',
      async () => (worker.output().includes('"msg":"worker started"') ? true : undefined),
      children,
    );

    const pipeline = await must('POST', '/api/v1/pipelines', {
      name: 'Outage',
      entityType: 'deal',
      stages: [{ name: 'New' }, { name: 'Replied' }],
    });
    const replied = pipeline.stages[1].id;
    await must('POST', '/api/v1/triggers', { name: 'reply', stageId: replied, eventType: 'chat.message' });
    const robot = await must('POST', '/api/v1/robots', {
      name: 'note the reply',
      stageId: replied,
      action: { type: 'add_timeline_entry', params: { text: 'Replied: {{ item.title }}' } },
    });

    // The load: items created and messaged one after another, as long as the test lasts.
    const acknowledged: { eventId: string; itemId: string }[] = [];
    const refusals: Answer[] = [];
    const unexpected: string[] = [];
    let flowing = true;
    const note = (answer: Answer, what: string): boolean => {
      if (answer.status < 300) return true;
      if (answer.status === 503) refusals.push(answer);
      else unexpected.push(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return false;
    };
    const flow = (async () => {
      for (let n = 0; flowing; n += 1) {
        const item = await call('POST', '/api/v1/items', { pipelineId: pipeline.id, title: `Deal ${n}` });
        if (!note(item, 'create item')) continue;
        const eventId = `chat-${n}`;
        const event = {
          id: eventId,
          type: 'chat.message',
          subject: { itemId: item.body.id },
          data: { text: 'hello' },
        };
        // A refused event is sent again, as a client following Retry-After would.
        for (;;) {
          const answer = await call('POST', '/api/v1/events', event);
          if (note(answer, 'post event')) {
            acknowledged.push({ eventId, itemId: item.body.id });
            break;
          }
          if (!flowing) break;
        }
      }
    })();
    // A crash of the server shows as a rejected request; it is reported where the flow is awaited.
    flow.catch(() => {});
    const acknowledgedPast = async (mark: number) => {
      await until(
        'events acknowledged',
        async () => (acknowledged.length >= mark ? true : undefined),
        children,
      );
    };
    await acknowledgedPast(10);

    // 1. The database vanishes: every connection reset, new ones refused.
    proxy.setMode('refuse');
    proxy.cut();
    await until(
      '/readyz to answer 503',
      async () => ((await call('GET', '/readyz')).status === 503 ? true : undefined),
      children,
    );
    assertUnavailable(await call('GET', '/api/v1/items?limit=1'), 'read while refused');
    await until(
      'refused requests under load',
      async () => (refusals.length >= 3 ? true : undefined),
      children,
    );

    // 2. The network swallows new connections. /readyz answers 503 anyway, before a connection
    // attempt could have given up; requests answer 503 when their attempt gives up.
    proxy.setMode('blackhole');
    proxy.cut();
    const silent = await call('GET', '/readyz', undefined, CONNECT_TIMEOUT_MS / 2);
    assert.equal(silent.status, 503);
    assert.match(silent.headers.get('retry-after') ?? '', /^\d+$/);
    assertUnavailable(
      await call(
        'POST',
        '/api/v1/events',
        {
          id: 'during-silence',
          type: 'chat.message',
          subject: { itemId: 'none' },
          data: { text: 'x' },
        },
        3 * CONNECT_TIMEOUT_MS,
      ),
      'event while silent',
    );

    // 3. The database is back: the processes recover by themselves.
    // The connection attempts swallowed in step 2 are left hanging: each process must give up on
    // them by itself (connect timeouts), the LISTEN connections included.
    proxy.setMode('open');
    await until(
      '/readyz to answer 200',
      async () => ((await call('GET', '/readyz')).status === 200 ? true : undefined),
      children,
    );
    await acknowledgedPast(acknowledged.length + 10);

    // 4. An administrator terminates every backend of the database (57P01).
    const terminated = await count(sql`
      select count(pg_terminate_backend(pid)) as n from pg_stat_activity
      where datname = ${database} and pid <> pg_backend_pid()`);
    assert.ok(terminated > 0, 'the processes had connections to terminate');
    await acknowledgedPast(acknowledged.length + 10);

    flowing = false;
    await flow;
    assert.deepEqual(unexpected, [], 'every failed request was a 503');
    for (const refusal of refusals) assertUnavailable(refusal, 'refused under load');
    assert.equal(server.process.exitCode, null, server.output());
    assert.equal(worker.process.exitCode, null, worker.output());

    // Nothing acknowledged is lost: each event is stored and processed, each item moved, each
    // robot run finished.
    await until(
      'every stored event to be processed',
      async () =>
        (await count(sql`select count(*) as n from events where status <> 'processed'`)) === 0
          ? true
          : undefined,
      children,
    );
    const ids = acknowledged.map((entry) => entry.eventId);
    assert.equal(
      await count(
        sql`select count(*) as n from events where id in (${sql.join(ids)}) and status = 'processed'`,
      ),
      ids.length,
    );
    const items = acknowledged.map((entry) => entry.itemId);
    assert.equal(
      await count(
        sql`select count(*) as n from items where id in (${sql.join(items)}) and stage_id = ${replied}`,
      ),
      items.length,
    );
    await until(
      'every robot run to finish',
      async () => {
        const open = await count(sql`
          select count(*) as n from runs where robot_id = ${robot.id} and status in ('scheduled', 'running')`);
        return open === 0 ? true : undefined;
      },
      children,
    );
    assert.ok(
      (await count(
        sql`select count(*) as n from runs where robot_id = ${robot.id} and status = 'succeeded'`,
      )) >= items.length,
    );

    // Both LISTEN connections came back...
    await until(
      'both LISTEN connections',
      async () => {
        const listening = await count(sql`
          select count(*) as n from pg_stat_activity
          where datname = ${database} and query ilike 'listen %'`);
        return listening >= 2 ? true : undefined;
      },
      children,
    );
    // ...and the worker process alone still runs what becomes due, woken by NOTIFY.
    server.process.kill('SIGTERM');
    assert.equal(await server.exited, 0, server.output());
    const [run] = await insertRuns(
      direct,
      { pipelineId: pipeline.id, stageId: replied, itemId: items[0] ?? '' },
      [{ robotId: 'deleted-robot', dueAt: new Date().toISOString() }],
    );
    await sql`select pg_notify('stageflow_runs', '')`.execute(direct.db);
    await until('the worker to run a new run', async () => {
      const row = await direct.db
        .selectFrom('runs')
        .select('status')
        .where('id', '=', run ?? '')
        .executeTakeFirst();
      return row !== undefined && row.status !== 'scheduled' && row.status !== 'running' ? true : undefined;
    }, [worker]);
    worker.process.kill('SIGTERM');
    assert.equal(await worker.exited, 0, worker.output());
  });
});
