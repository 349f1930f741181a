import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { checkAccessibility, NO_BROWSER, saveScreenshot } from '../support/browser.ts';
import { browserSuite, createUserWithPassword } from '../support/browser-suite.ts';
import { LONG } from '../support/e2e.ts';
import { eventually } from '../support/harness.ts';

/**
 * Bitrix24's "change stage as user", set up in the automation editor: an administrator makes the
 * robot that moves qualified deals on act as Anna Petrova. A deal moved by hand into "Qualified"
 * is moved on by the robot; its history says Anna Petrova moved it, the journal says the robot
 * did so acting as her, and the task the next stage's robot sets in her name says she created it,
 * on the item card and on the tasks page.
 */

const PASSWORD = 'act as scenario password';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
type Json = Record<string, any>;

describe('a robot acting as a user, in the web UI', { skip: NO_BROWSER, timeout: 6 * LONG }, () => {
  const ui = browserSuite();
  let pipeline: Json;
  let anna: Json;
  let mover: Json;

  before(async () => {
    const olga = await createUserWithPassword(
      ui.server,
      {
        name: 'Olga Smirnova',
        email: 'olga@deals.example',
        role: 'admin',
      },
      PASSWORD,
    );
    anna = await ui.server.api('POST', '/users', {
      name: 'Anna Petrova',
      email: 'anna@deals.example',
      role: 'manager',
    });
    pipeline = await ui.server.api('POST', '/pipelines', {
      name: 'Deals',
      entityType: 'deal',
      stages: [{ name: 'New' }, { name: 'Qualified' }, { name: 'Proposal' }],
    });
    const [, qualified, proposal] = pipeline.stages.map((stage: Json) => stage.id);
    mover = await ui.server.api('POST', '/robots', {
      name: 'On to proposal',
      stageId: qualified,
      action: { type: 'move_to_stage', params: { stageId: proposal } },
    });
    await ui.server.api('POST', '/robots', {
      name: 'Call task',
      stageId: proposal,
      actAs: { userId: anna.id },
      action: { type: 'create_task', params: { title: 'Send the proposal to {{ item.title }}' } },
    });
    await ui.server.api('POST', '/items', {
      pipelineId: pipeline.id,
      title: 'Orbita LLC',
      responsibleId: olga.id,
    });
  });

  test('the robot set to act as Anna Petrova in the editor moves the deal on in her name', async () => {
    const page = await ui.signIn('olga@deals.example', PASSWORD, { locale: 'en' });
    await page.goto(`${ui.server.baseUrl}/automation/${pipeline.id}`);
    await page.getByRole('button', { name: 'Actions for “On to proposal”' }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit robot “On to proposal”' });
    await dialog.getByLabel('Act as').selectOption({ label: 'Anna Petrova' });
    await saveScreenshot(page, 'act-as-robot-form-en');
    // Test mode acts as the person the real run would: the report names her.
    const picker = dialog.getByRole('combobox', { name: 'Sample item' });
    await picker.fill('Orbit');
    await dialog.getByRole('option', { name: /^Orbita LLC/ }).click();
    await dialog.getByRole('button', { name: 'Try on this item' }).click();
    const report = dialog.getByRole('region', { name: 'Try' });
    await report.getByText('Acting as').waitFor();
    await report.getByText('Anna Petrova', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    assert.deepEqual((await ui.server.api('GET', `/robots/${mover.id}`)).actAs, { userId: anna.id });

    const [item] = (await ui.server.api('GET', `/items?pipelineId=${pipeline.id}`)).data;
    await page.goto(`${ui.server.baseUrl}/items/${item.id}`);
    await page.getByRole('button', { name: 'Stage: New. Move to another stage' }).click();
    await page.getByRole('menuitem', { name: 'Qualified' }).click();
    await eventually('the robot to move the deal on', async () => {
      const [task] = (await ui.server.api('GET', `/tasks?itemId=${item.id}`)).data;
      return task !== undefined;
    });
    await page.reload();

    // The journal names the rule and whom it acted as.
    await page
      .getByText('Moved from Qualified to Proposal by robot “On to proposal” acting as Anna Petrova')
      .waitFor();
    await page.getByText('Moved from New to Qualified by Olga Smirnova').waitFor();
    await saveScreenshot(page, 'act-as-journal-en');

    // The history is Anna Petrova's: she moved the deal to Proposal.
    await page.getByRole('tab', { name: 'Timeline' }).click();
    const entry = (text: string) => page.locator('.timeline-entry').filter({ hasText: text });
    await entry('Moved from Qualified to Proposal').getByText('by Anna Petrova').waitFor();
    await entry('Moved from New to Qualified').getByText('by Olga Smirnova').waitFor();
    await saveScreenshot(page, 'act-as-timeline-en');
    assert.deepEqual(await checkAccessibility(page), []);

    // The task the next robot set in her name says so on the card and on the tasks page.
    await page.getByRole('tab', { name: 'Tasks and activities' }).click();
    const tasks = page.getByRole('region', { name: 'Tasks' });
    await tasks.getByText('Send the proposal to Orbita LLC').waitFor();
    await tasks.getByText('created by Anna Petrova').waitFor();
    await page.goto(`${ui.server.baseUrl}/tasks`);
    const row = page.getByRole('listitem').filter({ hasText: 'Send the proposal to Orbita LLC' });
    await row.getByText('Created by Anna Petrova').waitFor();
    await row.getByText('Set by a robot').waitFor();
    await saveScreenshot(page, 'act-as-tasks-en');
    assert.deepEqual(await checkAccessibility(page), []);

    const moved = await ui.server.api('GET', `/items/${item.id}/timeline?limit=50`);
    const byRobot = moved.data.find(
      (each: Json) => each.kind === 'stage_changed' && each.data.toStageId === pipeline.stages[2].id,
    );
    assert.deepEqual([byRobot.authorType, byRobot.authorId], ['user', anna.id]);
    await page.context().close();

    const russian = await ui.signIn('olga@deals.example', PASSWORD, { locale: 'ru' });
    await russian.goto(`${ui.server.baseUrl}/items/${item.id}`);
    await russian.getByText('роботом «On to proposal» от имени Anna Petrova', { exact: false }).waitFor();
    await russian.getByRole('tab', { name: 'Задачи и дела' }).click();
    await russian.getByText('создал(а): Anna Petrova').waitFor();
    await saveScreenshot(russian, 'act-as-work-ru');
    await russian.context().close();
  });
});
