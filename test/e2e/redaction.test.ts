import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import { createWorkspace, LONG, type RunningServer, startServer, type Workspace } from '../support/e2e.ts';

/**
 * Credential-bearing URLs (per-trigger webhooks, share links, tracking links) on the real server:
 * neither its JSON log lines nor its problem documents may carry the token.
 */
for (const dialect of [process.env['DATABASE_URL'] ? 'postgres' : 'sqlite']) {
  describe(`credentials in URLs are redacted (${dialect})`, { timeout: 5 * LONG }, () => {
    let workspace: Workspace;
    let server: RunningServer;
    before(async () => {
      workspace = await createWorkspace();
      server = await startServer(workspace.env);
    });
    after(async () => {
      if (server.process.exitCode === null) {
        server.process.kill('SIGTERM');
        await once(server.process, 'exit');
      }
      await workspace.cleanup();
    });

    const call = async (method: string, path: string, body?: unknown, auth = true) => {
      const response = await fetch(`${server.base}${path}`, {
        method,
        headers: {
          ...(auth && { authorization: `Bearer ${server.token}` }),
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, text, body: text === '' ? undefined : JSON.parse(text) };
    };

    test('hook, share and tracking tokens reach neither the logs nor the problem documents', async () => {
      const pipelines = await call('GET', '/api/v1/pipelines?limit=200');
      const pipeline = pipelines.body.data[0];
      const trigger = await call('POST', '/api/v1/triggers', {
        name: 'Paid in the shop',
        stageId: pipeline.stages[1].id,
        eventType: 'webhook.received',
      });
      assert.equal(trigger.status, 201, trigger.text);
      const issued = await call('POST', `/api/v1/triggers/${trigger.body.id}/webhook-token`, {});
      assert.equal(issued.status, 201, issued.text);
      const hookPath = new URL(issued.body.url).pathname;
      const hookToken = issued.body.token as string;
      assert.ok(hookPath.endsWith(hookToken));

      const secrets = [hookToken, 'sfd_guessed_share_token', 'tracking_open_token', 'tracking_click_token'];
      const answers = [
        // Naming no item: a 400 from the hook itself.
        await call('POST', hookPath, { status: 'paid' }, false),
        // The right URL with the wrong method: a 404 from the router.
        await call('GET', hookPath, undefined, false),
        // Not valid percent-encoding: refused before routing.
        await call('POST', `${hookPath}%E0%A4%A`, { status: 'paid' }, false),
        await call('GET', '/d/sfd_guessed_share_token', undefined, false),
        await call('GET', '/t/o/tracking_open_token', undefined, false),
        await call('GET', '/t/c/tracking_click_token', undefined, false),
        await call('GET', `/api/v1/items?_token=${hookToken}`),
      ];
      assert.deepEqual(
        answers.map((answer) => answer.status),
        [400, 404, 400, 404, 404, 404, 400],
      );
      for (const answer of answers) {
        for (const secret of secrets) assert.ok(!answer.text.includes(secret), `${secret} in ${answer.text}`);
      }
      assert.equal(answers[0]?.body.instance, '/hooks/[redacted]');
      assert.equal(answers[3]?.body.instance, '/d/[redacted]');
      assert.equal(answers[6]?.body.instance, '/api/v1/items?_token=[redacted]');

      // Stop the server so that every log line is written, then read them all.
      server.process.kill('SIGTERM');
      await once(server.process, 'exit');
      const logged = server.stdout();
      const urls = logged
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line)?.req?.url)
        .filter((url) => url !== undefined);
      for (const path of ['/hooks/[redacted]', '/d/[redacted]', '/t/o/[redacted]', '/t/c/[redacted]']) {
        assert.ok(urls.includes(path), `${path} not among the logged URLs ${urls.join(' ')}`);
      }
      for (const secret of secrets) assert.ok(!logged.includes(secret), `${secret} is in the logs`);
    });
  });
}
