import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { checkAccessibility, NO_BROWSER, saveScreenshot } from '../support/browser.ts';
import { browserSuite, createUserWithPassword } from '../support/browser-suite.ts';
import { LONG } from '../support/e2e.ts';

/**
 * A manager writes "ship only when at most 1000 is left to pay" in the condition builder: the
 * amount minus the paid sum, at most 1000. The guard saved from the form holds that JSON, reads
 * as a difference on its card, and refuses a move until a payment brings the rest under 1000.
 */

const PASSWORD = 'arithmetic scenario password';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
type Json = Record<string, any>;

describe('a difference built in the condition builder', { skip: NO_BROWSER, timeout: 6 * LONG }, () => {
  const ui = browserSuite();
  let pipeline: Json;

  before(async () => {
    await createUserWithPassword(
      ui.server,
      {
        name: 'Olga Smirnova',
        email: 'olga@shop.example',
        role: 'admin',
        timeZone: 'Europe/Moscow',
      },
      PASSWORD,
    );
    pipeline = await ui.server.api('POST', '/pipelines', {
      name: 'Orders',
      entityType: 'deal',
      stages: [{ name: 'Invoice' }, { name: 'Shipping' }],
    });
  });

  test('"minus another field" makes a guard on the rest to pay', async () => {
    const page = await ui.signIn('olga@shop.example', PASSWORD, {
      locale: 'en',
      timezoneId: 'Europe/Moscow',
    });
    await page.goto(`${ui.server.baseUrl}/automation/${pipeline.id}`);
    await page.getByRole('region', { name: 'Shipping', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Add guard to “Shipping”' }).click();
    const dialog = page.getByRole('dialog', { name: 'New guard' });
    await dialog.getByLabel('Name').fill('At most 1000 left to pay');
    await dialog.getByLabel('Message when refused').fill('More than 1000 is still unpaid');
    await dialog.getByRole('button', { name: 'Add a comparison' }).click();
    const comparison = dialog.getByRole('group', { name: 'Comparison' });
    await comparison.getByLabel('Field', { exact: true }).selectOption('item.amount');
    await comparison.getByLabel('Operator', { exact: true }).selectOption('lte');
    await comparison.getByLabel('Add or subtract a field').selectOption('minus');
    await comparison.getByLabel('Field to subtract').selectOption('item.paidAmount');
    await comparison.getByLabel('Value', { exact: true }).fill('1000');
    await dialog.getByRole('button', { name: 'Show JSON' }).click();
    await dialog.getByText('"minus": "item.paidAmount"').waitFor();
    await saveScreenshot(page, 'automation-condition-arithmetic-en');
    assert.deepEqual(await checkAccessibility(page), []);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('At most 1000 left to pay').first().waitFor();

    const guards = (await ui.server.api('GET', `/guards?pipelineId=${pipeline.id}`)).data as Json[];
    assert.deepEqual(guards[0]?.['condition'], {
      all: [{ field: 'item.amount', minus: 'item.paidAmount', op: 'lte', value: 1000 }],
    });
    const shipping = pipeline.stages.find((stage: Json) => stage.name === 'Shipping').id;
    const item = await ui.server.api('POST', '/items', {
      pipelineId: pipeline.id,
      title: 'Desk',
      amount: '5000.00',
      currency: 'EUR',
    });
    await ui.server.api('POST', '/payments', { itemId: item.id, amount: '3999.99' });
    const refused = await fetch(`${ui.server.baseUrl}/api/v1/items/${item.id}/move`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ui.server.token}` },
      body: JSON.stringify({ stageId: shipping }),
    });
    assert.equal(refused.status, 409);
    await ui.server.api('POST', '/payments', { itemId: item.id, amount: '0.01' });
    const moved = await ui.server.api('POST', `/items/${item.id}/move`, { stageId: shipping });
    assert.equal(moved.stageId, shipping);
  });
});
