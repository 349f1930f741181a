import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createWorkspace, LONG, type RunningServer, startServer, type Workspace } from '../support/e2e.ts';

/**
 * A web form in a real browser against the real server: Debian's Chromium opens the page by its
 * public URL, a person fills and sends it, and the item exists. A page of another site that posts
 * the form (with a valid token it fetched) is refused. Screenshots go to a temporary folder.
 */

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);

/** A page of another origin that posts the form at once, as a forging site would. */
function forgingPage(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${value}">`)
    .join('');
  return `<!doctype html><html><body><form method="post" action="${action}">${inputs}</form>
<script>document.forms[0].submit()</script></body></html>`;
}

describe('web forms in Chromium', {
  skip: !hasChromium && `${CHROMIUM} is missing`,
  timeout: 10 * LONG,
}, () => {
  let workspace: Workspace;
  let server: RunningServer;
  let browser: Browser;
  let forger: Server;
  let forgedHtml = '';
  let formUrl = '';
  const screenshots = mkdtempSync(join(tmpdir(), 'stageflow-form-screens-'));

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.base}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${server.token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
    const json: any = await response.json();
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const contactsWith = async (email: string) =>
    (await api('GET', `/contacts?email=${encodeURIComponent(email)}`)).data;

  before(async () => {
    workspace = await createWorkspace();
    server = await startServer(workspace.env);
    const pipeline = await api('POST', '/pipelines', {
      name: 'Web requests',
      entityType: 'lead',
      stages: [{ name: 'New' }, { name: 'Form filled' }],
    });
    await api('POST', '/triggers', {
      name: 'Form filled',
      stageId: pipeline.stages[1].id,
      eventType: 'form.submitted',
    });
    const form = await api('POST', '/forms', {
      pipelineId: pipeline.id,
      name: 'Request a quote',
      title: 'Request a quote',
      description: 'Tell us what you need and we will call you back.',
      fields: [
        { name: 'name', label: 'Your name', kind: 'text', required: true, maps: 'contact.name' },
        { name: 'email', label: 'Email', kind: 'email', required: true, maps: 'contact.email' },
        { name: 'request', label: 'What do you need?', kind: 'textarea', maps: 'item.title' },
        { name: 'size', label: 'Team size', kind: 'select', options: ['1-10', '11-50'] },
      ],
    });
    formUrl = form.url;
    forger = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(forgedHtml);
    });
    // 127.0.0.2 is another site than the server's 127.0.0.1; the same host on another port is
    // another origin of the same site.
    await new Promise<void>((resolve) => forger.listen(0, '0.0.0.0', resolve));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  });
  after(async () => {
    await browser?.close();
    await new Promise((resolve) => (forger?.listening ? forger.close(resolve) : resolve(undefined)));
    if (server?.process.exitCode === null) server.process.kill('SIGKILL');
    await workspace?.cleanup();
  });

  const shoot = async (page: Page, name: string) => {
    await page.screenshot({ path: join(screenshots, name), fullPage: true });
  };

  test('a person opens the form by its public URL, fills and sends it, and the item exists', async (t) => {
    assert.equal(new URL(formUrl).origin, server.base, 'the form URL is absolute, on the public URL');
    const page = await browser.newPage();
    try {
      await page.goto(formUrl);
      await page.getByLabel('Your name').fill('Maria Ivanova');
      await page.getByLabel('Email').fill('maria@browser.example');
      await page.getByLabel('What do you need?').fill('120 office chairs');
      await page.getByLabel('Team size').selectOption('11-50');
      await shoot(page, 'form-filled.png');
      const [answer] = await Promise.all([
        page.waitForResponse((r) => r.url() === formUrl && r.request().method() === 'POST'),
        page.getByRole('button').click(),
      ]);
      await page.waitForLoadState();
      await shoot(page, 'form-answer.png');
      t.diagnostic(`screenshots in ${screenshots}`);
      assert.equal(answer.status(), 200, await answer.text());
      assert.match((await page.textContent('body')) ?? '', /Thank you/);
    } finally {
      await page.close();
    }
    const [contact] = await contactsWith('maria@browser.example');
    assert.equal(contact?.name, 'Maria Ivanova');
    const items = await api('GET', `/items?contactId=${contact.id}`);
    assert.equal(items.data.length, 1);
    assert.equal(items.data[0].title, '120 office chairs');
  });

  for (const [what, host] of [
    ['another site', '127.0.0.2'],
    ['another origin of the same site', '127.0.0.1'],
  ] as const) {
    test(`a page of ${what} that posts the form with a valid token is refused with 403, nothing written`, async () => {
      const email = `forged-${host}@browser.example`;
      const html = await (await fetch(formUrl)).text();
      const token = /name="_token" value="([^"]+)"/.exec(html)?.[1];
      assert.ok(token, 'the page carries a token');
      forgedHtml = forgingPage(formUrl, { _token: token, name: 'Forged', email });
      const page = await browser.newPage();
      try {
        const [answer] = await Promise.all([
          page.waitForResponse((r) => r.url() === formUrl && r.request().method() === 'POST'),
          page.goto(`http://${host}:${(forger.address() as AddressInfo).port}/`),
        ]);
        const headers = await answer.request().allHeaders();
        assert.equal(answer.status(), 403, JSON.stringify(headers));
        assert.notEqual(headers['sec-fetch-site'], 'same-origin');
      } finally {
        await page.close();
      }
      assert.equal((await contactsWith(email)).length, 0);
    });
  }
});
