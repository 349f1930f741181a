import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { generateWebhookSecret } from '../../src/channels/webhooks/signing.ts';
import { WebhookReceiver } from '../channels/webhook-receiver.ts';
import { readRun } from '../fixtures/queue-runs.ts';
import {
  startWorkerProcess,
  stopWorker,
  type WorkerProcess,
  waitUntil,
  workerIdOf,
} from '../support/worker-process.ts';
import {
  countOf,
  createFaultApp,
  DIALECT,
  enterGo,
  type FaultApp,
  NEEDS_POSTGRES,
  pipelineWithRobots,
  runJournal,
  runsOf,
} from './fault-support.ts';

/**
 * A worker process dies (SIGKILL: no shutdown, no release) while its webhook call is on the wire.
 * Its lease expires, another worker takes the run over and calls again with the same webhook-id,
 * so the receiver can drop the duplicate, and the run is recorded once, as succeeded.
 */
describe(`a worker killed in the middle of a send_webhook run (${DIALECT})`, () => {
  let app: FaultApp;
  let receiver: WebhookReceiver;
  let base: string;
  const workers: WorkerProcess[] = [];

  before(async () => {
    if (NEEDS_POSTGRES) return;
    app = await createFaultApp();
    receiver = new WebhookReceiver();
    base = await receiver.listen();
  });
  after(async () => {
    if (NEEDS_POSTGRES) return;
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
    await receiver.close();
    await app.t.close();
  });

  test('the next worker repeats the call with the same webhook-id and the run succeeds once', {
    skip: NEEDS_POSTGRES,
  }, async () => {
    const env = {
      DATABASE_URL: app.databaseUrl,
      STAGEFLOW_RUN_LEASE_SECONDS: '3',
      STAGEFLOW_OUTBOUND_ALLOW: '127.0.0.1',
    };
    const output = () => workers.map((worker) => worker.output()).join('\n');
    const held: ServerResponse[] = [];
    receiver.answers.push((response) => held.push(response));
    const doomed = await startWorkerProcess(env);
    workers.push(doomed);
    const pipeline = await pipelineWithRobots(app.t, [
      {
        name: 'tell the warehouse',
        action: {
          type: 'send_webhook',
          params: {
            url: `${base}/orders`,
            body: { deal: '{{ item.title }}' },
            secret: generateWebhookSecret(),
          },
        },
      },
    ]);
    const itemId = await enterGo(app.t, pipeline, 'Order');
    await waitUntil('the first call', () => receiver.received.length === 1, output);
    doomed.child.kill('SIGKILL');
    await doomed.exited;
    const [run] = await runsOf(app.t, itemId);
    assert.ok(run);
    const orphan = await readRun(app.t.context.store, run.id);
    assert.deepEqual([orphan.status, orphan.leaseOwner], ['running', workerIdOf(doomed)]);

    const rescuer = await startWorkerProcess(env);
    workers.push(rescuer);
    await waitUntil(
      'the run to finish',
      async () => (await readRun(app.t.context.store, run.id)).status !== 'running',
      output,
    );

    const [done] = await runsOf(app.t, itemId);
    assert.deepEqual([done?.status, done?.attempts], ['succeeded', 2]);
    assert.deepEqual(
      receiver.received.map((call) => call.headers['webhook-id']),
      [`msg_${run.id}`, `msg_${run.id}`],
      'the same webhook-id both times',
    );
    const journal = await runJournal(app.t, itemId);
    assert.equal(countOf(journal, 'run_succeeded'), 1, journal.join());
    assert.equal(countOf(journal, 'run_failed'), 0, journal.join());
    assert.equal(await stopWorker(rescuer), 0, rescuer.output());
  });
});
