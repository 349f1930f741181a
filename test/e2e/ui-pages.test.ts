import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { WebhookReceiver } from '../channels/webhook-receiver.ts';
import {
  checkAccessibility,
  NO_BROWSER,
  newPage,
  saveScreenshot,
  signInThroughUi,
} from '../support/browser.ts';
import { browserSuite, createUserWithPassword } from '../support/browser-suite.ts';
import { LONG, repo } from '../support/e2e.ts';
import { eventually } from '../support/harness.ts';

/**
 * The workspace's list pages in real Chromium against the real server: runs (failed first, retry
 * one and many), my tasks (overdue by the server's clock), notifications (the bell counts live),
 * the outbox and the dashboard, in English and Russian, at desktop and phone width. Sign-in is
 * refused after repeated wrong passwords, even with the right one.
 */

const PASSWORD = 'correct horse battery';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
type Json = Record<string, any>;

/** Every English string of these UI namespaces that has no placeholder: none may show in Russian. */
function englishStrings(namespaces: readonly string[]): string[] {
  const strings: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') {
      if (!value.includes('{{') && value.length >= 3) strings.push(value);
    } else if (typeof value === 'object' && value !== null)
      for (const inner of Object.values(value)) walk(inner);
  };
  for (const namespace of namespaces)
    walk(JSON.parse(readFileSync(join(repo, 'web', 'src', 'i18n', 'en', `${namespace}.json`), 'utf8')));
  return strings;
}

