import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { column, type Fixture, openEditor, robotOrder, setUp } from '../support/automation-editor.ts';
import { checkAccessibility, NO_BROWSER, pressUntilSpoken, saveScreenshot } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';

/**
 * The automation editor in real Chromium against the real server: a pipeline's stages as columns
 * with their guards, triggers and robots; disabling a robot, reordering robots with the keyboard,
 * copying one to another stage and deleting one after confirming; a viewer who can only look;
 * the same screen in Russian and on a phone.
 */

describe('the automation editor', { skip: NO_BROWSER }, () => {
  const ui = browserSuite();
  let fixture: Fixture;

  before(async () => {
    fixture = await setUp(ui.server);
  });

  const open = (email: string, options: { locale?: 'en' | 'ru'; viewport?: 'desktop' | 'phone' } = {}) =>
    openEditor(ui.browser, ui.server, fixture, email, options);

  test('an admin sees the stages as columns, disables a robot, reorders by keyboard, copies and deletes with confirmation', async () => {
    const { stages, robots } = fixture;
    const page = await open(fixture.admin);
    const fresh = column(page, 'New');
    await fresh.getByRole('article', { name: 'Welcome call' }).waitFor();
    await fresh
      .getByRole('article', { name: 'Remind the supervisor' })
      .getByText('If item.amount > 1000')
      .waitFor();
    const proposal = column(page, 'Proposal sent');
    await proposal
      .getByRole('article', { name: 'Long call' })
      .getByText('event.data.durationSeconds ≥ 60')
      .waitFor();
    await column(page, 'Won').getByText('Only a fully paid deal is won').waitFor();
    assert.deepEqual(await robotOrder(page, stages.new), ['Welcome call', 'Remind the supervisor']);
    await page.getByRole('link', { name: 'Automation' }).waitFor();
    assert.deepEqual(await checkAccessibility(page), []);
    await saveScreenshot(page, 'automation-editor-desktop-en');

    await page.getByRole('button', { name: 'Actions for “Welcome call”' }).click();
    await page.getByRole('menuitem', { name: 'Disable' }).click();
    await fresh.getByRole('article', { name: 'Welcome call' }).getByText('Disabled').waitFor();
    assert.equal((await ui.server.api('GET', `/robots/${robots.welcome}`)).enabled, false);

    await page.getByRole('button', { name: 'Move “Remind the supervisor”' }).focus();
    await page.keyboard.press('Space');
    // Lifted: the live region speaks of the robot (picked up, then over its own place).
    await page
      .getByRole('status')
      .filter({ hasText: '“Remind the supervisor”' })
      .waitFor({ state: 'attached' });
    await pressUntilSpoken(page, 'ArrowUp', '“Remind the supervisor” is at position 1.');
    const patched = page.waitForResponse(
      (response) =>
        response.url().endsWith(`/robots/${robots.remind}`) && response.request().method() === 'PATCH',
    );
    await page.keyboard.press('Space');
    assert.equal((await patched).status(), 200);
    await page.reload();
    await page.locator(`[data-robot-id="${robots.welcome}"]`).waitFor();
    assert.deepEqual(await robotOrder(page, stages.new), ['Remind the supervisor', 'Welcome call']);

    const copyTo = async (stage: string) => {
      await page.getByRole('button', { name: 'Actions for “Welcome call”' }).first().click();
      await page.getByRole('menuitem', { name: 'Copy to another stage…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Copy “Welcome call” to another stage' });
      await dialog.getByLabel('Stage').selectOption({ label: stage });
      await dialog.getByRole('button', { name: 'Copy' }).click();
      await dialog.waitFor({ state: 'detached' });
    };
    await copyTo('Proposal sent');
    await proposal.getByRole('article', { name: 'Welcome call' }).waitFor();
    await copyTo('New');
    await fresh.getByRole('article', { name: 'Welcome call (copy)' }).waitFor();

    await page.getByRole('button', { name: 'Actions for “Welcome call (copy)”' }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Delete robot “Welcome call (copy)”?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await fresh.getByRole('article', { name: 'Welcome call (copy)' }).waitFor();
    await page.getByRole('button', { name: 'Actions for “Welcome call (copy)”' }).click();
    await page.getByRole('menuitem', { name: 'Delete…' }).click();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    // While the confirmation is open the page behind it is hidden from the accessibility tree.
    await confirm.waitFor({ state: 'detached' });
    await fresh.getByRole('article', { name: 'Welcome call (copy)' }).waitFor({ state: 'detached' });
    const left = await ui.server.api('GET', `/robots?stageId=${stages.new}`);
    assert.deepEqual(left.data.map((robot: { name: string }) => robot.name).sort(), [
      'Remind the supervisor',
      'Welcome call',
    ]);
    await page.context().close();
  });

  test('a viewer looks without changing; the editor reads in Russian and on a phone', async () => {
    const viewer = await open(fixture.viewer);
    await viewer.getByText('Read only: only an administrator changes automation.').waitFor();
    assert.equal(await viewer.getByRole('button', { name: /^Add robot/ }).count(), 0);
    assert.equal(await viewer.getByRole('button', { name: /^Move “/ }).count(), 0);
    assert.equal(await viewer.getByRole('button', { name: 'Import' }).count(), 0);
    await viewer.context().close();

    const russian = await open(fixture.admin, { locale: 'ru' });
    await column(russian, 'New').getByRole('button', { name: 'Добавить робота в «New»' }).waitFor();
    assert.deepEqual(await checkAccessibility(russian), []);
    await saveScreenshot(russian, 'automation-editor-desktop-ru');
    await russian.context().close();

    const phone = await open(fixture.admin, { viewport: 'phone' });
    const width = Number(await phone.evaluate('document.documentElement.scrollWidth'));
    assert.ok(width <= 390, `the page fits the phone's width (${width}px)`);
    await saveScreenshot(phone, 'automation-editor-phone-en');
    await phone.context().close();
  });
  test('an admin renames a stage, moves it, adds one at the end, and sees why a file is not imported', async () => {
    const { stages } = fixture;
    const page = await open(fixture.admin);
    await page.getByRole('button', { name: 'Settings of “Lost”' }).click();
    const lost = page.getByRole('dialog', { name: 'Stage “Lost”' });
    await lost.getByLabel('Name').fill('Lost for good');
    await lost.getByRole('button', { name: 'Save' }).click();
    await lost.waitFor({ state: 'detached' });
    await column(page, 'Lost for good').waitFor();

    await page.getByRole('button', { name: 'Settings of “Proposal sent”' }).click();
    const proposal = page.getByRole('dialog', { name: 'Stage “Proposal sent”' });
    await proposal.getByText('Position 2 of 4').waitFor();
    await proposal.getByRole('button', { name: 'Move right' }).click();
    await proposal.getByText('Position 3 of 4').waitFor();
    await proposal.getByRole('button', { name: 'Cancel' }).click();
    const order = async () =>
      (await ui.server.api('GET', `/pipelines/${fixture.pipelineId}`)).stages.map(
        (stage: { id: string }) => stage.id,
      );
    assert.deepEqual(await order(), [stages.new, stages.won, stages.proposal, stages.lost]);

    await page.getByLabel('New stage').fill('Negotiation');
    await page.getByRole('button', { name: 'Add stage' }).click();
    await column(page, 'Negotiation').waitFor();
    const names = await page.locator('section[data-stage-id] h2').allInnerTexts();
    assert.deepEqual(names, ['New', 'Won', 'Proposal sent', 'Lost for good', 'Negotiation']);

    await page.getByLabel('Automation file to import').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{ not json'),
    });
    await page.getByRole('alert').getByText('broken.json is not a JSON document.').waitFor();
    await page.context().close();
  });
});
