import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSmtpServer, type TestSmtpServer } from '../channels/mail-support.ts';
import { freePort } from '../support/e2e.ts';
import { startWorkerProcess, stopWorker, type WorkerProcess, waitUntil } from '../support/worker-process.ts';
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
 * The mail server is down when a worker process sends a robot's mail: the run is retried with
 * backoff (short delays configured on the robot; real time passes here), and once the server is
 * up, exactly one message, with the run's Message-ID, is delivered.
 */
describe(`SMTP down, then up (${DIALECT})`, () => {
  let app: FaultApp;
  let smtp: TestSmtpServer | undefined;
  let worker: WorkerProcess | undefined;

  before(async () => {
    if (NEEDS_POSTGRES) return;
    app = await createFaultApp();
  });
  after(async () => {
    if (NEEDS_POSTGRES) return;
    worker?.child.kill('SIGKILL');
    await worker?.exited;
    await smtp?.close();
    await app.t.close();
  });

  test('the mail goes out once, after retries, with the same Message-ID', {
    skip: NEEDS_POSTGRES,
  }, async () => {
    // Nothing listens on this port yet: the mail server is down.
    const port = await freePort();
    worker = await startWorkerProcess({
      DATABASE_URL: app.databaseUrl,
      SMTP_URL: `smtp://127.0.0.1:${port}`,
    });
    const output = () => worker?.output() ?? '';
    const pipeline = await pipelineWithRobots(app.t, [
      {
        name: 'write to the buyer',
        action: {
          type: 'send_email',
          params: { to: { address: 'buyer@example.com' }, subject: 'Your order', text: 'Thanks' },
        },
        retry: { maxAttempts: 20, initialDelay: 'PT1S', maxDelay: 'PT1S' },
      },
    ]);
    const itemId = await enterGo(app.t, pipeline, 'Order');
    await waitUntil(
      'a failed attempt',
      async () => (await runJournal(app.t, itemId)).includes('run_retry_scheduled'),
      output,
    );
    const [waiting] = await runsOf(app.t, itemId);
    assert.ok(waiting);
    assert.notEqual(waiting.status, 'succeeded');

    smtp = await startSmtpServer(port);
    await waitUntil(
      'the run to succeed',
      async () => (await runsOf(app.t, itemId))[0]?.status === 'succeeded',
      output,
    );

    const [run] = await runsOf(app.t, itemId);
    assert.ok(run && run.attempts >= 2, `attempts: ${run?.attempts}`);
    assert.equal(smtp.received.length, 1, 'one message delivered');
    assert.equal(smtp.received[0]?.parsed.messageId, `<run-${run.id}@stageflow>`);
    const journal = await runJournal(app.t, itemId);
    assert.equal(countOf(journal, 'run_succeeded'), 1, journal.join());
    assert.equal(countOf(journal, 'run_retry_scheduled'), run.attempts - 1, journal.join());
    assert.equal(await stopWorker(worker), 0, output());
  });
});