describe('the list pages in Chromium', { skip: NO_BROWSER, timeout: 10 * LONG }, () => {
  // The webhook receiver runs on this machine, which outgoing requests may not reach by default.
  const ui = browserSuite({ env: { STAGEFLOW_OUTBOUND_ALLOW: '127.0.0.1' } });
  const receiver = new WebhookReceiver();
  let manager: Json;
  const failing: Json[] = [];

  const api = (method: string, path: string, body?: unknown): Promise<Json> =>
    ui.server.api(method, path, body);
  const runsOf = async (itemId: string): Promise<Json[]> => (await api('GET', `/runs?itemId=${itemId}`)).data;
  const user = (name: string, email: string, role: string) =>
    createUserWithPassword(ui.server, { name, email, role, timeZone: 'Europe/Moscow' }, PASSWORD);

  before(async () => {
    const hookUrl = await receiver.listen();
    manager = await user('Mila Petrova', 'mila@example.test', 'manager');
    await user('Rita Sokolova', 'rita@example.test', 'manager');
    await user('Vera Orlova', 'vera@example.test', 'viewer');
    const pipeline = await api('POST', '/pipelines', {
      name: 'Orders',
      entityType: 'deal',
      stages: [
        { name: 'New' },
        { name: 'Shipping' },
        { name: 'Done', semantics: 'won' },
        { name: 'Lost', semantics: 'lost' },
      ],
    });
    const [fresh, shipping] = pipeline.stages;
    await api('POST', '/robots', {
      name: 'Confirm the order',
      stageId: fresh.id,
      action: {
        type: 'send_email',
        params: {
          to: { address: 'buyer@example.test' },
          subject: 'Your order {{ item.title }}',
          text: 'Thank you for {{ item.title }}.\nWe are packing it now.',
          html: '<p>Thank you for <b>{{ item.title }}</b>.</p>',
        },
      },
    });
    await api('POST', '/robots', {
      name: 'Text the courier',
      stageId: fresh.id,
      action: {
        type: 'send_sms',
        params: { to: { phone: '+79161234567' }, text: 'Pick up {{ item.title }} today' },
      },
    });
    await api('POST', '/robots', {
      name: 'Warehouse sync',
      stageId: shipping.id,
      action: {
        type: 'send_webhook',
        params: { url: `${hookUrl}/warehouse`, body: { order: '{{ item.title }}' } },
      },
      retry: { maxAttempts: 1 },
    });
    await api('POST', '/items', {
      pipelineId: pipeline.id,
      title: 'Order 101',
      amount: '120.50',
      currency: 'EUR',
    });
    // The warehouse is down for the first three calls: each run fails on its only attempt.
    for (let index = 0; index < 3; index++)
      receiver.answers.push((response) => {
        response.statusCode = 500;
        response.end('down');
      });
    for (const title of ['Order 102', 'Order 103', 'Order 104'])
      failing.push(await api('POST', '/items', { pipelineId: pipeline.id, stageId: shipping.id, title }));
    await eventually('the webhook runs to fail', async () => {
      const runs = await Promise.all(failing.map(async (item) => (await runsOf(item.id))[0]));
      return runs.every((run) => run?.status === 'failed');
    });
  });

  after(async () => {
    await receiver.close();
  });

  test('a failed run is listed first and retried from the runs page', async () => {
    const page = await ui.signIn('mila@example.test', PASSWORD);
    await page.getByRole('link', { name: 'Runs' }).click();
    const rows = page.locator('.runs-table tbody tr:not(.run-error-row)');
    await rows.first().getByText('Failed').waitFor();
    assert.match(await rows.first().innerText(), /Warehouse sync/);
    await saveScreenshot(page, 'runs-desktop-en');
    assert.deepEqual(await checkAccessibility(page), []);

    const first = rows.filter({ hasText: 'Order 102' });
    await first.getByRole('button', { name: 'Retry the run of Warehouse sync' }).click();
    await page.getByRole('status').getByText('1 run is scheduled again.').waitFor();
    await first.getByText('Succeeded').waitFor();
    assert.equal((await runsOf(failing[0]?.['id']))[0]?.['status'], 'succeeded');
  });

  test('a viewer sees the failed runs but no way to retry them', async () => {
    const page = await ui.signIn('vera@example.test', PASSWORD);
    await page.goto(`${ui.server.baseUrl}/runs?status=failed`);
    await page.locator('.runs-table').getByText('Failed').first().waitFor();
    assert.equal(await page.getByRole('button', { name: /^Retry/ }).count(), 0);
    assert.equal(await page.getByRole('checkbox', { name: /^Select/ }).count(), 0);
    await page.context().close();
  });

  test('failed runs are retried together', async () => {
    const page = await ui.signIn('mila@example.test', PASSWORD);
    await page.goto(`${ui.server.baseUrl}/runs?status=failed`);
    await page.getByRole('checkbox', { name: 'Select the failed run of Warehouse sync' }).first().waitFor();
    await page.getByRole('checkbox', { name: 'Select all failed' }).check();
    await page.getByRole('button', { name: 'Retry 2 selected' }).click();
    await page.getByRole('status').getByText('2 runs are scheduled again.').waitFor();
    await eventually('both retried runs to succeed', async () => {
      const runs = await Promise.all(failing.slice(1).map(async (item) => (await runsOf(item.id))[0]));
      return runs.every((run) => run?.status === 'succeeded');
    });
    await page.getByText('No runs match these filters.').waitFor();
  });

  test('the runs page in Russian after switching the language leaves no English behind', async () => {
    const page = await ui.signIn('mila@example.test', PASSWORD);
    await page.goto(`${ui.server.baseUrl}/runs`);
    await page.getByRole('heading', { name: 'Runs' }).waitFor();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ru');
    await page.getByRole('heading', { name: 'Запуски' }).waitFor();
    await page.getByRole('group', { name: 'Статус' }).waitFor();
    await page.getByText('Выполнен').first().waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
    // Each piece of text on the page, whole: data (robot names, titles) may be English, labels not.
    const texts = new Set(
      (await page.evaluate(`(() => {
        const found = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
          const text = node.textContent.trim();
          if (text !== '') found.push(text);
        }
        return found;
      })()`)) as string[],
    );
    // The language menu names each language in itself, on purpose.
    const left = englishStrings(['common', 'runs', 'lists']).filter(
      (english) => !['English', 'Русский'].includes(english) && texts.has(english),
    );
    assert.deepEqual(left, [], 'English strings on the Russian runs page');
  });

  test('sign-in is refused after repeated wrong passwords, even with the right one', async () => {
    const page = await newPage(ui.browser, { baseUrl: ui.server.baseUrl });
    await page.goto(ui.server.baseUrl);
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.getByLabel('Email').fill('rita@example.test');
      await page.getByLabel('Password').fill(`wrong guess ${attempt}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').getByText('The email or password is wrong.').waitFor();
    }
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Too many attempts. Wait a few minutes and try again.').waitFor();
    assert.equal(await page.getByRole('navigation').count(), 0, 'still on the sign-in page');
  });

  test('the bell counts a new notification live, and the notifications page marks it read', async () => {
    const page = await ui.signIn('mila@example.test', PASSWORD);
    const bell = page.getByRole('link', { name: /^Notifications: \d+ unread$/ });
    await page.getByRole('link', { name: 'Notifications: 0 unread' }).waitFor();
    await api('POST', '/notifications', {
      userId: manager['id'],
      title: 'Order 102 waits for a call',
      body: 'The buyer asked about delivery.',
      itemId: failing[0]?.['id'],
    });
    await page.getByRole('link', { name: 'Notifications: 1 unread' }).waitFor();
    await bell.click();
    const row = page.getByRole('listitem').filter({ hasText: 'Order 102 waits for a call' });
    await row.getByText('Unread', { exact: false }).waitFor({ state: 'attached' });
    await saveScreenshot(page, 'notifications-desktop-en');
    assert.deepEqual(await checkAccessibility(page), []);
    await row.getByRole('button', { name: 'Mark read: Order 102 waits for a call' }).click();
    await page.getByRole('link', { name: 'Notifications: 0 unread' }).waitFor();
  });

  test('a notification made while the live stream is still connecting is counted by the bell', async () => {
    const page = await newPage(ui.browser, { baseUrl: ui.server.baseUrl });
    // The stream held until the notification exists: it then starts after the change was made.
    const connect = Promise.withResolvers<void>();
    await page.route(/\/api\/v1\/stream$/, async (route) => {
      await connect.promise;
      await route.continue();
    });
    // A person of their own: another test locks Rita's sign-in with wrong passwords.
    const nina = await user('Nina Belova', 'nina@example.test', 'manager');
    await signInThroughUi(page, ui.server.baseUrl, 'nina@example.test', PASSWORD);
    await page.getByRole('link', { name: 'Notifications: 0 unread' }).waitFor();
    await api('POST', '/notifications', { userId: nina['id'], title: 'Call the warehouse', body: '' });
    connect.resolve();
    await page.getByRole('link', { name: 'Notifications: 1 unread' }).waitFor();
  });

  test('my tasks shows a task under Overdue once its deadline passes on the server clock', async () => {
    const { now } = await api('GET', '/clock');
    const hour = 3_600_000;
    await api('POST', '/tasks', {
      title: 'Call the buyer of Order 102',
      responsibleId: manager['id'],
      itemId: failing[0]?.['id'],
      deadline: new Date(Date.parse(now) + hour).toISOString(),
    });
    await api('POST', '/tasks', {
      title: 'Confirm the delivery date',
      responsibleId: manager['id'],
      deadline: new Date(Date.parse(now) + hour / 2).toISOString(),
    });
    await api('POST', '/tasks', {
      title: 'Send the contract',
      responsibleId: manager['id'],
      deadline: new Date(Date.parse(now) + 5 * 24 * hour).toISOString(),
    });
    const page = await ui.signIn('mila@example.test', PASSWORD);
    await page.getByRole('link', { name: 'My tasks' }).click();
    const overdue = page.getByRole('region', { name: /^Overdue/ });
    await page.getByText('Call the buyer of Order 102').waitFor();
    assert.equal(await overdue.getByText('Call the buyer of Order 102').count(), 0);

    await api('POST', '/clock/advance', { by: 'PT2H' });
    await page.reload();
    await overdue.getByText('Call the buyer of Order 102').waitFor();
    await page
      .getByRole('region', { name: /^Later/ })
      .getByText('Send the contract')
      .waitFor();
    await saveScreenshot(page, 'tasks-desktop-en');
    assert.deepEqual(await checkAccessibility(page), []);

    await overdue
      .getByRole('group', { name: 'Change the status of “Call the buyer of Order 102”' })
      .getByRole('button', { name: 'Complete' })
      .click();
    await overdue.getByText('Call the buyer of Order 102').waitFor({ state: 'detached' });
    await overdue.getByText('Confirm the delivery date').waitFor();
  });

  test('the outbox shows a sent mail with its headers and text', async () => {
    const page = await ui.signIn('mila@example.test', PASSWORD);
    await page.getByRole('link', { name: 'Outbox' }).click();
    await page.getByRole('button', { name: 'Your order Order 101' }).click();
    const dialog = page.getByRole('dialog', { name: 'Your order Order 101' });
    await dialog.getByText('buyer@example.test').waitFor();
    await dialog.getByText('We are packing it now.').waitFor();
    assert.equal(await dialog.locator('iframe').getAttribute('sandbox'), '');
    assert.deepEqual(await checkAccessibility(page), []);
    await page.keyboard.press('Escape');
    await page.getByRole('tab', { name: 'SMS' }).click();
    await page.getByRole('button', { name: 'Pick up Order 101 today' }).waitFor();
  });

  test('screens at desktop and phone width, in English and Russian', async () => {
    for (const language of ['en', 'ru'] as const) {
      for (const viewport of ['desktop', 'phone'] as const) {
        const page = await ui.signIn('mila@example.test', PASSWORD, { viewport, locale: language });
        if (viewport === 'phone') await everySectionWithinReach(page, language);
        else await everySectionInView(page, language);
        for (const [name, path, ready] of [
          ['runs', '/runs', '.runs-table'],
          ['dashboard', '/dashboard', '.chart svg'],
          ['tasks', '/tasks', '.task-group'],
          ['notifications', '/notifications', '.notification-list'],
          ['outbox', '/outbox', '.outbox-table'],
        ] as const) {
          await page.goto(`${ui.server.baseUrl}${path}`);
          await page.locator(ready).first().waitFor();
          await saveScreenshot(page, `${name}-${viewport}-${language}`);
          if (name === 'dashboard' || name === 'runs')
            assert.deepEqual(await checkAccessibility(page), [], `${name} ${viewport} ${language}`);
        }
        await page.context().close();
      }
    }
  });
});

const SECTION_NAMES = {
  en: ['Board', 'My tasks', 'Runs', 'Approvals', 'Outbox', 'Bank', 'Dashboard', 'Automation'],
  ru: ['Канбан', 'Мои задачи', 'Запуски', 'Согласования', 'Исходящие', 'Банк', 'Сводка', 'Автоматизация'],
} as const;

/** At 1280 px every section's link shows whole in the top bar: none is cut off or scrolled away. */
async function everySectionInView(page: Page, language: 'en' | 'ru') {
  const nav = page.getByRole('navigation', { name: language === 'en' ? 'Sections' : 'Разделы' });
  const bar = await nav.boundingBox();
  assert.ok(bar !== null);
  for (const name of SECTION_NAMES[language]) {
    const box = await nav.getByRole('link', { name, exact: true }).boundingBox();
    assert.ok(
      box !== null && box.x >= bar.x && box.x + box.width <= bar.x + bar.width + 0.5,
      `${name} shows whole in the top bar (${JSON.stringify(box)} within ${JSON.stringify(bar)})`,
    );
  }
}

/**
 * At 390 px nothing scrolls sideways: the sections fold behind a menu button, and opened, each of
 * them lies whole inside the screen; choosing one folds the menu again.
 */
async function everySectionWithinReach(page: Page, language: 'en' | 'ru') {
  const width = async (expression: string) => Number(await page.evaluate(expression));
  const viewport = await width('document.documentElement.clientWidth');
  assert.equal(viewport, 390);
  assert.ok((await width('document.documentElement.scrollWidth')) <= viewport, 'the page scrolls sideways');
  const nav = page.getByRole('navigation', { name: language === 'en' ? 'Sections' : 'Разделы' });
  const toggle = page.getByRole('button', { name: language === 'en' ? 'Menu' : 'Меню' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  for (const name of SECTION_NAMES[language]) {
    const box = await nav.getByRole('link', { name, exact: true }).boundingBox();
    assert.ok(box !== null && box.x >= 0 && box.x + box.width <= viewport, `${name} lies inside the screen`);
  }
  assert.ok(
    (await width('document.documentElement.scrollWidth')) <= viewport,
    'the open menu scrolls sideways',
  );
  await saveScreenshot(page, `sections-menu-phone-${language}`);
  await nav.getByRole('link', { name: SECTION_NAMES[language][2], exact: true }).click();
  await page.waitForURL(/\/runs$/);
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await nav.isVisible(), false);
}
