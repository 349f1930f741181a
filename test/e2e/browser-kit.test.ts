import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  checkAccessibility,
  launchBrowser,
  NO_BROWSER,
  newPage,
  saveScreenshot,
} from '../support/browser.ts';
import { LONG } from '../support/e2e.ts';

/** The browser-test kit itself: what the UI tests rely on it to find and to keep. */
describe('the browser-test kit', { skip: NO_BROWSER, timeout: 2 * LONG }, () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  test('the accessibility check names serious violations and passes a clean page', async () => {
    const page = await newPage(browser, { baseUrl: 'http://127.0.0.1' });
    try {
      await page.setContent(
        '<!doctype html><html lang="en"><head><title>Kit</title></head><body><main>' +
          '<button></button><input type="text"></main></body></html>',
      );
      const found = await checkAccessibility(page);
      assert.ok(
        found.some((line) => /^critical button-name: .* at button/.test(line)),
        found.join('\n'),
      );
      assert.ok(
        found.some((line) => / label: .* at input/.test(line)),
        found.join('\n'),
      );

      await page.setContent(
        '<!doctype html><html lang="en"><head><title>Kit</title></head><body><main>' +
          '<button>Save</button><label>Title <input type="text"></label></main></body></html>',
      );
      assert.deepEqual(await checkAccessibility(page), []);
    } finally {
      await page.context().close();
    }
  });

  test('pages open at the phone size in Russian, and screenshots land under test-output', async () => {
    const page = await newPage(browser, { baseUrl: 'http://127.0.0.1', viewport: 'phone', locale: 'ru' });
    try {
      await page.setContent(
        '<!doctype html><html><head><meta name="viewport" content="width=device-width, initial-scale=1"></head><body><p>Доска</p></body></html>',
      );
      const seen = await page.evaluate(() => {
        // biome-ignore lint/suspicious/noExplicitAny: the page's window (no DOM types here)
        const page = globalThis as any;
        return {
          width: page.innerWidth,
          language: page.navigator.language,
          touch: page.navigator.maxTouchPoints > 0,
        };
      });
      assert.deepEqual(seen, { width: 390, language: 'ru-RU', touch: true });
      const path = await saveScreenshot(page, 'kit-phone-ru');
      assert.match(path, /test-output\/screenshots\/kit-phone-ru\.png$/);
      assert.ok(existsSync(path));
      rmSync(path);
    } finally {
      await page.context().close();
    }
  });
});
