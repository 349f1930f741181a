import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createWorkspace,
  freePort,
  LONG,
  type RunningServer,
  startServer,
  stopServer,
  type Workspace,
} from '../support/e2e.ts';
import { startWorkerProcess, stopWorker } from '../support/worker-process.ts';

const METRICS_TOKEN = 'e2e-scrape-token-0123';

/** `stageflow serve` with STAGEFLOW_METRICS_PORT: the metrics leave the API's port for their own. */
describe('the metrics on a port of their own', { timeout: 4 * LONG }, () => {
  let workspace: Workspace;
  let server: RunningServer | undefined;
  before(async () => {
    workspace = await createWorkspace();
  });
  after(async () => {
    if (server?.process.exitCode === null) server.process.kill('SIGKILL');
    await workspace.cleanup();
  });

  test('serve listens for GET /metrics on STAGEFLOW_METRICS_PORT, asking for the token; the API port has none', async () => {
    const metricsPort = await freePort();
    server = await startServer({
      ...workspace.env,
      STAGEFLOW_METRICS_PORT: String(metricsPort),
      STAGEFLOW_METRICS_TOKEN: METRICS_TOKEN,
    });
    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const admin = { authorization: `Bearer ${server.token}` };

    assert.equal((await fetch(`${server.base}/metrics`, { headers: admin })).status, 404);
    const refused = await fetch(metricsUrl, { headers: admin });
    assert.equal(refused.status, 401);
    assert.match(refused.headers.get('content-type') ?? '', /^application\/problem\+json/);

    // The demo load went through the engine: its events and runs are counted already.
    const scraped = await fetch(metricsUrl, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(scraped.status, 200);
    assert.match(scraped.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await scraped.text();
    assert.match(text, /^stageflow_events_pending \d+$/m);
    assert.match(text, /^stageflow_db_pool_connections\{state="max"\} \d+$/m);
    assert.match(text, /^process_resident_memory_bytes \d+/m);

    assert.equal(await stopServer(server), 0);
    // Stopped with the server.
    await assert.rejects(fetch(metricsUrl));
  });

  test('a worker serves its metrics on STAGEFLOW_METRICS_PORT and stops them with itself', {
    skip:
      process.env['DATABASE_URL'] === undefined || process.env['DATABASE_URL'] === ''
        ? 'stageflow worker needs PostgreSQL'
        : false,
  }, async () => {
    const metricsPort = await freePort();
    const worker = await startWorkerProcess({
      ...workspace.env,
      STAGEFLOW_METRICS_PORT: String(metricsPort),
      STAGEFLOW_METRICS_HOST: '127.0.0.1',
    });
    const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    try {
      const scraped = await fetch(metricsUrl);
      assert.equal(scraped.status, 200, worker.output());
      const text = await scraped.text();
      assert.match(text, /^stageflow_runs_due \d+$/m);
      assert.match(text, /^stageflow_db_pool_connections\{state="waiting"\} \d+$/m);
    } finally {
      assert.equal(await stopWorker(worker), 0, worker.output());
    }
    await assert.rejects(fetch(metricsUrl));
  });
});
