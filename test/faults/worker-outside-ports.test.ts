import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateWebhookSecret } from '../../src/channels/webhooks/signing.ts';
import { startSmtpServer, type TestSmtpServer } from '../channels/mail-support.ts';
import { WebhookReceiver } from '../channels/webhook-receiver.ts';
import { startWorkerProcess, stopWorker, type WorkerProcess, waitUntil } from '../support/worker-process.ts';
import {
  createFaultApp,
  DIALECT,
  enterGo,
  type FaultApp,
  NEEDS_POSTGRES,
  pipelineWithRobots,
  runsOf,
} from './fault-support.ts';

/**
 * A `stageflow worker` process is built by the same composition root as `serve`: it has the
 * outgoing channels of the configuration (HTTP for webhooks, SMTP for mail, the SMS provider), not a bare engine
 * whose outside actions all fail with "Outgoing HTTP is not configured".
 */
describe(`worker processes have the outside ports of the configuration (${DIALECT})`, () => {
  let app: FaultApp;
  let receiver: WebhookReceiver;
  let smtp: TestSmtpServer;
  let base: string;
  const workers: WorkerProcess[] = [];

  before(async () => {
    if (NEEDS_POSTGRES) return;
    app = await createFaultApp();
    receiver = new WebhookReceiver();
    base = await receiver.listen();
    smtp = await startSmtpServer();
  });
  after(async () => {
    if (NEEDS_POSTGRES) return;
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
    await receiver.close();
    await smtp.close();
    await app.t.close();
  });

  test('send_webhook to a receiver, send_email to an SMTP server and send_sms to a provider, run by two workers, are each delivered once', {
    skip: NEEDS_POSTGRES,
  }, async () => {
    const env = {
      DATABASE_URL: app.databaseUrl,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      STAGEFLOW_OUTBOUND_ALLOW: '127.0.0.1',
      SMS_PROVIDER_URL: `${base}/sms`,
    };
    workers.push(await startWorkerProcess(env), await startWorkerProcess(env));
    const secret = generateWebhookSecret();
    const pipeline = await pipelineWithRobots(app.t, [
      {
        name: 'tell the warehouse',
        action: {
          type: 'send_webhook',
          params: { url: `${base}/orders`, body: { deal: '{{ item.title }}' }, secret },
        },
      },
      {
        name: 'write to the buyer',
        action: {
          type: 'send_email',
          params: {
            to: { address: 'buyer@example.com' },
            subject: 'Your order {{ item.title }}',
            text: 'Thanks',
          },
        },
      },
      {
        name: 'text the buyer',
        action: { type: 'send_sms', params: { to: { phone: '+49 151 23456789' }, text: 'Thanks' } },
      },
    ]);
    const itemIds = [await enterGo(app.t, pipeline, 'Order 1'), await enterGo(app.t, pipeline, 'Order 2')];

    const settled = async () => {
      for (const itemId of itemIds) {
        const runs = await runsOf(app.t, itemId);
        if (runs.length !== 3 || runs.some((run) => run.status !== 'succeeded' && run.status !== 'failed'))
          return false;
      }
      return true;
    };
    let last = '';
    await waitUntil(
      'the runs to finish',
      async () => {
        last = JSON.stringify(await Promise.all(itemIds.map((itemId) => runsOf(app.t, itemId))));
        return settled();
      },
      () => `${last}\n${workers.map((w) => w.output()).join('\n')}`,
    );

    for (const itemId of itemIds) {
      const runs = await runsOf(app.t, itemId);
      assert.deepEqual(
        runs.map((run) => [run.actionType, run.status, run.attempts]).sort(),
        [
          ['send_email', 'succeeded', 1],
          ['send_sms', 'succeeded', 1],
          ['send_webhook', 'succeeded', 1],
        ],
        JSON.stringify(runs),
      );
      const webhookRun = runs.find((run) => run.actionType === 'send_webhook');
      const emailRun = runs.find((run) => run.actionType === 'send_email');
      const calls = receiver.received.filter(
        (call) => call.headers['webhook-id'] === `msg_${webhookRun?.id}`,
      );
      assert.equal(calls.length, 1, 'the receiver got the webhook once');
      const mails = smtp.received.filter(
        (mail) => mail.parsed.messageId === `<run-${emailRun?.id}@stageflow>`,
      );
      assert.equal(mails.length, 1, 'the SMTP server got the mail once');
      assert.deepEqual(mails[0]?.rcptTo, ['buyer@example.com']);
    }
    assert.equal(receiver.received.length, 4);
    assert.equal(smtp.received.length, 2);

    assert.deepEqual(await Promise.all(workers.map(stopWorker)), [0, 0]);
  });
});
