import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { checkAccessibility, NO_BROWSER, saveScreenshot } from '../support/browser.ts';
import { browserSuite, createUserWithPassword } from '../support/browser-suite.ts';
import { LONG } from '../support/e2e.ts';
import { eventually } from '../support/harness.ts';

/**
 * The dashboard's rule alerts in real Chromium against the real server: a robot whose webhook
 * cannot be reached fails three times and is reported as failing more often; a week later on the
 * test clock the failures are old and the same robot is reported as gone quiet.
 */

const PASSWORD = 'correct horse battery';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
type Json = Record<string, any>;

describe('rule alerts on the dashboard in Chromium', { skip: NO_BROWSER, timeout: 6 * LONG }, () => {
  // Nothing listens on port 9 of this machine, which outgoing requests may reach here.
  const ui = browserSuite({ env: { STAGEFLOW_OUTBOUND_ALLOW: '127.0.0.1' } });
  let pipeline: Json;

  const api = (method: string, path: string, body?: unknown): Promise<Json> =>
    ui.server.api(method, path, body);

  before(async () => {
    await createUserWithPassword(
      ui.server,
      {
        name: 'Olga Smirnova',
        email: 'olga@example.test',
        role: 'admin',
        timeZone: 'Europe/Moscow',
      },
      PASSWORD,
    );
    pipeline = await api('POST', '/pipelines', {
      name: 'Orders',
      entityType: 'deal',
      stages: [{ name: 'New' }, { name: 'Shipping' }, { name: 'Done', semantics: 'won' }],
    });
  });

  test('a robot failing more often, then gone quiet, is told on the dashboard with a link to its automation', async () => {
    const shipping = pipeline.stages[1];
    const robot = await api('POST', '/robots', {
      name: 'Warehouse sync',
      stageId: shipping.id,
      action: {
        type: 'send_webhook',
        params: { url: 'http://127.0.0.1:9/warehouse', body: { order: '{{ item.title }}' } },
      },
      retry: { maxAttempts: 1 },
    });
    const page = await ui.signIn('olga@example.test', PASSWORD);
    await page.goto(`${ui.server.baseUrl}/dashboard`);
    await page.locator('.chart svg').first().waitFor();
    assert.equal(await page.getByRole('region', { name: 'Rules that need a look' }).count(), 0);

    for (const title of ['Order 201', 'Order 202', 'Order 203'])
      await api('POST', '/items', { pipelineId: pipeline.id, stageId: shipping.id, title });
    await eventually('the webhook runs to fail', async () => {
      const runs = (await api('GET', `/runs?robotId=${robot.id}&status=failed`)).data;
      return runs.length === 3;
    });

    await page.reload();
    const alerts = page.getByRole('region', { name: 'Rules that need a look' });
    const failing = alerts.getByRole('link', {
      name: 'Robot “Warehouse sync” on “Shipping” fails more often: 3 failures in 7 days, 0 the week before',
    });
    await failing.waitFor();
    assert.equal(await failing.getAttribute('href'), `/automation/${pipeline.id}`);
    await saveScreenshot(page, 'rule-alerts-desktop-en');
    assert.deepEqual(await checkAccessibility(page), []);

    await api('POST', '/clock/advance', { by: 'P8D' });
    await page.reload();
    await alerts
      .getByRole('link', {
        name: 'Robot “Warehouse sync” on “Shipping” has gone quiet: fired 3 times before, none in the last 7 days',
      })
      .waitFor();
    assert.equal(await alerts.getByText(/fails more often/).count(), 0);
    await page.context().close();

    for (const viewport of ['desktop', 'phone'] as const) {
      const russian = await ui.signIn('olga@example.test', PASSWORD, { viewport, locale: 'ru' });
      await russian.goto(`${ui.server.baseUrl}/dashboard`);
      await russian
        .getByRole('region', { name: 'Правила, на которые стоит взглянуть' })
        .getByRole('link', {
          name: /^Робот «Warehouse sync» на стадии «Shipping» затих: раньше срабатывал 3 раза/,
        })
        .waitFor();
      await saveScreenshot(russian, `rule-alerts-${viewport}-ru`);
      await russian.context().close();
    }
  });
});
