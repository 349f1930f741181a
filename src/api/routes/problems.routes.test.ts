import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';
import { ERROR_CATALOGUE } from '../../domain/error-catalogue.ts';
import { ERROR_DESCRIPTIONS } from '../../domain/error-descriptions.ts';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

for (const dialect of DIALECTS) {
  describe(`problem type pages (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    const get = (url: string, accept?: string) =>
      t.app.inject({ method: 'GET', url, headers: accept === undefined ? {} : { accept } });

    test("a catalogued code answers JSON with the catalogue's values, without a token", async () => {
      for (const accept of [undefined, 'application/json', '*/*']) {
        const response = await get('/problems/sign_in_rate_limited', accept);
        assert.equal(response.statusCode, 200, String(accept));
        assert.match(String(response.headers['content-type']), /^application\/json/);
        assert.deepEqual(response.json(), {
          code: 'sign_in_rate_limited',
          status: 429,
          title: ERROR_CATALOGUE.sign_in_rate_limited.title,
          retryable: true,
          description: ERROR_DESCRIPTIONS.sign_in_rate_limited,
        });
        assert.equal(response.headers['vary'], 'accept');
      }
      const media = (await get('/problems/unsupported_media_type')).json();
      assert.deepEqual([media.status, media.retryable], [415, false]);
    });

    test("a browser gets an HTML page in English with the catalogue's values, names set as code", async () => {
      const response = await get('/problems/stale_version', BROWSER);
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/html; charset=utf-8/);
      assert.match(String(response.headers['content-security-policy']), /default-src 'none'/);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
      const html = response.body;
      assert.match(html, /^<!doctype html>\n<html lang="en">/);
      assert.match(html, /<h1>Stale version<\/h1>/);
      assert.match(html, /<dd><code>stale_version<\/code><\/dd>/);
      assert.match(html, /<dt>HTTP status<\/dt><dd>409<\/dd>/);
      assert.match(html, /<dt>Retrying helps<\/dt><dd>No:/);
      assert.ok(ERROR_DESCRIPTIONS.stale_version.startsWith('`If-Match` names a version'));
      assert.match(html, /<p><code>If-Match<\/code> names a version that is no longer current/);
      assert.doesNotMatch(html, /<script/i);
    });

    test('text from the catalogue is escaped on the page', async () => {
      // "route's" holds a quote and the page must not carry it raw into markup.
      const html = (await get('/problems/validation_failed', BROWSER)).body;
      assert.match(html, /the route&#39;s schema/);
      assert.match(html, /<dd>Yes: |<dd>No: /);
    });

    test("the type of a real problem answer resolves to the page of the answer's code", async () => {
      const missing = '0193a000-0000-7000-8000-000000000000';
      const problem = await t.request({ method: 'GET', url: `/api/v1/items/${missing}` });
      assert.equal(problem.status, 404);
      assert.equal(problem.body.type, '/problems/item_not_found');
      const page = await get(problem.body.type);
      assert.equal(page.statusCode, 200);
      assert.deepEqual(
        { code: page.json().code, status: page.json().status, title: page.json().title },
        { code: problem.body.code, status: problem.body.status, title: problem.body.title },
      );
      assert.equal((await get(problem.body.type, BROWSER)).statusCode, 200);
    });

    test('a code no error has answers a 404 problem document, for a browser too', async () => {
      for (const code of ['no_such_code', 'constructor', '__proto__', 'toString']) {
        for (const accept of [undefined, BROWSER]) {
          const response = await get(`/problems/${code}`, accept);
          assert.equal(response.statusCode, 404, code);
          assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
          const body = response.json();
          assert.equal(body.code, 'error_code_unknown');
          assert.equal(body.type, '/problems/error_code_unknown');
        }
      }
      assert.equal(ERROR_CATALOGUE.error_code_unknown.kind, 'not_found');
      // The code of that answer has its own page.
      assert.equal((await get('/problems/error_code_unknown')).statusCode, 200);
    });

    test('paths under /problems that name no code are never the web UI', async () => {
      for (const url of ['/problems', '/problems/', '/problems/item_not_found/more']) {
        const response = await get(url, BROWSER);
        assert.equal(response.statusCode, 404, url);
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/, url);
      }
    });
  });
}
