import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { checkAccessibility, NO_BROWSER, saveScreenshot } from '../support/browser.ts';
import { browserSuite, createUserWithPassword } from '../support/browser-suite.ts';
import { LONG } from '../support/e2e.ts';

/**
 * "The supervisor has 8 working hours to approve", built in the robot form in real Chromium: the
 * form, generated from the catalogue's schema, offers counting the deadline in working time under
 * a label of its own, in English and in Russian, and the robot saved has it.
 */

const PASSWORD = 'approval-working-time-1';

describe('the robot form asks for approval within working hours', {
  skip: NO_BROWSER,
  timeout: 10 * LONG,
}, () => {
  const ui = browserSuite();
  let pipelineId: string;
  let stageId: string;

  before(async () => {
    await createUserWithPassword(
      ui.server,
      { name: 'Anna Admin', email: 'anna@approval-time.example', role: 'admin' },
      PASSWORD,
    );
    const pipeline = await ui.server.api('POST', '/pipelines', {
      name: 'Discounts',
      entityType: 'deal',
      stages: [{ name: 'New' }, { name: 'Approval' }],
    });
    pipelineId = pipeline.id;
    stageId = pipeline.stages[1].id;
  });

  test('the param has its label in English, and in Russian it is checked and saved', async () => {
    const en = await ui.signIn('anna@approval-time.example', PASSWORD);
    await en.goto(`${ui.server.baseUrl}/automation/${pipelineId}`);
    await en.getByRole('button', { name: 'Add robot to “Approval”' }).click();
    const enDialog = en.getByRole('dialog', { name: 'New robot' });
    await enDialog.getByLabel('Action').selectOption({ label: 'Request approval' });
    await enDialog.getByRole('checkbox', { name: 'Count the deadline in working time' }).waitFor();
    await enDialog.getByRole('spinbutton', { name: 'Deadline, minutes' }).waitFor();
    await en.context().close();

    const page = await ui.signIn('anna@approval-time.example', PASSWORD, { locale: 'ru' });
    await page.goto(`${ui.server.baseUrl}/automation/${pipelineId}`);
    await page.getByRole('button', { name: 'Добавить робота в «Approval»' }).click();
    const dialog = page.getByRole('dialog', { name: 'Новый робот' });
    await dialog.getByLabel('Название').first().fill('Согласовать за 8 рабочих часов');
    await dialog.getByLabel('Действие').selectOption({ label: 'Запросить согласование' });
    await dialog.getByRole('textbox', { name: 'Заголовок' }).fill('Скидка для {{ item.title }}');
    await dialog.getByRole('spinbutton', { name: 'Срок, минуты' }).fill('480');
    await dialog.getByRole('checkbox', { name: 'Считать срок в рабочем времени' }).check();
    assert.deepEqual(await checkAccessibility(page), []);
    await saveScreenshot(page, 'robot-form-approval-working-time-ru');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.waitFor({ state: 'detached' });
    const robots = (await ui.server.api('GET', '/robots')).data as {
      name: string;
      stageId: string;
      action: { type: string; params: Record<string, unknown> };
    }[];
    const saved = robots.find((robot) => robot.name === 'Согласовать за 8 рабочих часов');
    assert.equal(saved?.stageId, stageId);
    assert.equal(saved?.action.type, 'request_approval');
    assert.equal(saved?.action.params['deadlineMinutes'], 480);
    assert.equal(saved?.action.params['deadlineInWorkingTime'], true);
    await page.context().close();
  });
});
