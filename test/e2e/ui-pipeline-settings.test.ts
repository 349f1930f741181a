import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { checkAccessibility, NO_BROWSER, saveScreenshot } from '../support/browser.ts';
import { browserSuite, createUserWithPassword } from '../support/browser-suite.ts';
import { LONG } from '../support/e2e.ts';

/**
 * A pipeline's own settings in real Chromium against the real server: an admin switches on leads
 * from unknown callers in the automation editor, and a call from a number nobody has then becomes
 * a lead on the board, its number in E.164. The same dialog in Russian; none for a manager.
 */

const PASSWORD = 'pipeline settings password';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
type Json = Record<string, any>;

describe('pipeline settings in Chromium', { skip: NO_BROWSER, timeout: 10 * LONG }, () => {
  const ui = browserSuite({ env: { STAGEFLOW_DEFAULT_REGION: 'RU' } });
  let pipeline: Json;

  const api = (method: string, path: string, body?: unknown): Promise<Json> =>
    ui.server.api(method, path, body);
  /** Posts an event and waits until it is processed, as a telephony connector would. */
  const postEvent = async (event: Json): Promise<void> => {
    const response = await fetch(`${ui.server.baseUrl}/api/v1/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ui.server.token}`,
        'content-type': 'application/json',
        prefer: 'wait=30',
      },
      body: JSON.stringify(event),
    });
    assert.equal(response.status, 200, await response.text());
  };
  const missedCall = (id: string, phone: string) => ({
    id,
    type: 'call.missed',
    subject: { phone },
    data: { phone, direction: 'in' },
  });
  const titles = async (): Promise<string[]> =>
    (await api('GET', `/items?pipelineId=${pipeline.id}`)).data.map((item: Json) => item.title);
  const user = async (name: string, email: string, role: string) => {
    await createUserWithPassword(ui.server, { name, email, role, timeZone: 'Europe/Moscow' }, PASSWORD);
  };
  const signedIn = (email: string, locale: 'en' | 'ru' = 'en', viewport: 'desktop' | 'phone' = 'desktop') =>
    ui.signIn(email, PASSWORD, { locale, viewport });

  before(async () => {
    await user('Anna Admin', 'anna@settings.example', 'admin');
    await user('Mila Manager', 'mila@settings.example', 'manager');
    pipeline = await api('POST', '/pipelines', {
      name: 'Inbound calls',
      entityType: 'lead',
      settings: { currency: 'RUB' },
      stages: [{ name: 'New' }, { name: 'Called back' }],
    });
  });

  test('an admin turns on leads from calls, and an unknown caller becomes a lead on the board', async () => {
    // Switched off, a stranger's call makes nothing.
    await postEvent(missedCall('pbx-before', '8 (912) 555-01-00'));
    assert.deepEqual(await titles(), []);

    const page = await signedIn('anna@settings.example');
    await page.goto(`${ui.server.baseUrl}/automation/${pipeline.id}`);
    await page.getByRole('button', { name: 'Pipeline settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings of “Inbound calls”' });
    const calls = dialog.getByLabel('A call from an unknown number');
    assert.equal(await calls.isChecked(), false);
    assert.equal(await dialog.getByLabel('An email from an unknown address').isChecked(), false);
    assert.equal(await dialog.getByLabel('A chat message from an unknown writer').isChecked(), false);
    await calls.check();
    assert.deepEqual(await checkAccessibility(page), []);
    await saveScreenshot(page, 'pipeline-settings-desktop-en');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });

    const stored = await api('GET', `/pipelines/${pipeline.id}`);
    assert.deepEqual(stored.settings, {
      currency: 'RUB',
      inbound: { createLeads: false, createLeadsFromCalls: true, createLeadsFromChats: false },
    });

    // Reopened, the dialog shows what was saved.
    await page.getByRole('button', { name: 'Pipeline settings' }).click();
    assert.equal(await dialog.getByLabel('A call from an unknown number').isChecked(), true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // A number in national form, as a Russian PBX sends it, is kept in E.164.
    await postEvent(missedCall('pbx-after', '8 (912) 555-01-01'));
    await page.goto(`${ui.server.baseUrl}/board/${pipeline.id}`);
    const first = page.locator(`section[data-stage-id="${pipeline.stages[0].id}"]`);
    await first.getByText('Missed call from +79125550101').waitFor();
    assert.deepEqual(await titles(), ['Missed call from +79125550101']);
    const contacts = (await api('GET', `/contacts?phone=${encodeURIComponent('+79125550101')}`)).data;
    assert.deepEqual(
      contacts.map((contact: Json) => contact.phones),
      [['+79125550101']],
    );
    await saveScreenshot(page, 'pipeline-settings-lead-on-board');
    await page.context().close();
  });

  test('in Russian, on a desktop and a phone, the dialog names the switches and shows them as stored', async () => {
    for (const viewport of ['desktop', 'phone'] as const) {
      const page = await signedIn('anna@settings.example', 'ru', viewport);
      await page.goto(`${ui.server.baseUrl}/automation/${pipeline.id}`);
      await page.getByRole('button', { name: 'Настройки воронки' }).click();
      const dialog = page.getByRole('dialog', { name: 'Настройки «Inbound calls»' });
      await dialog.getByText('Лиды от неизвестных отправителей').waitFor();
      assert.equal(await dialog.getByLabel('Звонок с неизвестного номера').isChecked(), true);
      assert.equal(await dialog.getByLabel('Письмо с неизвестного адреса').isChecked(), false);
      assert.equal(
        await dialog.getByLabel('Сообщение в чате от неизвестного собеседника').isChecked(),
        false,
      );
      assert.deepEqual(await checkAccessibility(page), []);
      assert.ok(
        Number(await page.evaluate('document.documentElement.scrollWidth')) <=
          Number(await page.evaluate('document.documentElement.clientWidth')),
        'nothing scrolls sideways',
      );
      await saveScreenshot(page, `pipeline-settings-${viewport}-ru`);
      await page.context().close();
    }
  });

  test('a manager, who may not change a pipeline, is not offered its settings', async () => {
    const page = await signedIn('mila@settings.example');
    await page.goto(`${ui.server.baseUrl}/automation/${pipeline.id}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Export' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Pipeline settings' }).count(), 0);
    await page.context().close();
  });
});
