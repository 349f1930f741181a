import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type OpenedStream, openEventStream } from '../support/event-stream.ts';
import { eventually } from '../support/harness.ts';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.ts';
import {
  createFaultApp,
  DIALECT,
  enterGo,
  type FaultApp,
  NEEDS_POSTGRES,
  pipelineWithRobots,
} from './fault-support.ts';

/**
 * A run executed by a `stageflow worker` process (not by the serving process) reaches the open
 * streams of the server: the change feed is written by the database, whoever commits.
 */
describe(`the event stream shows what a worker process did (${DIALECT})`, () => {
  let app: FaultApp;
  let stream: OpenedStream | undefined;
  let worker: WorkerProcess | undefined;

  before(async () => {
    if (NEEDS_POSTGRES) return;
    app = await createFaultApp();
  });
  after(async () => {
    if (NEEDS_POSTGRES) return;
    stream?.close();
    worker?.child.kill('SIGKILL');
    await worker?.exited;
    await app.t.close();
  });

  test("the status changes of a run executed by a worker process arrive on the server's stream", {
    skip: NEEDS_POSTGRES,
  }, async () => {
    const base = await app.t.app.listen({ port: 0, host: '127.0.0.1' });
    const pipeline = await pipelineWithRobots(app.t, [
      { name: 'history', action: { type: 'add_timeline_entry', params: { text: 'Done by a worker' } } },
    ]);
    const opened = await openEventStream(base, { authorization: `Bearer ${app.t.tokens.viewer}` });
    stream = opened;
    await opened.waitFor('ready', (event) => event.event === 'ready');
    const itemId = await enterGo(app.t, pipeline, 'Deal');
    const planned = await opened.waitFor(
      'the planned run',
      (e) => e.data?.kind === 'run' && e.data.itemId === itemId,
    );
    worker = await startWorkerProcess({ DATABASE_URL: app.databaseUrl });
    const updates = () =>
      opened
        .changes()
        .filter((e) => e.data.kind === 'run' && e.data.id === planned.data.id && e.data.op === 'updated');
    // Claimed (running), then succeeded.
    await eventually('running and succeeded', () => updates().length >= 2);
    const run = await app.t.context.store.db
      .selectFrom('runs')
      .select('status')
      .where('id', '=', planned.data.id)
      .executeTakeFirstOrThrow();
    assert.equal(run.status, 'succeeded');
  });
});
