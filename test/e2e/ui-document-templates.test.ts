import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { checkAccessibility, NO_BROWSER, saveScreenshot } from '../support/browser.ts';
import { browserSuite, createUserWithPassword } from '../support/browser-suite.ts';
import { LONG } from '../support/e2e.ts';

/**
 * The document settings page in real Chromium against the real server: an admin writes the
 * invoice template (starting from the shipped one, then adding a line to it) and the next invoice
 * of an item is written with it; a template a robot uses is not deleted and the page names the
 * robot; a new invoice prefix numbers the next invoice. In English and Russian, desktop and phone.
 */

const PASSWORD = 'document-templates-password-1';
const BANK_LINE = '<p>Pay to Acme Bank, account 40702810900000000001</p>';
const THANKS_LINE = '<p>Thank you for your order!</p>';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
type Json = Record<string, any>;

describe('document templates in Chromium', { skip: NO_BROWSER, timeout: 10 * LONG }, () => {
  const ui = browserSuite();
  let item: Json;
  let contractTemplate: Json;

  const api = (method: string, path: string, body?: unknown): Promise<Json> =>
    ui.server.api(method, path, body);
  const documentHtml = async (id: string): Promise<string> => {
    const response = await fetch(`${ui.server.baseUrl}/api/v1/documents/${id}/html`, {
      headers: { authorization: `Bearer ${ui.server.token}` },
    });
    assert.equal(response.status, 200);
    return response.text();
  };
  const newInvoice = (): Promise<Json> =>
    api('POST', `/items/${item.id}/documents`, { kind: 'invoice', language: 'en' });
  const templatesPage = async (page: Page, heading: string) => {
    await page.goto(`${ui.server.baseUrl}/documents/templates`);
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  };

  before(async () => {
    await createUserWithPassword(
      ui.server,
      { name: 'Anna Admin', email: 'anna@example.test', role: 'admin', timeZone: 'Europe/Moscow' },
      PASSWORD,
    );
    const pipeline = await api('POST', '/pipelines', {
      name: 'Contracts',
      entityType: 'deal',
      stages: [{ name: 'New' }, { name: 'Signing' }],
    });
    contractTemplate = await api('POST', '/document-templates', {
      kind: 'contract',
      name: 'Supply contract',
      language: 'en',
      body: '<h1>Contract № {{ number }}</h1>',
    });
    await api('POST', '/robots', {
      name: 'Draw up the contract',
      stageId: pipeline.stages[1].id,
      action: { type: 'create_document', params: { kind: 'contract', template: contractTemplate.id } },
    });
    item = await api('POST', '/items', {
      pipelineId: pipeline.id,
      title: 'Forty oak desks',
      amount: '4200.00',
      currency: 'EUR',
    });
  });

  test('an admin writes the invoice template and the next invoice is written with it', async () => {
    const page = await ui.signIn('anna@example.test', PASSWORD, { locale: 'en' });
    // Reached from the bank page, not the top bar.
    await page.goto(`${ui.server.baseUrl}/bank`);
    await page.getByRole('link', { name: 'Document templates and numbering' }).click();
    await page.getByRole('heading', { name: 'Documents', level: 1 }).waitFor();
    assert.equal(await page.getByText('No templates yet', { exact: false }).count(), 0);

    await page.getByRole('button', { name: 'New template' }).click();
    const body = page.getByLabel('Template (Liquid giving HTML)');
    // A new template starts from the shipped one of its kind and language.
    await page.waitForFunction(
      "document.querySelector('textarea.template-body')?.value.includes('{{ number }}')",
    );
    assert.equal(await page.getByLabel('Kind', { exact: true }).inputValue(), 'invoice');
    await page.getByLabel('Name', { exact: true }).fill('Acme invoice');
    await page.getByLabel('The default template of its kind and language').check();
    await body.fill(`${await body.inputValue()}\n${BANK_LINE}`);
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByRole('status').getByText('Template «Acme invoice» saved.').waitFor();
    const row = page.getByRole('row', { name: /Acme invoice/ });
    assert.match(await row.innerText(), /Invoice\s+English\s+Acme invoice\s+default/);

    // Then edited: one more line.
    await page.getByRole('button', { name: 'Edit Acme invoice' }).click();
    await page.getByRole('heading', { name: 'Edit «Acme invoice»' }).waitFor();
    await body.fill(`${await body.inputValue()}\n${THANKS_LINE}`);
    await page.getByRole('button', { name: 'Save template' }).click();
    await page.getByRole('status').getByText('Template «Acme invoice» saved.').waitFor();

    const invoice = await newInvoice();
    const html = await documentHtml(invoice.id);
    assert.ok(html.includes(BANK_LINE), html);
    assert.ok(html.includes(THANKS_LINE), html);
    assert.ok(html.includes(`Invoice № ${invoice.number}`), html);
    assert.deepEqual(await checkAccessibility(page), []);
    await saveScreenshot(page, 'document-templates-desktop-en');
  });

  test('a body that does not render is refused with its problem and nothing is stored', async () => {
    const page = await ui.signIn('anna@example.test', PASSWORD, { locale: 'en' });
    await templatesPage(page, 'Documents');
    await page.getByRole('button', { name: 'New template' }).click();
    await page.getByLabel('Name', { exact: true }).fill('Broken');
    await page.getByLabel('Template (Liquid giving HTML)').fill('<p>{% if number %}unclosed</p>');
    await page.getByRole('button', { name: 'Save template' }).click();
    const problem = page.locator('.template-editor [role="alert"]');
    await problem.waitFor();
    assert.match(await problem.innerText(), /\S/);
    const names = (await api('GET', '/document-templates')).data.map((each: Json) => each.name);
    assert.ok(!names.includes('Broken'), names.join(', '));
  });

  test('a template a robot uses is not deleted, and the page names the robot', async () => {
    const page = await ui.signIn('anna@example.test', PASSWORD, { locale: 'en' });
    await templatesPage(page, 'Documents');
    await page.getByRole('button', { name: 'Delete Supply contract' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    assert.match(
      await refusal.innerText(),
      /«Supply contract» is not deleted: the robot «Draw up the contract» makes documents with it/,
    );
    assert.equal((await api('GET', `/document-templates/${contractTemplate.id}`)).name, 'Supply contract');
    assert.deepEqual(await checkAccessibility(page), []);
    await saveScreenshot(page, 'document-templates-in-use-desktop-en');
  });

  test('a new invoice prefix numbers the next invoice', async () => {
    const page = await ui.signIn('anna@example.test', PASSWORD, { locale: 'en' });
    await templatesPage(page, 'Documents');
    const prefix = page.getByLabel('Number prefix of Invoice');
    assert.equal(await prefix.inputValue(), 'INV');
    await prefix.fill('ACME');
    await page.getByRole('button', { name: 'Save Invoice' }).click();
    await page.getByText(/^Next numbers: ACME-\d{4}-…$/).waitFor();
    assert.match((await newInvoice()).number, /^ACME-\d{4}-\d{4}$/);
  });

  test('a prefix the API refuses shows its detail and changes nothing', async () => {
    const page = await ui.signIn('anna@example.test', PASSWORD, { locale: 'en' });
    await templatesPage(page, 'Documents');
    await page.getByLabel('Number prefix of Act').fill('A C T');
    await page.getByRole('button', { name: 'Save Act' }).click();
    await page.getByRole('alert').waitFor();
    const sequences: Json[] = (await api('GET', '/document-sequences')).data;
    assert.equal(
      sequences.find((each) => each.kind === 'act'),
      undefined,
    );
  });

  test('the page reads in Russian and fits a phone', async () => {
    const ru = await ui.signIn('anna@example.test', PASSWORD, { locale: 'ru', viewport: 'phone' });
    await templatesPage(ru, 'Документы');
    await ru.getByRole('heading', { name: 'Нумерация' }).waitFor();
    await ru.getByLabel('Префикс номера: Счёт').waitFor();
    await ru.getByRole('button', { name: 'Изменить Acme invoice' }).click();
    await ru.getByRole('heading', { name: 'Изменить «Acme invoice»' }).waitFor();
    await ru.evaluate('window.scrollTo(0, 0)');
    await saveScreenshot(ru, 'document-templates-phone-ru');
    const width = Number(await ru.evaluate('document.documentElement.scrollWidth'));
    assert.ok(width <= 390, `the page is ${width}px wide at 390`);
    assert.deepEqual(await checkAccessibility(ru), []);

    const ruDesktop = await ui.signIn('anna@example.test', PASSWORD, { locale: 'ru' });
    await templatesPage(ruDesktop, 'Документы');
    await saveScreenshot(ruDesktop, 'document-templates-desktop-ru');

    const en = await ui.signIn('anna@example.test', PASSWORD, { locale: 'en', viewport: 'phone' });
    await templatesPage(en, 'Documents');
    const enWidth = Number(await en.evaluate('document.documentElement.scrollWidth'));
    assert.ok(enWidth <= 390, `the page is ${enWidth}px wide at 390`);
    await saveScreenshot(en, 'document-templates-phone-en');
  });
});
