import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { WebhookReceiver } from '../channels/webhook-receiver.ts';
import { createWorkspace, LONG, type RunningServer, startServer, type Workspace } from '../support/e2e.ts';
import { eventually } from '../support/harness.ts';

/**
 * A retried run is due at once, and the server's runner must learn so from the retry itself. On
 * the manual clock the runner never wakes by time passing, so a run that is not woken never runs:
 * this test waits for an outcome that only the wake-up can bring, on SQLite and on PostgreSQL.
 */
describe('a failed run retried through the API', { timeout: 5 * LONG }, () => {
  let workspace: Workspace;
  let server: RunningServer;
  const receiver = new WebhookReceiver();
  let hookUrl: string;
  before(async () => {
    hookUrl = await receiver.listen();
    workspace = await createWorkspace();
    server = await startServer({
      ...workspace.env,
      STAGEFLOW_CLOCK: 'manual',
      // The receiver runs on this machine, which outgoing requests may not reach by default.
      STAGEFLOW_OUTBOUND_ALLOW: '127.0.0.1',
    });
  });
  after(async () => {
    if (server?.process.exitCode === null) server.process.kill('SIGKILL');
    await receiver.close();
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
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
  };

  test('runs again at once on the real server, without any other wake-up', async () => {
    const pipeline = await api('POST', '/pipelines', {
      name: 'Retry',
      entityType: 'deal',
      stages: [{ name: 'New' }, { name: 'Won', semantics: 'won' }],
    });
    assert.equal(pipeline.status, 201, JSON.stringify(pipeline.body));
    const robot = await api('POST', '/robots', {
      name: 'Tell the warehouse',
      stageId: pipeline.body.stages[0].id,
      action: {
        type: 'send_webhook',
        params: { url: `${hookUrl}/warehouse`, body: { deal: '{{ item.title }}' } },
      },
    });
    assert.equal(robot.status, 201, JSON.stringify(robot.body));
    // The warehouse refuses the first call (a 4xx fails the run at once) and takes the second.
    receiver.answers.push((response) => {
      response.statusCode = 400;
      response.end('not yet');
    });
    const item = await api('POST', '/items', { pipelineId: pipeline.body.id, title: 'Orbita' });
    assert.equal(item.status, 201, JSON.stringify(item.body));
    const runOf = async () => (await api('GET', `/runs?itemId=${item.body.id}`)).body.data[0];
    await eventually('the run to fail', async () => (await runOf())?.status === 'failed');
    const failed = await runOf();
    assert.equal(receiver.received.length, 1);

    const retried = await api('POST', `/runs/${failed.id}/retry`);
    assert.equal(retried.status, 200, JSON.stringify(retried.body));
    await eventually('the retried run to succeed', async () => (await runOf()).status === 'succeeded');
    assert.equal(receiver.received.length, 2, 'one more call, from the retry');
    assert.equal((await api('GET', '/clock')).body.now, failed.dueAt, 'the clock did not move');
  });
});
