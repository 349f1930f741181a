import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { statementText } from '../support/bank-statements.ts';
import { checkAccessibility, NO_BROWSER, saveScreenshot } from '../support/browser.ts';
import { browserSuite, createUserWithPassword } from '../support/browser-suite.ts';
import { LONG } from '../support/e2e.ts';
import { eventually } from '../support/harness.ts';

/**
 * The bank payments page in real Chromium against the real server: a manager imports a 1C
 * statement, reads what it did, and assigns the payment no item claimed; a broken file is refused
 * naming its line; a viewer reads the list without the means to change it. English and Russian,
 * desktop and phone.
 */

const PASSWORD = 'correct horse battery';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
type Json = Record<string, any>;

/** A statement file as the browser uploads it: UTF-8 bytes, as some banks and 1C write them. */
const statementFile = (name: string, text: string) => ({
  name,
  mimeType: 'text/plain',
  buffer: Buffer.from(text, 'utf8'),
});

describe('the bank payments page in Chromium', { skip: NO_BROWSER, timeout: 10 * LONG }, () => {
  const ui = browserSuite();
  let invoiced: Json;
  let contract: Json;

  const api = (method: string, path: string, body?: unknown): Promise<Json> =>
    ui.server.api(method, path, body);
  const waiting = async (): Promise<Json[]> => (await api('GET', '/bank-payments?status=unmatched')).data;
  const user = async (name: string, email: string, role: string) => {
    await createUserWithPassword(ui.server, { name, email, role, timeZone: 'Europe/Moscow' }, PASSWORD);
  };
  const signedIn = (email: string, options: { locale?: 'en' | 'ru'; viewport?: 'desktop' | 'phone' }) =>
    ui.signIn(email, PASSWORD, options);
  const importFile = async (page: Page, label: RegExp, file: ReturnType<typeof statementFile>) => {
    await page.getByLabel(label).setInputFiles(file);
    await page.getByRole('button', { name: /^(Import|Загрузить)$/ }).click();
  };

  before(async () => {
    await user('Mila Petrova', 'mila@example.test', 'manager');
    await user('Vera Orlova', 'vera@example.test', 'viewer');
    const pipeline = await api('POST', '/pipelines', {
      name: 'Orders',
      entityType: 'deal',
      stages: [{ name: 'New' }, { name: 'Paid', semantics: 'won' }],
    });
    invoiced = await api('POST', '/items', {
      pipelineId: pipeline.id,
      title: 'Kitchen furniture',
      amount: '15000.50',
      currency: 'RUB',
    });
    await api('POST', '/documents', { itemId: invoiced.id, kind: 'invoice', number: 'СФ-1001' });
    contract = await api('POST', '/items', {
      pipelineId: pipeline.id,
      title: 'Office chairs, contract 15',
      amount: '1400',
      currency: 'RUB',
    });
    // Found by the same search, but a rouble payment cannot be recorded for it.
    await api('POST', '/items', {
      pipelineId: pipeline.id,
      title: 'Desks, contract 16',
      amount: '900',
      currency: 'USD',
    });
  });

  test('a manager imports a statement, reads the outcome and assigns the payment left over', async () => {
    const page = await signedIn('mila@example.test', {});
    await page.getByRole('link', { name: 'Bank' }).click();
    await page.getByRole('heading', { name: 'Bank payments' }).waitFor();
    await page.getByText('No payments are waiting to be assigned.').waitFor();
    const file = statementText([
      { number: '512', amount: '15000.50', purpose: 'Оплата по счету № СФ-1001 от 01.03.2026' },
      { number: '513', amount: '700', payerInn: '3300000001', purpose: 'Оплата по договору 15' },
    ]);
    await importFile(page, /^Statement file$/, statementFile('kl_to_1c.txt', file));
    const summary = page.locator('.bank-summary');
    await summary.getByText('The file holds 2 payment documents, 2 of them incoming.').waitFor();
    await summary.getByText('1 payment was recorded for its item.').waitFor();
    await summary.getByText('1 payment is waiting to be assigned below.').waitFor();
    assert.equal((await api('GET', `/payments?itemId=${invoiced.id}`)).data[0]?.amount, '15000.50');

    const row = page.locator('.bank-table tbody tr');
    await row.getByText('Оплата по договору 15').waitFor();
    assert.equal(await row.count(), 1);
    const text = await row.innerText();
    for (const part of ['Mar 3, 2026', '513', 'ООО "Ромашка"', '3300000001', 'RUB', '700.00'])
      assert.ok(text.includes(part), `${part} in ${text}`);
    assert.deepEqual(await checkAccessibility(page), []);
    await saveScreenshot(page, 'bank-payments-desktop-en');

    // Keyboard only: the row's action opens the dialog, the search narrows the items, Enter assigns.
    await page.getByRole('button', { name: /^Assign to item: payment No\. 513/ }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Assign payment No. 513' });
    await dialog.getByLabel('Find an item by title').fill('contract');
    const item = dialog.getByLabel('Item', { exact: true });
    const option = item.locator('option', { hasText: 'Office chairs, contract 15' });
    await option.waitFor({ state: 'attached' });
    await eventually(
      'the search to leave out other titles',
      async () => (await item.locator('option', { hasText: 'Kitchen furniture' }).count()) === 0,
    );
    assert.equal(
      await item.locator('option', { hasText: 'Desks, contract 16' }).count(),
      0,
      'an item in dollars is not offered for a rouble payment',
    );
    await item.selectOption((await option.getAttribute('value')) ?? '');
    assert.deepEqual(await checkAccessibility(page), []);
    await saveScreenshot(page, 'bank-payments-assign-desktop-en');
    await dialog.getByRole('button', { name: 'Assign', exact: true }).press('Enter');

    await page
      .getByRole('status')
      .getByText('Payment No. 513 was assigned to Office chairs, contract 15.')
      .waitFor();
    await page.getByText('No payments are waiting to be assigned.').waitFor();
    assert.equal(await dialog.count(), 0);
    assert.deepEqual(await waiting(), []);
    const recorded = (await api('GET', `/payments?itemId=${contract.id}`)).data;
    assert.deepEqual(
      recorded.map((payment: Json) => [payment.amount, payment.source]),
      [['700.00', 'bank-statement']],
    );
    await page.context().close();
  });

  test('a broken file is refused naming its line, and nothing is recorded', async () => {
    const page = await signedIn('mila@example.test', {});
    await page.goto(`${ui.server.baseUrl}/bank`);
    const broken = statementText([{ number: '600', amount: '9,90', purpose: 'Оплата' }]);
    await importFile(page, /^Statement file$/, statementFile('broken.txt', broken));
    const alert = page.getByRole('alert');
    await alert.getByText(/^Line \d+: Сумма "9,90"/).waitFor();
    assert.equal((await page.locator('.bank-summary').innerText()).trim(), '');
    assert.deepEqual(await waiting(), []);
    await page.context().close();
  });

  test('in Russian on a phone and a desktop the waiting payment reads in Russian and roubles', async () => {
    await fetch(`${ui.server.baseUrl}/api/v1/bank-statements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ui.server.token}`, 'content-type': 'application/octet-stream' },
      body: Buffer.from(
        statementText([
          {
            number: '514',
            date: '04.03.2026',
            amount: '125000.75',
            payerInn: '5000000002',
            payerName: 'ИП Смирнова Анна Сергеевна',
            purpose: 'Предоплата за поставку мебели по договору поставки № 7 от 15.02.2026, без НДС',
          },
        ]),
        'utf8',
      ),
    });
    for (const viewport of ['phone', 'desktop'] as const) {
      const page = await signedIn('mila@example.test', { locale: 'ru', viewport });
      await page.goto(`${ui.server.baseUrl}/bank`);
      await page.getByRole('heading', { name: 'Банковские платежи' }).waitFor();
      const row = page.locator('.bank-table tbody tr');
      await row.getByText('ИП Смирнова Анна Сергеевна').waitFor();
      const text = (await row.innerText()).replace(/\s/g, ' ');
      assert.ok(text.includes('125 000,75 ₽'), text);
      assert.ok(text.includes('4 мар. 2026 г.'), text);
      await page.getByRole('button', { name: /^Отнести к сделке: платёж № 514/ }).waitFor();
      assert.deepEqual(await checkAccessibility(page), []);
      await saveScreenshot(page, `bank-payments-${viewport}-ru`);
      await page.context().close();
    }
    const page = await signedIn('mila@example.test', { viewport: 'phone' });
    await page.goto(`${ui.server.baseUrl}/bank`);
    await page.locator('.bank-table').getByText('ИП Смирнова Анна Сергеевна').waitFor();
    assert.deepEqual(await checkAccessibility(page), []);
    await saveScreenshot(page, 'bank-payments-phone-en');
    await page.getByRole('button', { name: /^Assign to item/ }).click();
    await page.getByRole('dialog').getByLabel('Find an item by title').waitFor();
    await saveScreenshot(page, 'bank-payments-assign-phone-en');
    await page.context().close();
  });

  test('the export downloads a 1C file of the posted invoice and the payments, in Windows-1251', async () => {
    await api('POST', '/documents', {
      itemId: invoiced.id,
      kind: 'act',
      number: 'АКТ-1',
      amount: '15000.50',
      status: 'posted',
    });
    const page = await signedIn('mila@example.test', { locale: 'ru' });
    await page.goto(`${ui.server.baseUrl}/bank`);
    const form = page.getByRole('form', { name: 'Выгрузка в бухгалтерию' });
    await form.getByLabel('Формат').selectOption('1c');
    await form.getByLabel('Что выгрузить').selectOption('act');
    assert.deepEqual(await checkAccessibility(page), []);
    await saveScreenshot(page, 'bank-export-desktop-ru');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      form.getByRole('button', { name: 'Выгрузить' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^stageflow-documents-.*\.txt$/);
    const bytes = readFileSync((await download.path()) ?? '');
    const text = new TextDecoder('windows-1251').decode(bytes);
    assert.match(text, /^1CClientBankExchange\r\n/);
    assert.match(text, /СекцияДокумент=Акт\r\nНомер=АКТ-1\r\n/);
    await page
      .getByRole('status')
      .getByText(/скачан/)
      .waitFor();

    await form.getByLabel('Формат').selectOption('csv');
    await form.getByLabel('С', { exact: true }).fill('2030-01-02');
    await form.getByLabel('По', { exact: true }).fill('2030-01-01');
    await form.getByRole('button', { name: 'Выгрузить' }).click();
    await page.getByRole('alert').getByText(/from/).waitFor();
    await page.context().close();
  });

  test('a viewer reads the waiting payments but can neither import nor assign', async () => {
    const page = await signedIn('vera@example.test', {});
    await page.goto(`${ui.server.baseUrl}/bank`);
    await page.locator('.bank-table').getByText('ИП Смирнова Анна Сергеевна').waitFor();
    await page
      .getByRole('note')
      .getByText(/a manager imports statements/)
      .waitFor();
    assert.equal(await page.getByLabel('Statement file').count(), 0);
    assert.equal(await page.getByRole('button', { name: /^Assign/ }).count(), 0);
    assert.deepEqual(await checkAccessibility(page), []);
    await page.context().close();
  });
});
