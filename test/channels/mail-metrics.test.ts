import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createPipeline } from '../support/fixtures.ts';
import { DIALECTS, type TestApp } from '../support/harness.ts';
import { createMailTestApp, startSmtpServer, type TestSmtpServer } from './mail-support.ts';

for (const dialect of DIALECTS) {
  describe(`mail deliveries in the metrics (${dialect})`, () => {
    let smtp: TestSmtpServer;
    let t: TestApp;
    let pipelineId: string;

    before(async () => {
      smtp = await startSmtpServer();
      t = await createMailTestApp(dialect, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` });
      const pipeline = await createPipeline(t, ['New']);
      pipelineId = pipeline.id;
      const robot = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'Welcome',
          stageId: pipeline.stageIds[0],
          action: {
            type: 'send_email',
            params: { to: { address: 'buyer@example.test' }, subject: 'Welcome', text: 'Hello' },
          },
          retry: { maxAttempts: 3, initialDelay: 'PT1M', maxDelay: 'PT10M' },
        },
      });
      assert.equal(robot.status, 201, JSON.stringify(robot.body));
    });
    after(async () => {
      await t.close();
      await smtp.close().catch(() => {});
    });

    const scrape = async (name: string, labels: string): Promise<number | undefined> => {
      const response = await t.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: { authorization: `Bearer ${t.tokens.admin}` },
      });
      assert.equal(response.statusCode, 200);
      const line = response.body.split('\n').find((row) => row.startsWith(`${name}{${labels}} `));
      return line === undefined ? undefined : Number(line.split(' ')[1]);
    };

    test('a message the SMTP server took counts as sent; one it could not take as failed, its run retried', async () => {
      await t.request({ method: 'POST', url: '/api/v1/items', body: { pipelineId, title: 'First' } });
      assert.equal(smtp.received.length, 1);
      assert.equal(await scrape('stageflow_mail_deliveries_total', 'transport="smtp",outcome="sent"'), 1);

      await smtp.close();
      await t.request({ method: 'POST', url: '/api/v1/items', body: { pipelineId, title: 'Second' } });
      assert.equal(await scrape('stageflow_mail_deliveries_total', 'transport="smtp",outcome="failed"'), 1);
      assert.equal(await scrape('stageflow_runs_total', 'action="send_email",outcome="retry_scheduled"'), 1);
      assert.equal(await scrape('stageflow_runs_total', 'action="send_email",outcome="succeeded"'), 1);
    });
  });
}
