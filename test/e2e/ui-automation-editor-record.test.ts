import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, test } from 'node:test';
import {
  column,
  type Fixture,
  makeRecord,
  openEditor,
  type RecordItems,
  robotOrder,
  setUp,
} from '../support/automation-editor.ts';
import { NO_BROWSER, pressUntilSpoken, saveScreenshot } from '../support/browser.ts';
import { browserSuite } from '../support/browser-suite.ts';

/**
 * The automation editor's views of what the rest of the server knows, against the real server on
 * the test clock: each rule's 30-day record and journal after deals entered, moved, were skipped
 * and failed; a robot's history and the restore of its first version; the export document and
 * the problems of an import the server refuses; and a reorder refused because someone else
 * changed the robot meanwhile.
 */

describe("the automation editor's record, history, export and import", { skip: NO_BROWSER }, () => {
  const ui = browserSuite();
  let fixture: Fixture;
  let items: RecordItems;

  before(async () => {
    fixture = await setUp(ui.server);
    items = await makeRecord(ui.server, fixture);
  });

  test("each rule's record and journal, a robot's history with restore, export, an import's problems and a stale reorder", async () => {
    const { robots } = fixture;
    const page = await openEditor(ui.browser, ui.server, fixture, fixture.admin);
    const card = page.getByRole('article', { name: 'Remind the supervisor' });
    // Alpha was notified and Charlie failed (both fired), Bravo skipped, Delta moved on first.
    await card.getByText('2 fired').waitFor();
    await card.getByText('1 skipped').waitFor();
    await card.getByText('1 cancelled').waitFor();
    assert.equal(await card.locator('.rule-record-failed').innerText(), '1 failed');
    assert.equal(await card.getByText('not matched').count(), 0, 'counts that are zero are left out');
    const longCall = page.getByRole('article', { name: 'Long call' });
    await longCall.getByText('1 not matched').waitFor();
    await longCall.getByText('0 fired').waitFor();
    await page.getByRole('article', { name: 'Proposal opened' }).getByText('1 fired').waitFor();

    await page.getByRole('button', { name: 'Actions for “Remind the supervisor”' }).click();
    await page.getByRole('menuitem', { name: 'Record' }).click();
    const record = page.getByRole('dialog', { name: 'Record of “Remind the supervisor”' });
    const failed = record.getByRole('listitem').filter({ hasText: 'unknown time zone "Moscow"' });
    await failed.getByRole('link', { name: 'Charlie' }).waitFor();
    await record
      .getByRole('listitem')
      .filter({ hasText: 'item.amount (500) is not greater than 1000' })
      .getByRole('link', { name: 'Bravo' })
      .waitFor();
    assert.equal(await record.getByRole('listitem').count(), 4, 'one run per deal that entered New');
    await record.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'Actions for “Proposal opened”' }).click();
    await page.getByRole('menuitem', { name: 'Record' }).click();
    const journal = page.getByRole('dialog', { name: 'Record of “Proposal opened”' });
    const matched = journal
      .getByRole('listitem')
      .filter({ hasText: 'Trigger “Proposal opened” fired: move to Proposal sent' });
    await matched.getByText('Matched', { exact: true }).waitFor();
    await matched.getByRole('link', { name: 'Delta' }).waitFor();
    assert.equal(
      await matched.getByRole('link', { name: 'Delta' }).getAttribute('href'),
      `/items/${items.delta}`,
    );
    await journal.getByRole('listitem').filter({ hasText: 'Cancelled' }).waitFor();
    await journal.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'Actions for “Remind the supervisor”' }).click();
    await page.getByRole('menuitem', { name: 'History' }).click();
    const history = page.getByRole('dialog', { name: 'History of “Remind the supervisor”' });
    const newest = history.getByRole('listitem').first();
    await newest.getByText('Remind the supervisor').waitFor();
    assert.match(
      await newest.innerText(),
      /timing\s+\{"kind":"after","duration":"P1D"\}\s+→\s+changed to\s+\{"kind":"after","duration":"P2D"\}/,
    );
    await saveScreenshot(page, 'automation-editor-history-en');
    await history.getByRole('button', { name: 'Restore' }).nth(1).click();
    const confirm = page.getByRole('alertdialog', { name: 'Restore “Remind the supervisor”?' });
    await confirm.getByText(/version 1/).waitFor();
    await confirm.getByRole('button', { name: 'Restore' }).click();
    await history.waitFor({ state: 'detached' });
    await column(page, 'New').getByRole('article', { name: 'Remind', exact: true }).waitFor();
    const restored = await ui.server.api('GET', `/robots/${robots.remind}`);
    assert.equal(restored.name, 'Remind');
    assert.deepEqual(restored.timing, { kind: 'after', duration: 'P1D' });
    const revisions = await ui.server.api('GET', `/revisions?ruleKind=robot&ruleId=${robots.remind}`);
    assert.equal(revisions.data[0].change, 'restored');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    assert.equal((await download).suggestedFilename(), 'wholesale-automation.json');
    const exported = JSON.parse(await readFile(await (await download).path(), 'utf8'));
    assert.equal(exported.pipeline.name, 'Wholesale');
    assert.deepEqual(
      exported.robots.map((robot: { name: string }) => robot.name),
      ['Welcome call', 'Remind'],
    );

    // The exported file, edited by hand into two mistakes the server finds only as a whole.
    exported.triggers[0].stageKey = 'nowhere';
    exported.robots[1].action.type = 'no_such_action';
    const pipelinesBefore = (await ui.server.api('GET', '/pipelines?limit=200')).data.length;
    await page.getByLabel('Automation file to import').setInputFiles({
      name: 'wholesale-automation.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(exported)),
    });
    const problem = page.getByRole('alert').filter({ hasText: 'Not imported' });
    // Each problem at the place in the file it points to.
    const problems = problem.getByRole('listitem');
    await problems
      .filter({ hasText: 'no stage has the key "nowhere"' })
      .getByText('/body/triggers/0/stageKey', { exact: true })
      .waitFor();
    await problems
      .filter({ hasText: 'unknown action type "no_such_action"' })
      .getByText('/body/robots/1/action/type', { exact: true })
      .waitFor();
    assert.equal(await problems.count(), 2);
    assert.equal((await ui.server.api('GET', '/pipelines?limit=200')).data.length, pipelinesBefore);

    // Someone else changes the reminder after this page read it: the page's reorder carries the
    // old version, the server refuses it, and the robots go back with the reason shown.
    const before = await robotOrder(page, fixture.stages.new);
    assert.deepEqual(before, ['Welcome call', 'Remind']);
    // The live stream is up, so the rules this page read are not read again when it starts.
    await page.getByText('Live updates on').waitFor({ state: 'attached' });
    await ui.server.api('PATCH', `/robots/${robots.remind}`, {
      version: restored.version,
      repeat: 'once-per-item',
    });
    await column(page, 'New').getByRole('button', { name: 'Move “Remind”' }).focus();
    await page.keyboard.press('Space');
    await page.getByText('“Remind” is at position 2.').waitFor({ state: 'attached' });
    await pressUntilSpoken(page, 'ArrowUp', '“Remind” is at position 1.');
    await page.keyboard.press('Space');
    await page.getByRole('alert').getByText('Someone else changed this rule meanwhile').waitFor();
    assert.deepEqual(await robotOrder(page, fixture.stages.new), before);
    await column(page, 'New')
      .getByRole('article', { name: 'Remind', exact: true })
      .getByText('Once per item')
      .waitFor();
    await page.context().close();
  });
});
