import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import {
  NO_BROWSER,
  saveScreenshot,
  startUiServer,
  type UiServer,
  type UiServerOptions,
} from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';
import { LONG } from '../support/e2e.ts';

/**
 * A web form in a real browser against the real server: Debian's Chromium opens the page by its
 * public URL, a person fills and sends it, and the item exists. A page of another site that posts
 * the form (with a valid token it fetched) is refused. Screenshots go to test-output/screenshots.
 */

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

describe('web forms in Chromium', { skip: NO_BROWSER, timeout: 10 * LONG }, () => {
  let forger: Server;
  let forgedHtml = '';
  let formUrl = '';

  /** The forms need no built UI; the system clock, as a visitor's form meets it. */
  const formServer = (env: Record<string, string> = {}): UiServerOptions => ({
    clock: 'system',
    requireBuiltUi: false,
    env,
  });
  const ui = browserSuite(formServer());
  const contactsWith = async (email: string, on: UiServer = ui.server) =>
    (await on.api('GET', `/contacts?email=${encodeURIComponent(email)}`)).data;

  /** A pipeline, a trigger on form.submitted, and a form; answers the form's URL. */
  async function createForm(on: UiServer): Promise<string> {
    const pipeline = await on.api('POST', '/pipelines', {
      name: 'Web requests',
      entityType: 'lead',
      stages: [{ name: 'New' }, { name: 'Form filled' }],
    });
    await on.api('POST', '/triggers', {
      name: 'Form filled',
      stageId: pipeline.stages[1].id,
      eventType: 'form.submitted',
    });
    const form = await on.api('POST', '/forms', {
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
    return form.url;
  }

  /** Fills the form as a person does and sends it; answers the status of the post. */
  async function fillAndSend(url: string, email: string, shots: string): Promise<number> {
    const page = await ui.browser.newPage();
    try {
      await page.goto(url);
      await page.getByLabel('Your name').fill('Maria Ivanova');
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('What do you need?').fill('120 office chairs');
      await page.getByLabel('Team size').selectOption('11-50');
      await saveScreenshot(page, `form-${shots}-filled`);
      const [answer] = await Promise.all([
        page.waitForResponse((r) => r.url() === url && r.request().method() === 'POST'),
        page.getByRole('button').click(),
      ]);
      await page.waitForLoadState();
      await saveScreenshot(page, `form-${shots}-answer`);
      assert.match((await page.textContent('body')) ?? '', /Thank you/);
      return answer.status();
    } finally {
      await page.close();
    }
  }

  before(async () => {
    formUrl = await createForm(ui.server);
    forger = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(forgedHtml);
    });
    // 127.0.0.2 is another site than the server's 127.0.0.1; the same host on another port is
    // another origin of the same site.
    await new Promise<void>((resolve) => forger.listen(0, '0.0.0.0', resolve));
  });
  after(async () => {
    await new Promise((resolve) => (forger?.listening ? forger.close(resolve) : resolve(undefined)));
  });

  test('a person opens the form by its public URL, fills and sends it, and the item exists', async () => {
    assert.equal(new URL(formUrl).origin, ui.server.baseUrl, 'the form URL is absolute, on the public URL');
    assert.equal(await fillAndSend(formUrl, 'maria@browser.example', 'direct'), 200);
    const [contact] = await contactsWith('maria@browser.example');
    assert.equal(contact?.name, 'Maria Ivanova');
    const items = await ui.server.api('GET', `/items?contactId=${contact.id}`);
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
      const page = await ui.browser.newPage();
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
    let behind: UiServer | undefined;
    const proxy = prefixProxy(() => behind?.baseUrl ?? '');
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const publicUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/crm`;
      behind = await startUiServer(formServer({ STAGEFLOW_PUBLIC_URL: publicUrl }));
      const url = await createForm(behind);
      assert.match(url, new RegExp(`^${publicUrl}/f/`), 'the form URL is on the public URL');
      assert.equal(await fillAndSend(url, 'proxied@browser.example', 'proxied'), 200);
      assert.equal((await contactsWith('proxied@browser.example', behind)).length, 1);
    } finally {
      await behind?.stop();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
