import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { checkAccessibility, NO_BROWSER, saveScreenshot } from '../support/browser.ts';
import { browserSuite, createUserWithPassword } from '../support/browser-suite.ts';
import { LONG } from '../support/e2e.ts';
import { eventually } from '../support/harness.ts';

/**
 * Notification preferences in real Chromium against the real server (mail in the local outbox):
 * a manager asks for email from the notifications page, and the next notification is mailed to
 * them and shows its email as sent; switched off again, the next one is not mailed. In Russian
 * the screen reads in Russian.
 */

const PASSWORD = 'correct horse battery';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
type Json = Record<string, any>;

describe('notification preferences in Chromium', { skip: NO_BROWSER, timeout: 10 * LONG }, () => {
  const ui = browserSuite();
  let mila: Json;

  const api = (method: string, path: string, body?: unknown): Promise<Json> =>
    ui.server.api(method, path, body);
  const mailTo = async (address: string): Promise<Json[]> =>
    (await api('GET', '/outbox?limit=200')).data.filter((mail: Json) =>
      mail.to.some((to: string) => to.includes(address)),
    );

  before(async () => {
    mila = await createUserWithPassword(
      ui.server,
      {
        name: 'Mila Petrova',
        email: 'mila@example.test',
        role: 'manager',
        timeZone: 'Europe/Moscow',
      },
      PASSWORD,
    );
  });

  test('a manager turns on email for a kind in the UI, and the next notification of it is mailed', async () => {
    const page = await ui.signIn('mila@example.test', PASSWORD);
    await page.goto(`${ui.server.baseUrl}/notifications`);
    await page.getByRole('heading', { name: 'Notifications' }).waitFor();
    await page.getByRole('link', { name: 'Email preferences' }).click();
    await page.getByRole('heading', { name: 'Notification preferences' }).waitFor();
    const other = page.getByLabel(/^Other/);
    assert.equal(await other.inputValue(), 'off');
    await other.selectOption('immediately');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    assert.equal((await api('GET', `/users/${mila.id}/notification-preferences`)).email.other, 'immediately');
    assert.deepEqual(await checkAccessibility(page), []);
    await saveScreenshot(page, 'notification-preferences-desktop-en');

    const first = await api('POST', '/notifications', {
      userId: mila.id,
      title: 'Price list updated',
      body: '',
    });
    await eventually(
      'the email to reach the outbox',
      async () => (await mailTo('mila@example.test')).length === 1,
    );
    const [mail] = await mailTo('mila@example.test');
    assert.equal(mail?.subject, 'Price list updated');
    await page.getByRole('link', { name: 'Back to notifications' }).click();
    const row = page.locator('.notification', { hasText: 'Price list updated' });
    await row.locator('[data-email-status="sent"]').waitFor();
    assert.match(await row.innerText(), /Email sent/);
    assert.equal((await api('GET', `/notifications/${first.id}`)).email.status, 'sent');
    assert.deepEqual(await checkAccessibility(page), []);
    await saveScreenshot(page, 'notifications-email-sent-desktop-en');

    // Off again: the next notification appears in the app only.
    await page.getByRole('link', { name: 'Email preferences' }).click();
    await page.getByLabel(/^Other/).selectOption('off');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    const second = await api('POST', '/notifications', { userId: mila.id, title: 'Quiet news', body: '' });
    await api('POST', '/clock/advance', { by: 'PT2H' });
    assert.equal((await api('GET', `/notifications/${second.id}`)).email, null);
    assert.equal((await mailTo('mila@example.test')).length, 1);
    await page.context().close();
  });

  test('in Russian on a phone the preferences read in Russian and keep the chosen language', async () => {
    const page = await ui.signIn('mila@example.test', PASSWORD, { locale: 'ru', viewport: 'phone' });
    await page.goto(`${ui.server.baseUrl}/notifications/preferences`);
    await page.getByRole('heading', { name: 'Настройки уведомлений' }).waitFor();
    await page.getByLabel('Язык писем').selectOption('ru');
    await page.getByLabel(/^Роботы/).selectOption('hourly');
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByRole('status').getByText('Сохранено.').waitFor();
    const saved = await api('GET', `/users/${mila.id}/notification-preferences`);
    assert.equal(saved.language, 'ru');
    assert.equal(saved.email.robot, 'hourly');
    assert.deepEqual(await checkAccessibility(page), []);
    await saveScreenshot(page, 'notification-preferences-phone-ru');
    await page.context().close();
  });
});
