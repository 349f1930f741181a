import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { checkAccessibility, NO_BROWSER, saveScreenshot } from '../support/browser.ts';
import { browserSuite, createUserWithPassword } from '../support/browser-suite.ts';
import { LONG } from '../support/e2e.ts';

/**
 * "Remind an hour before the meeting" built in the robot form in real Chromium: the date field
 * list offers the item's next activity, a kind of activity narrows it, the sentence says it, and
 * the robot saved has that timing; the same form reads in Russian.
 */

const PASSWORD = 'work-timing-password-1';

describe('the robot form times a robot before a meeting', { skip: NO_BROWSER, timeout: 10 * LONG }, () => {
  const ui = browserSuite();
  let pipelineId: string;
  let meetingStage: string;

  before(async () => {
    await createUserWithPassword(
      ui.server,
      {
        name: 'Anna Admin',
        email: 'anna@timing.example',
        role: 'admin',
      },
      PASSWORD,
    );
    const pipeline = await ui.server.api('POST', '/pipelines', {
      name: 'Showroom',
      entityType: 'deal',
      stages: [{ name: 'New' }, { name: 'Meeting set' }],
    });
    pipelineId = pipeline.id;
    meetingStage = pipeline.stages[1].id;
  });

  test('an admin picks the next meeting as the date, an hour before, and saves it', async () => {
    const page = await ui.signIn('anna@timing.example', PASSWORD);
    await page.goto(`${ui.server.baseUrl}/automation/${pipelineId}`);
    await page.getByRole('button', { name: 'Add robot to “Meeting set”' }).click();
    const dialog = page.getByRole('dialog', { name: 'New robot' });
    await dialog.getByLabel('Name').fill('Remind before the meeting');
    await dialog.getByLabel('Action').selectOption({ label: 'Notify' });
    await dialog.getByRole('textbox', { name: 'Title' }).fill('Meeting in an hour: {{ item.title }}');
    await dialog.getByRole('radio', { name: 'At a date' }).check();
    await dialog.getByLabel('Date field').selectOption({ label: 'Start of the next planned activity' });
    await dialog.getByLabel('Kind of activity').selectOption({ label: 'Meeting' });
    const offset = dialog.getByRole('group', { name: 'Offset', exact: true });
    await offset.getByLabel('Amount').fill('1');
    await offset.getByLabel('Unit').selectOption('hours');
    await offset.getByLabel('Before or after').selectOption({ label: 'before' });
    await dialog
      .getByText("1 hour before the start of the item's next meeting, while the item is in “Meeting set”")
      .waitFor();
    // Timed against a meeting, the robot's texts may name it: the placeholder list offers it.
    const title = dialog.getByRole('textbox', { name: 'Title' });
    await title.fill('Meeting in an hour: ');
    await page.getByRole('button', { name: 'Insert a placeholder into Title' }).click();
    await page.getByLabel('Search facts').fill('subject of the activity');
    await page.getByRole('button', { name: /^activity\.subject/ }).click();
    assert.equal(await title.inputValue(), 'Meeting in an hour: {{ activity.subject }}');
    assert.deepEqual(await checkAccessibility(page), []);
    await saveScreenshot(page, 'robot-form-meeting-timing-en');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const robots = (await ui.server.api('GET', '/robots')).data as {
      name: string;
      timing: unknown;
      stageId: string;
    }[];
    const saved = robots.find((robot) => robot.name === 'Remind before the meeting');
    assert.equal(saved?.stageId, meetingStage);
    assert.equal(
      (saved as { action?: { params?: { title?: string } } } | undefined)?.action?.params?.title,
      'Meeting in an hour: {{ activity.subject }}',
    );
    assert.deepEqual(saved?.timing, {
      kind: 'at',
      field: 'activity.start',
      offset: '-PT1H',
      activityType: 'meeting',
    });
    await page.context().close();
  });

  test('in Russian the saved robot reads as an hour before the nearest meeting', async () => {
    const page = await ui.signIn('anna@timing.example', PASSWORD, { locale: 'ru' });
    await page.goto(`${ui.server.baseUrl}/automation/${pipelineId}`);
    await page
      .getByText('За 1 час до начала ближайшей встречи, пока элемент на стадии «Meeting set»')
      .first()
      .waitFor();
    await saveScreenshot(page, 'robot-card-meeting-timing-ru');
    await page.context().close();
  });
});
