import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { checkAccessibility, NO_BROWSER, saveScreenshot } from '../support/browser.ts';
import { browserSuite, createUserWithPassword } from '../support/browser-suite.ts';
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
  const ui = browserSuite();
  let pipeline: Json;

  before(async () => {
    await createUserWithPassword(
      ui.server,
      {
        name: 'Anna Petrova',
        email: 'anna@shop.example',
        role: 'manager',
        timeZone: 'Europe/Moscow',
      },
      PASSWORD,
    );
    pipeline = await ui.server.api('POST', '/pipelines', {
      name: 'Deals',
      entityType: 'deal',
      stages: [{ name: 'New' }, { name: 'Qualified' }],
    });
    await ui.server.api('POST', '/robots', {
      name: 'Region',
      stageId: pipeline.stages[0].id,
      action: { type: 'update_fields', params: { set: { 'fields.region': 'North' } } },
    });
  });

  /** A deal the robot has set the region on (it runs in the background). */
  async function dealWithRegion(title: string): Promise<Json> {
    const item = await ui.server.api('POST', '/items', { pipelineId: pipeline.id, title });
    await eventually('the robot run', async () => {
      const runs = await ui.server.api('GET', `/runs?itemId=${item.id}&status=succeeded`);
      return runs.data.length === 1;
    });
    return item;
  }

  async function openJournal(itemId: string): Promise<Page> {
    const page = await ui.signIn('anna@shop.example', PASSWORD, {
      locale: 'en',
      timezoneId: 'Europe/Moscow',
    });
    await page.goto(`${ui.server.baseUrl}/items/${itemId}`);
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

    const after = await ui.server.api('GET', `/items/${item.id}`);
    assert.equal(Object.hasOwn(after.fields, 'region'), false);
  });

  test('a region changed by hand since refuses the undo, and nothing changes', async () => {
    const item = await dealWithRegion('Vega JSC');
    await ui.server.api('PATCH', `/items/${item.id}`, { fields: { region: 'South' } });
    const page = await openJournal(item.id);
    await page.getByRole('button', { name: 'Undo the run of Region' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Undo the run of “Region”?' });
    await dialog.getByText('Blocks the undo:').waitFor();
    await dialog.getByText('it is "South" now, the run set "North"', { exact: false }).waitFor();
    await dialog.getByText('a later change would be lost').waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'Undo the run' }).isDisabled(), true);
    await saveScreenshot(page, 'undo-run-refused-en');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    const after = await ui.server.api('GET', `/items/${item.id}`);
    assert.equal(after.fields.region, 'South');
    const [run] = (await ui.server.api('GET', `/runs?itemId=${item.id}`)).data;
    assert.equal(run.undoneAt, null);
  });
});
