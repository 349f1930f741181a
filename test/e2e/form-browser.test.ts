import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
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

/**
 * A reverse proxy that serves Stageflow under `/crm`, as nginx would: the path prefix removed,
 * the backend's own Host sent on, the public host in X-Forwarded-Host.
 */
function prefixProxy(backend: () => string): Server {
  return createServer((incoming, outgoing) => {
    if (!incoming.url?.startsWith('/crm/')) return void outgoing.writeHead(404).end();
    const target = new URL(incoming.url.slice('/crm'.length), backend());
    const headers = { ...incoming.headers, host: target.host, 'x-forwarded-host': incoming.headers.host };
    const upstream = request(target, { method: incoming.method, headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.writeHead(502).end());
    incoming.pipe(upstream);
  });
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

  const api = async (method: string, path: string, body?: unknown, on: RunningServer = server) => {
    const response = await fetch(`${on.base}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${on.token}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
    const json: any = await response.json();
    assert.ok(response.ok, `${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const contactsWith = async (email: string, on: RunningServer = server) =>
    (await api('GET', `/contacts?email=${encodeURIComponent(email)}`, undefined, on)).data;

  const shoot = async (page: Page, name: string) => {
    await page.screenshot({ path: join(screenshots, name), fullPage: true });
  };

  /** A pipeline, a trigger on form.submitted, and a form; answers the form's URL. */
  async function createForm(on: RunningServer): Promise<string> {
    const pipeline = await api(
      'POST',
      '/pipelines',
      { name: 'Web requests', entityType: 'lead', stages: [{ name: 'New' }, { name: 'Form filled' }] },
      on,
    );
    await api(
      'POST',
      '/triggers',
      { name: 'Form filled', stageId: pipeline.stages[1].id, eventType: 'form.submitted' },
      on,
    );
    const form = await api(
      'POST',
      '/forms',
      {
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
      },
      on,
    );
    return form.url;
  }

  /** Fills the form as a person does and sends it; answers the status of the post. */
  async function fillAndSend(url: string, email: string, shots: string): Promise<number> {
    const page = await browser.newPage();
    try {
      await page.goto(url);
      await page.getByLabel('Your name').fill('Maria Ivanova');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('What do you need?').fill('120 office chairs');
      await page.getByLabel('Team size').selectOption('11-50');
      await shoot(page, `${shots}-filled.png`);
      const [answer] = await Promise.all([
        page.waitForResponse((r) => r.url() === url && r.request().method() === 'POST'),
        page.getByRole('button').click(),
      ]);
      await page.waitForLoadState();
      await shoot(page, `${shots}-answer.png`);
      assert.match((await page.textContent('body')) ?? '', /Thank you/);
      return answer.status();
    } finally {
      await page.close();
    }
  }

  before(async () => {
    workspace = await createWorkspace();
    server = await startServer(workspace.env);
    formUrl = await createForm(server);
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

  test('a person opens the form by its public URL, fills and sends it, and the item exists', async (t) => {
    assert.equal(new URL(formUrl).origin, server.base, 'the form URL is absolute, on the public URL');
    assert.equal(await fillAndSend(formUrl, 'maria@browser.example', 'form'), 200);
    t.diagnostic(`screenshots in ${screenshots}`);
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

  test('behind a reverse proxy serving Stageflow under a path, the form works on STAGEFLOW_PUBLIC_URL', async () => {
    let behind: RunningServer | undefined;
    const proxy = prefixProxy(() => behind?.base ?? '');
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const hidden = await createWorkspace();
    try {
      const publicUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/crm`;
      behind = await startServer({ ...hidden.env, STAGEFLOW_PUBLIC_URL: publicUrl });
      const url = await createForm(behind);
      assert.match(url, new RegExp(`^${publicUrl}/f/`), 'the form URL is on the public URL');
      assert.equal(await fillAndSend(url, 'proxied@browser.example', 'proxied'), 200);
      assert.equal((await contactsWith('proxied@browser.example', behind)).length, 1);
    } finally {
      if (behind?.process.exitCode === null) behind.process.kill('SIGKILL');
      await new Promise((resolve) => proxy.close(resolve));
      await hidden.cleanup();
    }
  });
});
