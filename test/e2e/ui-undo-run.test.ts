import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  checkAccessibility,
  keepFailureEvidence,
  launchBrowser,
  NO_BROWSER,
  newPage,
  saveScreenshot,
  signInThroughUi,
  startUiServer,
  type UiServer,
} from '../support/browser.ts';
import { LONG } from '../support/e2e.ts';
import { eventually } from '../support/harness.ts';

/**
 * A manager sees a robot set the wrong region on a deal and undoes its run from the item's
 * journal: the confirmation lists the field put back, and the field is empty again. On a deal
 * whose region was changed by hand after the robot, the confirmation says the undo would lose
 * that change and does not offer it.
 */

const PASSWORD = 'undo scenario password';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
type Json = Record<string, any>;

describe('undoing a run in the web UI', { skip: NO_BROWSER, timeout: 6 * LONG }, () => {
  afterEach(keepFailureEvidence);
  let browser: Browser;
  let server: UiServer;
  let pipeline: Json;

  before(async () => {
    browser = await launchBrowser();
    server = await startUiServer();
    const manager = await server.api('POST', '/users', {
      name: 'Anna Petrova',
      email: 'anna@shop.example',
      role: 'manager',
      timeZone: 'Europe/Moscow',
    });
    await server.api('PUT', `/users/${manager.id}/password`, { password: PASSWORD });
    pipeline = await server.api('POST', '/pipelines', {
      name: 'Deals',
      entityType: 'deal',
      stages: [{ name: 'New' }, { name: 'Qualified' }],
    });
    await server.api('POST', '/robots', {
      name: 'Region',
      stageId: pipeline.stages[0].id,
      action: { type: 'update_fields', params: { set: { 'fields.region': 'North' } } },
    });
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A deal the robot has set the region on (it runs in the background). */
  async function dealWithRegion(title: string): Promise<Json> {
    const item = await server.api('POST', '/items', { pipelineId: pipeline.id, title });
    await eventually('the robot run', async () => {
      const runs = await server.api('GET', `/runs?itemId=${item.id}&status=succeeded`);
      return runs.data.length === 1;
    });
    return item;
  }

  async function openJournal(itemId: string): Promise<Page> {
    const page = await newPage(browser, {
      baseUrl: server.baseUrl,
      locale: 'en',
      timezoneId: 'Europe/Moscow',
    });
    await signInThroughUi(page, server.baseUrl, 'anna@shop.example', PASSWORD);
    await page.goto(`${server.baseUrl}/items/${itemId}`);
    return page;
  }

  test('undo restores the field the robot set, after a confirmation listing it', async () => {
    const item = await dealWithRegion('Orbita LLC');
    const page = await openJournal(item.id);
    await page.getByRole('button', { name: 'Undo the run of Region' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Undo the run of “Region”?' });
    await dialog.getByText('item.fields.region set from empty to "North"').waitFor();
    await dialog.getByText('Put back:').waitFor();
    await saveScreenshot(page, 'undo-run-confirm-en');
    assert.deepEqual(await checkAccessibility(page), []);
    await dialog.getByRole('button', { name: 'Undo the run' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('its changes undone by Anna Petrova').waitFor();
    await page.getByText('Undone', { exact: true }).first().waitFor();
    await saveScreenshot(page, 'undo-run-done-en');

    const after = await server.api('GET', `/items/${item.id}`);
    assert.equal(Object.hasOwn(after.fields, 'region'), false);
  });

  test('a region changed by hand since refuses the undo, and nothing changes', async () => {
    const item = await dealWithRegion('Vega JSC');
    await server.api('PATCH', `/items/${item.id}`, { fields: { region: 'South' } });
    const page = await openJournal(item.id);
    await page.getByRole('button', { name: 'Undo the run of Region' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Undo the run of “Region”?' });
    await dialog.getByText('Blocks the undo:').waitFor();
    await dialog.getByText('it is "South" now, the run set "North"', { exact: false }).waitFor();
    await dialog.getByText('a later change would be lost').waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Undo the run' }).isDisabled(), true);
    await saveScreenshot(page, 'undo-run-refused-en');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    const after = await server.api('GET', `/items/${item.id}`);
    assert.equal(after.fields.region, 'South');
    const [run] = (await server.api('GET', `/runs?itemId=${item.id}`)).data;
    assert.equal(run.undoneAt, null);
  });
});
