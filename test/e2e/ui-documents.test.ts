import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { extractText, getDocumentProxy } from 'unpdf';
import { startSmtpServer, type TestSmtpServer } from '../channels/mail-support.ts';
import { checkAccessibility, NO_BROWSER, newPage, saveScreenshot } from '../support/browser.ts';
import { browserSuite, createUserWithPassword } from '../support/browser-suite.ts';
import { LONG } from '../support/e2e.ts';
import { eventually } from '../support/harness.ts';

/**
 * Documents end to end in real Chromium against the real server and a real SMTP listener: robots
 * make an invoice when a deal with a Cyrillic title and contact is moved on the item card and
 * mail it as a PDF; the client opening the share link is recorded as document.viewed, which moves
 * the deal on; the card makes a quote and an invoice from it.
 */

const PASSWORD = 'documents-test-password-1';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
type Json = Record<string, any>;

describe('documents in Chromium', { skip: NO_BROWSER, timeout: 10 * LONG }, () => {
  let smtp: TestSmtpServer;
  // Started first: the server's mail goes there.
  before(async () => {
    smtp = await startSmtpServer();
  });
  const ui = browserSuite(() => ({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } }));
  let pipeline: Json;
  let item: Json;

  const api = (method: string, path: string, body?: unknown): Promise<Json> =>
    ui.server.api(method, path, body);
  const stage = (name: string): string => pipeline.stages.find((s: Json) => s.name === name).id;

  before(async () => {
    await createUserWithPassword(
      ui.server,
      {
        name: 'Мила Петрова',
        email: 'mila@example.test',
        role: 'manager',
        timeZone: 'Europe/Moscow',
      },
      PASSWORD,
    );
    pipeline = await api('POST', '/pipelines', {
      name: 'Продажи',
      entityType: 'deal',
      stages: [{ name: 'Новая' }, { name: 'Счёт' }, { name: 'Отправлен' }, { name: 'Просмотрен' }],
    });
    await api('POST', '/robots', {
      name: 'Выставить счёт',
      stageId: stage('Счёт'),
      action: { type: 'create_document', params: { kind: 'invoice', language: 'ru', share: true } },
    });
    await api('POST', '/robots', {
      name: 'Отправить счёт',
      stageId: stage('Отправлен'),
      action: {
        type: 'send_email',
        params: {
          to: 'contact',
          subject: 'Счёт: {{ item.title }}',
          text: 'Здравствуйте, {{ contact.name }}! Счёт во вложении.',
          attachments: [{ document: 'latest:invoice' }],
        },
      },
    });
    await api('POST', '/triggers', {
      name: 'Клиент открыл счёт',
      stageId: stage('Просмотрен'),
      eventType: 'document.viewed',
    });
    const contact = await api('POST', '/contacts', {
      name: 'Ольга Смирнова',
      emails: ['olga@romashka.example'],
    });
    item = await api('POST', '/items', {
      pipelineId: pipeline.id,
      title: 'Ромашка: 40 столов',
      amount: '98765.40',
      currency: 'RUB',
      contactId: contact.id,
    });
  });

  after(async () => {
    await smtp?.close();
  });

  test('moving the deal on the card makes the invoice, mails it as a PDF, and the client viewing it is recorded', async () => {
    const page = await ui.signIn('mila@example.test', PASSWORD, { locale: 'ru' });
    await page.goto(`${ui.server.baseUrl}/items/${item.id}`);
    for (const [from, to] of [
      ['Новая', 'Счёт'],
      ['Счёт', 'Отправлен'],
    ] as const) {
      await page.getByRole('button', { name: `Стадия: ${from}. Перевести на другую стадию` }).click();
      await page.getByRole('menuitem', { name: to }).click();
      await page.getByRole('button', { name: `Стадия: ${to}. Перевести на другую стадию` }).waitFor();
    }
    // The demo workspace mails its own contacts too: the invoice is the one to Olga.
    const invoiceMail = () => smtp.received.find((each) => each.rcptTo.includes('olga@romashka.example'));
    await eventually('the invoice mail', () => invoiceMail() !== undefined);
    const mail = invoiceMail();
    assert.equal(mail?.parsed.subject, 'Счёт: Ромашка: 40 столов');
    const [attachment] = mail?.parsed.attachments ?? [];
    assert.equal(attachment?.contentType, 'application/pdf');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(attachment?.content ?? [])), {
      mergePages: true,
    });
    for (const part of ['Счёт на оплату', 'Ромашка: 40 столов', 'Ольга Смирнова', '98 765.40 RUB'])
      assert.ok(text.includes(part), `${part} in ${text}`);

    const runs: Json[] = (await api('GET', `/runs?itemId=${item.id}`)).data;
    const sharePath = runs.find((run) => run.result?.sharePath !== undefined)?.result.sharePath;
    assert.match(sharePath, /^\/d\/sfd_/);
    const client = await newPage(ui.browser, { baseUrl: ui.server.baseUrl, locale: 'ru' });
    await client.goto(`${ui.server.baseUrl}${sharePath}`);
    await client.getByRole('heading', { name: /^Счёт на оплату № INV-\d{4}-\d{4}$/ }).waitFor();
    await client.getByRole('link', { name: 'PDF' }).waitFor();
    await saveScreenshot(client, 'document-share-ru');

    // The view is document.viewed: its trigger moves the deal, and the card's journal shows it.
    await page.getByRole('button', { name: 'Стадия: Просмотрен. Перевести на другую стадию' }).waitFor();
    await page.getByText('Документ просмотрен').first().waitFor();
    await saveScreenshot(page, 'document-viewed-journal-ru');
  });

  test('the card makes a quote and an invoice from it, each with its PDF', async () => {
    const page = await ui.signIn('mila@example.test', PASSWORD, { locale: 'ru' });
    await page.goto(`${ui.server.baseUrl}/items/${item.id}?tab=money`);
    await page.getByLabel('Вид').selectOption('quote');
    await page.getByRole('button', { name: 'Создать документ' }).click();
    await page.getByText(/^Предложение QUO-\d{4}-\d{4}$/).waitFor();
    await page.getByRole('button', { name: 'Счёт по предложению' }).click();
    await eventually('the invoice from the quote', async () =>
      (await api('GET', `/documents?itemId=${item.id}`)).data.some((d: Json) => d.sourceDocumentId !== null),
    );
    const documents: Json[] = (await api('GET', `/documents?itemId=${item.id}`)).data;
    const fromQuote = documents.find((d) => d.sourceDocumentId !== null);
    assert.equal(fromQuote?.amount, '98765.40');
    await page
      .getByRole('link', { name: 'PDF' })
      .nth(documents.length - 1)
      .waitFor();
    assert.equal(await page.getByRole('link', { name: 'PDF' }).count(), documents.length);
    assert.deepEqual(await checkAccessibility(page), []);
    await saveScreenshot(page, 'item-documents-ru');
  });
});
