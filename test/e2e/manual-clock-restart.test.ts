import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createWorkspace,
  LONG,
  type RunningServer,
  startServer,
  stopServer,
  type Workspace,
} from '../support/e2e.ts';

/** `stageflow serve` with STAGEFLOW_CLOCK=manual, restarted as a real process. */
describe('the manual clock across a restart', { timeout: 10 * LONG }, () => {
  let workspace: Workspace;
  let server: RunningServer | undefined;
  before(async () => {
    workspace = await createWorkspace();
  });
  after(async () => {
    if (server?.process.exitCode === null) server.process.kill('SIGKILL');
    await workspace.cleanup();
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
  const newItem = async (title: string) => {
    const pipelines = await api('GET', '/pipelines?limit=200');
    const deals = pipelines.data.find((p: { name: string }) => p.name === 'Deals');
    return api('POST', '/items', { pipelineId: deals.id, title });
  };

  test('after an advance of 5 hours and a restart the clock resumes there and never goes back', async () => {
    const env = { ...workspace.env, STAGEFLOW_CLOCK: 'manual' };
    server = await startServer(env);
    const start = Date.parse((await api('GET', '/clock')).now);
    const advanced = (await api('POST', '/clock/advance', { by: 'PT5H' })).now;
    assert.equal(Date.parse(advanced), start + 5 * 3600_000);
    const before = await newItem('Stamped 5 hours ahead');
    assert.equal(before.createdAt, advanced);
    assert.equal(await stopServer(server), 0, server.stderr());

    server = await startServer(env);
    assert.equal((await api('GET', '/clock')).now, advanced, 'the clock resumes where it stood');
    const later = await newItem('After the restart');
    assert.ok(later.createdAt >= before.createdAt, `${later.createdAt} is not before ${before.createdAt}`);
    const next = (await api('POST', '/clock/advance', { by: 'PT1H' })).now;
    assert.equal(Date.parse(next), Date.parse(advanced) + 3600_000);
    assert.equal(await stopServer(server), 0, server.stderr());
  });
});
