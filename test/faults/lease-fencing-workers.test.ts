import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { generateWebhookSecret } from '../../src/channels/webhooks/signing.ts';
import { WebhookReceiver } from '../channels/webhook-receiver.ts';
import { readRun } from '../fixtures/queue-runs.ts';
import { FreezingProxy } from '../support/freezing-proxy.ts';
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

/** The statement of the heartbeat that renews a worker's leases (store/run-queue-store.ts). */
const LEASE_RENEWAL = /update "runs" set "lease_expires_at"/;

/**
 * Worker A executes a send_webhook run; its connection to the database stalls while the receiver
 * holds its call, so its heartbeat cannot renew the lease. The lease expires, worker B takes the
 * run over and calls again (same webhook-id). When A's call is finally answered, A must record
 * nothing: the run is B's now.
 */
describe(`lease fencing between worker processes (${DIALECT})`, () => {
  let app: FaultApp;
  let receiver: WebhookReceiver;
  let proxy: FreezingProxy;
  let base: string;
  let viaProxy: string;
  const workers: WorkerProcess[] = [];

  before(async () => {
    if (NEEDS_POSTGRES) return;
    app = await createFaultApp();
    receiver = new WebhookReceiver();
    base = await receiver.listen();
    const direct = new URL(app.databaseUrl);
    proxy = new FreezingProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const through = new URL(app.databaseUrl);
    through.hostname = '127.0.0.1';
    through.port = String(await proxy.listen());
    viaProxy = through.toString();
  });
  after(async () => {
    if (NEEDS_POSTGRES) return;
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
    await proxy.close();
    await receiver.close();
    await app.t.close();
  });

  test('a worker whose lease expired during a webhook call records nothing; the new owner records the one success', {
    skip: NEEDS_POSTGRES,
  }, async () => {
    const env = { STAGEFLOW_RUN_LEASE_SECONDS: '3', STAGEFLOW_OUTBOUND_ALLOW: '127.0.0.1' };
    const output = () => workers.map((worker) => worker.output()).join('\n');
    const held: ServerResponse[] = [];
    receiver.answers.push(
      (response) => held.push(response),
      (response) => held.push(response),
    );
    const a = await startWorkerProcess({ ...env, DATABASE_URL: viaProxy });
    workers.push(a);
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
        retry: { maxAttempts: 5, initialDelay: 'PT1S', maxDelay: 'PT1S' },
      },
    ]);
    const itemId = await enterGo(app.t, pipeline, 'Order');
    await waitUntil('A to call the receiver', () => receiver.received.length === 1, output);
    const [run] = await runsOf(app.t, itemId);
    assert.ok(run);

    // A's next lease renewal stalls on the network; its lease runs out.
    proxy.freezeOn(LEASE_RENEWAL);
    await waitUntil("A's heartbeat to stall", () => proxy.frozen === 1, output);
    const b = await startWorkerProcess({ ...env, DATABASE_URL: app.databaseUrl });
    workers.push(b);
    await waitUntil(
      'B to take the run over and call the receiver',
      () => receiver.received.length === 2,
      output,
    );
    const taken = await readRun(app.t.context.store, run.id);
    assert.deepEqual([taken.status, taken.leaseOwner, taken.attempts], ['running', workerIdOf(b), 2]);
    assert.equal(receiver.received[0]?.headers['webhook-id'], `msg_${run.id}`);
    assert.equal(
      receiver.received[1]?.headers['webhook-id'],
      `msg_${run.id}`,
      'B repeats the same webhook-id',
    );

    // A's call is answered at last (a failure, which A would schedule a retry for); A stops.
    held[0]?.writeHead(503).end();
    a.child.kill('SIGTERM');
    await waitUntil('A to stop', () => a.output().includes('"msg":"worker stopped"'), output);
    const afterA = await readRun(app.t.context.store, run.id);
    assert.deepEqual(
      [afterA.status, afterA.leaseOwner, afterA.attempts],
      ['running', workerIdOf(b), 2],
      "A's outcome is refused: the run is still B's",
    );
    proxy.thaw();
    assert.equal(await a.exited, 0, a.output());

    held[1]?.writeHead(200).end('ok');
    await waitUntil(
      'B to record the outcome',
      async () => (await readRun(app.t.context.store, run.id)).status !== 'running',
    );
    const [done] = await runsOf(app.t, itemId);
    assert.deepEqual([done?.status, done?.attempts], ['succeeded', 2]);
    const journal = await runJournal(app.t, itemId);
    assert.equal(countOf(journal, 'run_succeeded'), 1, journal.join());
    assert.equal(countOf(journal, 'run_retry_scheduled'), 0, journal.join());
    assert.equal(countOf(journal, 'run_failed'), 0, journal.join());
    assert.equal(receiver.received.length, 2, 'no third call');
    assert.equal(await stopWorker(b), 0, b.output());
  });
});
