import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../test/support/harness.ts';
import { type App, buildApp } from './app.ts';

const HTML = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const INDEX =
  '<!doctype html><html><body><div id="root"></div><script src="/assets/index-abc123.js"></script></body></html>';

/** A built UI as Vite leaves it: index.html, hashed assets, a copied public file. */
function fixtureDist(): string {
  const dist = mkdtempSync(join(tmpdir(), 'stageflow-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log("ui")');
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(dist, '.source-hash'), 'abc');
  return dist;
}

for (const dialect of DIALECTS) {
  describe(`web UI serving (${dialect})`, () => {
    let t: TestApp;
    let ui: App;
    let bare: App;
    let dist: string;
    before(async () => {
      t = await createTestApp(dialect);
      dist = fixtureDist();
      ui = await buildApp({ ...t.context, webDist: dist });
      bare = await buildApp({ ...t.context, webDist: join(dist, 'missing') });
    });
    after(async () => {
      await ui?.close();
      await bare?.close();
      await t?.close();
      rmSync(dist, { recursive: true, force: true });
    });

    const get = (app: App, url: string, accept = HTML, headers: Record<string, string> = {}) =>
      app.inject({ method: 'GET', url, headers: { accept, ...headers } });

    test('/ answers index.html, revalidated on every load, with the security headers', async () => {
      const response = await get(ui, '/', '*/*');
      assert.equal(response.statusCode, 200);
      assert.equal(response.body, INDEX);
      assert.match(String(response.headers['content-type']), /^text\/html/);
      assert.equal(response.headers['cache-control'], 'no-cache');
      const csp = String(response.headers['content-security-policy']);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      assert.equal(response.headers['referrer-policy'], 'same-origin');
    });

    test('a page path a browser navigates to answers index.html (client routing)', async () => {
      for (const url of ['/items/x', '/board/p1?stage=s2', '/runs', '/index.html']) {
        const response = await get(ui, url);
        assert.equal(response.statusCode, 200, url);
        assert.equal(response.body, INDEX, url);
        assert.equal(response.headers['cache-control'], 'no-cache', url);
      }
    });

    test('hashed assets are cached for a year as immutable; a missing one is a 404', async () => {
      const asset = await get(ui, '/assets/index-abc123.js', '*/*');
      assert.equal(asset.statusCode, 200);
      assert.equal(asset.body, 'console.log("ui")');
      assert.match(String(asset.headers['content-type']), /javascript/);
      assert.match(String(asset.headers['cache-control']), /max-age=31536000/);
      assert.match(String(asset.headers['cache-control']), /immutable/);
      assert.equal(asset.headers['x-content-type-options'], 'nosniff');
      const missing = await get(ui, '/assets/index-old999.js');
      assert.equal(missing.statusCode, 404);
      assert.notEqual(missing.body, INDEX, 'a missing asset is not answered with the page');
    });

    test('a top-level public file is served, dot files and paths outside dist are not', async () => {
      const icon = await get(ui, '/favicon.svg', '*/*');
      assert.equal(icon.statusCode, 200);
      assert.match(String(icon.headers['content-type']), /^image\/svg\+xml/);
      for (const url of ['/.source-hash', '/..%2Fpackage.json', '/assets/..%2F..%2Fpackage.json']) {
        const response = await get(ui, url, '*/*');
        assert.ok(
          response.statusCode === 404 || response.statusCode === 403,
          `${url}: ${response.statusCode}`,
        );
        assert.doesNotMatch(response.body, /"name"|abc/, url);
      }
    });

    test('the server paths keep their answers: an unknown /api path is a 404 problem, even for a browser', async () => {
      for (const url of ['/api/v1/nope', '/api/nope', '/hooks/x/y', '/f/x/y', '/t/x']) {
        const response = await get(ui, url, HTML, { authorization: `Bearer ${t.tokens.admin}` });
        assert.equal(response.statusCode, 404, url);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/, url);
      }
      const health = await get(ui, '/healthz');
      assert.deepEqual(health.json(), { status: 'ok' });
      const metrics = await get(ui, '/metrics', HTML, { authorization: `Bearer ${t.tokens.admin}` });
      assert.equal(metrics.statusCode, 200);
      assert.match(String(metrics.headers['content-type']), /^text\/plain/);
      const users = await get(ui, '/api/v1/users', HTML, { authorization: `Bearer ${t.tokens.admin}` });
      assert.equal(users.statusCode, 200);
      assert.ok(Array.isArray(users.json().data));
    });

    test('a request that does not accept HTML gets the 404 problem for an unknown path', async () => {
      const response = await get(ui, '/items/x', 'application/json');
      assert.equal(response.statusCode, 404);
      assert.equal(response.json().code, 'route_not_found');
    });

    test('without a built UI the API still answers and / says how to build it', async () => {
      const page = await get(bare, '/');
      assert.equal(page.statusCode, 404);
      assert.match(String(page.headers['content-type']), /^text\/html/);
      assert.match(page.body, /npm run build:web/);
      const problem = await get(bare, '/', 'application/json');
      assert.equal(problem.json().code, 'web_ui_not_built');
      const deep = await get(bare, '/items/x');
      assert.match(deep.body, /not built/);
      const users = await get(bare, '/api/v1/users', '*/*', { authorization: `Bearer ${t.tokens.viewer}` });
      assert.equal(users.statusCode, 200);
    });
  });
}
