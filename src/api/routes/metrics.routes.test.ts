import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { pino } from 'pino';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';
import { buildMetricsServer } from '../metrics/metrics-server.ts';

const METRICS_TOKEN = 'scrape-token-0123456789';

/** The value of one sample of the text format, found by its name and exactly its labels. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (match === null || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/([a-z_]+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]),
    );
    const wanted = Object.entries(labels);
    if (wanted.length === Object.keys(found).length && wanted.every(([key, value]) => found[key] === value))
      return Number(match[3]);
  }
  return undefined;
}

for (const dialect of DIALECTS) {
  describe(`GET /metrics (${dialect})`, () => {
    let t: TestApp;
    let pipeline: { id: string; stages: { id: string; name: string }[] };
    const stage = (name: string) => pipeline.stages.find((s) => s.name === name)?.id ?? '';

    before(async () => {
      t = await createTestApp(dialect, { env: { STAGEFLOW_METRICS_TOKEN: METRICS_TOKEN } });
      pipeline = (
        await t.request({
          method: 'POST',
          url: '/api/v1/pipelines',
          body: { name: 'Metered', entityType: 'deal', stages: [{ name: 'Open' }, { name: 'Touched' }] },
        })
      ).body;
      const rules = [
        {
          url: '/api/v1/triggers',
          body: { name: 'A chat touches', stageId: stage('Touched'), eventType: 'chat.message' },
        },
        {
          url: '/api/v1/robots',
          body: {
            name: 'Thank them',
            stageId: stage('Touched'),
            action: {
              type: 'send_email',
              params: { to: { address: 'buyer@example.test' }, subject: 'Thanks', text: 'Hello' },
            },
          },
        },
        {
          url: '/api/v1/robots',
          body: {
            name: 'Tell a private address',
            stageId: stage('Touched'),
            // Refused for good by the SSRF check: the run fails without a retry.
            action: { type: 'send_webhook', params: { url: 'http://127.0.0.1:9/hook', body: {} } },
          },
        },
        {
          url: '/api/v1/robots',
          body: {
            name: 'Note it an hour later',
            stageId: stage('Touched'),
            action: { type: 'add_timeline_entry', params: { text: 'An hour passed' } },
            timing: { kind: 'after', duration: 'PT1H' },
          },
        },
      ];
      for (const { url, body } of rules) {
        const created = await t.request({ method: 'POST', url, body });
        assert.equal(created.status, 201, JSON.stringify(created.body));
      }
    });
    after(() => t.close());

    const scrape = async (token: string | null = METRICS_TOKEN) =>
      t.app.inject({
        method: 'GET',
        url: '/metrics',
        headers: token === null ? {} : { authorization: `Bearer ${token}` },
      });
    const metrics = async () => {
      const response = await scrape();
      assert.equal(response.statusCode, 200, response.body);
      return response.body;
    };

    test('an event and the robots it set off count in the events, runs and mail metrics', async () => {
      const item = (
        await t.request({
          method: 'POST',
          url: '/api/v1/items',
          body: { pipelineId: pipeline.id, title: 'M' },
        })
      ).body;
      const sent = await t.request({
        method: 'POST',
        url: '/api/v1/events',
        body: { id: 'metered-1', type: 'chat.message', subject: { itemId: item.id } },
      });
      assert.equal(sent.status, 202, JSON.stringify(sent.body));
      await t.request({
        method: 'POST',
        url: '/api/v1/events',
        body: { id: 'metered-1', type: 'chat.message', subject: { itemId: item.id } },
      });

      const text = await metrics();
      const chat = { type: 'chat.message' };
      assert.equal(sample(text, 'stageflow_events_accepted_total', { ...chat, status: 'accepted' }), 1);
      assert.equal(sample(text, 'stageflow_events_accepted_total', { ...chat, status: 'duplicate' }), 1);
      assert.equal(sample(text, 'stageflow_events_processed_total', { ...chat, outcome: 'processed' }), 1);
      // The move the trigger made is an event of the engine's own, processed too.
      assert.ok(
        (sample(text, 'stageflow_events_processed_total', {
          type: 'item.stage_changed',
          outcome: 'processed',
        }) ?? 0) >= 1,
      );
      const mail = { action: 'send_email' };
      assert.equal(sample(text, 'stageflow_runs_total', { ...mail, outcome: 'succeeded' }), 1);
      assert.equal(
        sample(text, 'stageflow_run_duration_seconds_count', { ...mail, outcome: 'succeeded' }),
        1,
      );
      assert.equal(sample(text, 'stageflow_run_lateness_seconds_count', mail), 1);
      assert.equal(
        sample(text, 'stageflow_mail_deliveries_total', { transport: 'outbox', outcome: 'stored' }),
        1,
      );
      const hook = { action: 'send_webhook' };
      assert.equal(sample(text, 'stageflow_runs_total', { ...hook, outcome: 'failed' }), 1);
      assert.equal(sample(text, 'stageflow_run_duration_seconds_count', { ...hook, outcome: 'failed' }), 1);
      assert.equal(
        sample(text, 'stageflow_runs_total', { action: 'add_timeline_entry', outcome: 'succeeded' }),
        undefined,
      );
      // The process's own metrics come along.
      assert.ok(sample(text, 'process_cpu_user_seconds_total') !== undefined, 'default process metrics');
      assert.ok(sample(text, 'stageflow_db_pool_connections', { state: 'max' }) !== undefined);
      // PostgreSQL's pool tells its idle connections and waiting callers; SQLite's one connection does not.
      const postgres = t.context.store.capabilities.dialect === 'postgres';
      assert.equal(sample(text, 'stageflow_db_pool_connections', { state: 'idle' }) !== undefined, postgres);
      assert.equal(
        sample(text, 'stageflow_db_pool_connections', { state: 'waiting' }) !== undefined,
        postgres,
      );
    });

    test('the queue depth gauges show pending events and due runs at the time of the scrape', async () => {
      assert.equal(sample(await metrics(), 'stageflow_runs_due'), 0, 'the later robot is not due yet');
      // Time passes with no worker running: the hour-later run becomes due and waits.
      t.clock.advance(60 * 60 * 1000);
      assert.equal(sample(await metrics(), 'stageflow_runs_due'), 1);
      // Accepted but not processed yet: nothing has drained the engine.
      await t.context.engine.accept([
        {
          id: 'waiting-1',
          type: 'chat.message',
          source: 'api',
          occurredAt: t.clock.now(),
          subject: {},
          data: {},
        },
      ]);
      assert.equal(sample(await metrics(), 'stageflow_events_pending'), 1);

      await t.automation.runner.drain();
      const settled = await metrics();
      assert.equal(sample(settled, 'stageflow_events_pending'), 0);
      assert.equal(sample(settled, 'stageflow_runs_due'), 0);
      const note = { action: 'add_timeline_entry' };
      assert.equal(sample(settled, 'stageflow_runs_total', { ...note, outcome: 'succeeded' }), 1);
      // Due the moment the clock reached it, started when the worker came: its lateness is measured.
      assert.equal(sample(settled, 'stageflow_run_lateness_seconds_count', note), 1);
    });

    test('the metrics need the metrics token or an admin API token: 401 without, 403 for a viewer', async () => {
      const without = await scrape(null);
      assert.equal(without.statusCode, 401);
      assert.match(String(without.headers['content-type']), /^application\/problem\+json/);
      assert.equal(JSON.parse(without.body).code, 'unauthorized');
      assert.equal((await scrape('not-the-token-at-all')).statusCode, 401);
      assert.equal((await scrape(t.tokens.viewer)).statusCode, 403);

      const admin = await scrape(t.tokens.admin);
      assert.equal(admin.statusCode, 200);
      const withToken = await scrape();
      assert.equal(withToken.statusCode, 200);
      assert.match(String(withToken.headers['content-type']), /^text\/plain; version=0\.0\.4/);
      assert.match(withToken.body, /^# HELP stageflow_events_accepted_total /m);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`GET /metrics on a port of its own (${dialect})`, () => {
    test('with STAGEFLOW_METRICS_PORT the API port has no /metrics; the own listener answers', async () => {
      const t = await createTestApp(dialect, { env: { STAGEFLOW_METRICS_PORT: '9464' } });
      try {
        const onApi = await t.app.inject({
          method: 'GET',
          url: '/metrics',
          headers: { authorization: `Bearer ${t.tokens.admin}` },
        });
        assert.equal(onApi.statusCode, 404);
        const settings = t.context.metrics;
        assert.ok(settings !== undefined);
        const own = await buildMetricsServer(settings, pino({ level: 'silent' }));
        try {
          // Unreachable from outside is its protection: no token asked.
          const open = await own.inject({ method: 'GET', url: '/metrics' });
          assert.equal(open.statusCode, 200);
          assert.match(open.body, /^stageflow_events_pending 0$/m);
          assert.equal((await own.inject({ method: 'GET', url: '/api/v1/items' })).statusCode, 404);
        } finally {
          await own.close();
        }
        // With a token configured too, the own port asks for it, and for it alone.
        const guarded = await buildMetricsServer(
          { ...settings, token: METRICS_TOKEN },
          pino({ level: 'silent' }),
        );
        try {
          const refused = await guarded.inject({
            method: 'GET',
            url: '/metrics',
            headers: { authorization: `Bearer ${t.tokens.admin}` },
          });
          assert.equal(refused.statusCode, 401);
          const allowed = await guarded.inject({
            method: 'GET',
            url: '/metrics',
            headers: { authorization: `Bearer ${METRICS_TOKEN}` },
          });
          assert.equal(allowed.statusCode, 200);
        } finally {
          await guarded.close();
        }
      } finally {
        await t.close();
      }
    });
  });
}
