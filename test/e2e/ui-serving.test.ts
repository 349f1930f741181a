import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  checkAccessibility,
  launchBrowser,
  NO_BROWSER,
  newPage,
  startUiServer,
  type UiServer,
} from '../support/browser.ts';
import { LONG } from '../support/e2e.ts';

/**
 * The real server serves the built web UI (web/dist, built by `npm test` before this runs) beside
 * the API: the page at `/` and at any page path a browser opens, the hashed assets cached for good,
 * the API's own answers unchanged.
 */

const NAVIGATION = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('the server serves the web UI', { timeout: 4 * LONG }, () => {
  let server: UiServer;
  let index = '';
  before(async () => {
    server = await startUiServer();
  });
  after(async () => {
    await server?.stop();
  });

  test('/ and a deep link answer the page, revalidated each time, with the security headers', async () => {
    for (const path of ['/', '/items/x', '/board/some-pipeline']) {
      const response = await fetch(`${server.baseUrl}${path}`, { headers: NAVIGATION });
      assert.equal(response.status, 200, path);
      assert.match(response.headers.get('content-type') ?? '', /^text\/html/, path);
      assert.equal(response.headers.get('cache-control'), 'no-cache', path);
      const csp = response.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'(;|$)/, path);
      assert.match(csp, /frame-ancestors 'none'/, path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
      assert.equal(response.headers.get('referrer-policy'), 'same-origin', path);
      const html = await response.text();
      assert.match(html, /<div id="root">/, path);
      index ||= html;
    }
  });

  test('the hashed assets the page names are served as immutable', async () => {
    const assets = [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
    assert.ok(assets.length > 0, `index.html names its assets:\n${index}`);
    for (const asset of assets) {
      const response = await fetch(`${server.baseUrl}${asset}`);
      assert.equal(response.status, 200, asset);
      assert.match(
        response.headers.get('cache-control') ?? '',
        /max-age=31536000.*immutable|immutable.*max-age=31536000/,
      );
      await response.arrayBuffer();
    }
  });

  test('an unknown /api path is still a JSON problem 404, also for a browser', async () => {
    const response = await fetch(`${server.baseUrl}/api/v1/nope`, {
      headers: { ...NAVIGATION, authorization: `Bearer ${server.token}` },
    });
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal(((await response.json()) as { code: string }).code, 'route_not_found');
    assert.equal((await server.api('GET', '/pipelines')).data.length > 0, true, 'the API answers');
  });

  test('the page loads in Chromium without a Content-Security-Policy violation or a script error, and passes the accessibility check', {
    skip: NO_BROWSER,
  }, async () => {
    let browser: Browser | undefined;
    try {
      browser = await launchBrowser();
      const page = await newPage(browser, { baseUrl: server.baseUrl });
      const problems: string[] = [];
      page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
      page.on('console', (message) => {
        // Failed loads are judged below, by their URL.
        if (message.type() === 'error' && !/^Failed to load resource/.test(message.text()))
          problems.push(`console: ${message.text()}`);
      });
      page.on('response', (response) => {
        const path = new URL(response.url()).pathname;
        // Signed out, the session check answers 401; Chromium asks for a favicon by itself.
        if (response.status() >= 400 && response.status() !== 401 && path !== '/favicon.ico')
          problems.push(`${response.status()} for ${path}`);
      });
      await page.exposeFunction('reportViolation', (text: string) => problems.push(`CSP: ${text}`));
      await page.addInitScript(() => {
        // biome-ignore lint/suspicious/noExplicitAny: the page's window (no DOM types here)
        const page = globalThis as any;
        page.document.addEventListener(
          'securitypolicyviolation',
          (event: { violatedDirective: string; blockedURI: string; sample: string }) =>
            page.reportViolation(`${event.violatedDirective} blocked ${event.blockedURI} (${event.sample})`),
        );
      });
      await page.goto(`${server.baseUrl}/runs`);
      await page.waitForLoadState('networkidle');
      // Signed out, the app shows its sign-in form: the bundle ran.
      await page.getByRole('button').first().waitFor({ state: 'visible' });
      assert.deepEqual(problems, []);
      // The kit's accessibility check runs under the page's policy too (no inline script).
      assert.deepEqual(await checkAccessibility(page), []);
      assert.deepEqual(problems, [], 'the check itself violated nothing');
    } finally {
      await browser?.close();
    }
  });
});
