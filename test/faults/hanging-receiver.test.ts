import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { parseAllowList } from '../../src/channels/http/address-policy.ts';
import { SafeHttpSender } from '../../src/channels/http/safe-http-sender.ts';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { ManualSleeper } from '../../src/queue/manual-sleeper.ts';
import { WebhookReceiver } from '../channels/webhook-receiver.ts';
import { createPipeline } from '../support/fixtures.ts';
import { createTestApp, DIALECTS, TEST_START, type TestApp } from '../support/harness.ts';
import { countOf, eventually, inject, type RunView, runJournal, runsOf } from './fault-support.ts';

const allow = parseAllowList('127.0.0.1');
if ('problem' in allow) throw new Error(allow.problem);

/**
 * A webhook receiver accepts the connection and never answers. The call times out (the HTTP
 * timeout runs on the test's clock), the run is retried with backoff, and meanwhile the worker
 * goes on with the other runs: one hanging peer holds one slot, not the queue.
 */
for (const dialect of DIALECTS) {
  describe(`a webhook receiver that hangs (${dialect})`, () => {
    const clock = new ManualClock(TEST_START);
    const sleeper = new ManualSleeper(clock);
    let t: TestApp;
    const hanging = new WebhookReceiver();
    const healthy = new WebhookReceiver();
    let hangingUrl: string;
    let healthyUrl: string;

    before(async () => {
      const http = new SafeHttpSender({ allow, timer: (ms, signal) => sleeper.sleep(ms, signal) });
      t = await createTestApp(dialect, { clock, outside: { http } });
      hangingUrl = await hanging.listen();
      healthyUrl = await healthy.listen();
    });
    after(async () => {
      await t.close();
      await hanging.close();
      await healthy.close();
    });

    async function stageWithWebhook(url: string): Promise<{ pipelineId: string; stageId: string }> {
      const pipeline = await createPipeline(t, ['Go']);
      const stageId = pipeline.stageIds[0] ?? '';
      const robot = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'call',
          stageId,
          action: { type: 'send_webhook', params: { url, body: { deal: '{{ item.title }}' } } },
          retry: { maxAttempts: 3, initialDelay: 'PT1M', maxDelay: 'PT1M' },
        },
      });
      assert.equal(robot.status, 201, JSON.stringify(robot.body));
      return { pipelineId: pipeline.id, stageId };
    }
    async function newItem(stage: { pipelineId: string; stageId: string }, title: string): Promise<string> {
      const item = await inject(t, 'POST', '/api/v1/items', { ...stage, title });
      assert.equal(item.status, 201, JSON.stringify(item.body));
      return item.body.id;
    }
    const runOf = async (itemId: string): Promise<RunView & { error?: { code: string } }> => {
      const [run] = await runsOf(t, itemId);
      assert.ok(run);
      return run;
    };

    test('the call times out and is retried, and the other runs go on meanwhile', async () => {
      const slow = await stageWithWebhook(`${hangingUrl}/slow`);
      const fast = await stageWithWebhook(`${healthyUrl}/fast`);
      hanging.answers.push(() => {});
      await t.automation.start({ retention: false });

      const stuck = await newItem(slow, 'Stuck');
      await eventually('the hanging call', async () => hanging.received.length === 1);
      const others: string[] = [];
      for (let i = 0; i < 5; i++) others.push(await newItem(fast, `Other ${i}`));
      await eventually('the other runs', async () => {
        const runs = await Promise.all(others.map(runOf));
        return runs.every((run) => run.status === 'succeeded');
      });
      assert.equal(healthy.received.length, 5);
      assert.equal((await runOf(stuck)).status, 'running', 'the hanging call is still waiting');

      clock.advance(10_000);
      await eventually('the timeout', async () => (await runOf(stuck)).status === 'scheduled');
      assert.equal((await runOf(stuck)).error?.code, 'http_timeout');

      // The receiver answers again (200); the retry is due within a minute.
      clock.advance(60_000);
      t.automation.worker.wake();
      await eventually('the retry', async () => (await runOf(stuck)).status === 'succeeded');
      const run = await runOf(stuck);
      assert.equal(run.attempts, 2);
      assert.equal(hanging.received.length, 2);
      const keys = hanging.received.map((call) => call.headers['idempotency-key']);
      assert.deepEqual(keys, [run.id, run.id], 'both calls carry the run id as idempotency key');
      const journal = await runJournal(t, stuck);
      assert.deepEqual(
        [countOf(journal, 'run_retry_scheduled'), countOf(journal, 'run_succeeded')],
        [1, 1],
        journal.join(),
      );
    });
  });
}
