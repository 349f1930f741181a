import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  checkAccessibility,
  NO_BROWSER,
  saveScreenshot,
  startUiServer,
  type UiServer,
} from '../support/browser.ts';
import { browserSuite, createUserWithPassword, signedInPage } from '../support/browser-suite.ts';
import { LONG } from '../support/e2e.ts';
import { eventually } from '../support/harness.ts';

/**
 * The seeds' "notify the supervisor if the deal is not moved in 2 days", set up by an
 * administrator in the automation editor in real Chromium against the real server: the robot with
 * a condition and a templated text, tried on a real item, saved, applied to the deals already in
 * the stage after a preview, and two days later on the test clock the supervisor is notified. A
 * trigger's filter the server refuses shows its error at the field; the automation exported here
 * and imported into an empty workspace runs the same way there; an earlier robot is restored.
 */

const PASSWORD = 'automation scenario password';
const ROBOT = 'Notify the supervisor';
const TITLE = '{{ item.title }} has waited 2 days in {{ stage.name }}';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
type Json = Record<string, any>;

interface Workspace {
  readonly server: UiServer;
  readonly pipelineId: string;
  readonly stages: Record<string, string>;
  readonly manager: Json;
}

/** People the document names travel by email: each workspace has its own Olga and Dmitry. */
async function people(server: UiServer): Promise<{ manager: Json }> {
  const supervisor = await createUserWithPassword(
    server,
    {
      name: 'Olga Smirnova',
      email: 'olga@wholesale.example',
      role: 'admin',
      timeZone: 'Europe/Moscow',
    },
    PASSWORD,
  );
  const manager = await server.api('POST', '/users', {
    name: 'Dmitry Volkov',
    email: 'dmitry@wholesale.example',
    role: 'manager',
    supervisorId: supervisor.id,
    timeZone: 'Europe/Moscow',
  });
  return { manager };
}

async function deal(space: Workspace, title: string, amount: string): Promise<Json> {
  return space.server.api('POST', '/items', {
    pipelineId: space.pipelineId,
    stageId: space.stages['Proposal sent'],
    title,
    amount,
    currency: 'RUB',
    responsibleId: space.manager['id'],
  });
}

const stageIds = (pipeline: Json): Record<string, string> =>
  Object.fromEntries(pipeline.stages.map((stage: Json) => [stage.name, stage.id]));

async function openEditor(browser: Browser, space: Workspace, locale: 'en' | 'ru' = 'en'): Promise<Page> {
  const page = await signedInPage(browser, space.server, 'olga@wholesale.example', PASSWORD, {
    locale,
    timezoneId: 'Europe/Moscow',
  });
  await page.goto(`${space.server.baseUrl}/automation/${space.pipelineId}`);
  await page.getByRole('region', { name: 'Proposal sent', exact: true }).waitFor();
  return page;
}

/** Picks a sample item in the dialog's Try section by typing part of its title. */
async function pickItem(dialog: Locator, label: string, title: string): Promise<void> {
  const picker = dialog.getByRole('combobox', { name: label });
  await picker.fill(title.slice(0, 5));
  await dialog.getByRole('option', { name: new RegExp(`^${title}`) }).click();
}

async function notificationsOf(server: UiServer, userEmail: string): Promise<string[]> {
  const users = (await server.api('GET', '/users?limit=200')).data as Json[];
  const user = users.find((candidate) => candidate['email'] === userEmail);
  const page = await server.api('GET', `/notifications?userId=${user?.['id']}&limit=200`);
  return (page.data as Json[]).map((notification) => notification['title'] as string);
}

describe('the automation editor, end to end', { skip: NO_BROWSER, timeout: 10 * LONG }, () => {
  const ui = browserSuite();
  let space: Workspace;

  before(async () => {
    const { manager } = await people(ui.server);
    const pipeline = await ui.server.api('POST', '/pipelines', {
      name: 'Wholesale',
      entityType: 'deal',
      stages: [
        { name: 'New' },
        { name: 'Proposal sent', color: '#8b5cf6' },
        { name: 'Negotiation' },
        { name: 'Won', semantics: 'won' },
        { name: 'Lost', semantics: 'lost' },
      ],
    });
    space = { server: ui.server, pipelineId: pipeline.id, stages: stageIds(pipeline), manager };
    await deal(space, 'Sever Trade: 40 desks', '480000.00');
    await deal(space, 'Kvant: 2 lockers', '9500.00');
  });

  test('a robot built in the editor is tried on a deal, saved, applied to the deals in its stage, and notifies the supervisor two days later', async () => {
    const page = await openEditor(ui.browser, space);
    await page.getByRole('button', { name: 'Add robot to “Proposal sent”' }).click();
    const dialog = page.getByRole('dialog', { name: 'New robot' });
    await dialog.getByLabel('Name').fill(ROBOT);
    await dialog.getByLabel('Action').selectOption({ label: 'Notify' });
    await dialog.getByRole('combobox', { name: 'To 1' }).selectOption({ label: 'The supervisor' });
    await dialog.getByRole('textbox', { name: 'Title' }).fill(TITLE);
    await dialog.getByRole('textbox', { name: 'Text' }).fill('{{ item.amount | money: item.currency }}');
    await dialog.getByRole('radio', { name: 'After a delay' }).check();
    const delay = dialog.getByRole('group', { name: 'Delay', exact: true });
    await delay.getByLabel('Amount').fill('2');
    await delay.getByLabel('Unit').selectOption('days');
    await dialog.getByText('2 days after the item enters “Proposal sent”').waitFor();

    await dialog.getByRole('button', { name: 'Add a condition' }).click();
    const comparison = dialog.getByRole('group', { name: 'Comparison' });
    await comparison.getByLabel('Field', { exact: true }).selectOption('item.amount');
    await comparison.getByLabel('Operator', { exact: true }).selectOption('gte');
    await comparison.getByLabel('Value', { exact: true }).fill('100000');
    await dialog.getByRole('button', { name: 'Show JSON' }).click();
    await dialog.getByText('"op": "gte"').waitFor();
    await saveScreenshot(page, 'automation-robot-form-en');
    await dialog.getByRole('region', { name: 'If' }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'automation-condition-builder-en');

    // Test mode: the draft on a real deal, without any effect.
    await pickItem(dialog, 'Sample item', 'Sever Trade: 40 desks');
    await dialog.getByText('Sever Trade: 40 desks has waited 2 days in Proposal sent').first().waitFor();
    await dialog.getByRole('button', { name: 'Try on this item' }).click();
    const report = dialog.getByRole('region', { name: 'Try' });
    await report.getByText('nothing was changed, sent or planned').waitFor();
    await report
      .getByText('(in 2d)')
      .or(report.getByText(/in 2 ?d/))
      .first()
      .waitFor();
    await report.getByText('480 000.00 RUB').first().waitFor();
    await report.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'automation-test-mode-en');
    assert.deepEqual(await checkAccessibility(page), []);
    assert.deepEqual(await notificationsOf(space.server, 'olga@wholesale.example'), []);

    // Saved on a stage that holds deals: the backfill preview says which get a run.
    await dialog.getByRole('button', { name: 'Save' }).click();
    const backfill = page.getByRole('dialog', { name: `Apply “${ROBOT}” to items already in the stage` });
    await backfill.getByText('1 of 2 items will get a run').waitFor();
    await backfill
      .getByRole('row', { name: /Kvant: 2 lockers/ })
      .getByText('The condition does not hold now.')
      .waitFor();
    await saveScreenshot(page, 'automation-backfill-preview-en');
    assert.deepEqual(await checkAccessibility(page), []);
    await backfill.getByRole('button', { name: 'Apply to items' }).click();
    await backfill.getByText('A run was planned for 1 item.').waitFor();
    await backfill.getByRole('button', { name: 'Close' }).first().click();
    await page.getByRole('article', { name: ROBOT }).waitFor();
    await saveScreenshot(page, 'automation-editor-en');

    const planned = (await space.server.api('GET', `/runs?pipelineId=${space.pipelineId}`)).data as Json[];
    assert.deepEqual(
      planned.map((run) => [run['itemTitle'], run['status']]),
      [['Sever Trade: 40 desks', 'scheduled']],
    );
    await space.server.api('POST', '/clock/advance', { by: 'PT49H' });
    await eventually('the supervisor to be notified', async () =>
      (await notificationsOf(space.server, 'olga@wholesale.example')).includes(
        'Sever Trade: 40 desks has waited 2 days in Proposal sent',
      ),
    );
    await page.goto(`${space.server.baseUrl}/notifications`);
    await page.getByText('Sever Trade: 40 desks has waited 2 days in Proposal sent').waitFor();
    assert.equal(
      (await notificationsOf(space.server, 'olga@wholesale.example')).length,
      1,
      'the small deal fails the condition and gets no run',
    );
  });

  test("a trigger's filter from the event's schema that the server refuses shows the error at its field", async () => {
    const page = await openEditor(ui.browser, space);
    await page.getByRole('button', { name: 'Add trigger to “Negotiation”' }).click();
    const dialog = page.getByRole('dialog', { name: 'New trigger' });
    await dialog.getByLabel('Name').fill('The client answers about the order');
    await dialog.getByRole('combobox', { name: /^Event/ }).selectOption('email.received');
    const filter = dialog.getByRole('region', { name: 'Which events' });
    await filter.getByRole('button', { name: 'Add a condition' }).click();
    const comparison = filter.getByRole('group', { name: 'Comparison' });
    await comparison.getByLabel('Field', { exact: true }).selectOption('event.data.subject');
    await comparison.getByLabel('Operator', { exact: true }).selectOption('matches');
    // A backreference, which RE2 has no linear-time way to run. Only the server knows that; the
    // form sends it and shows the answer where it belongs.
    const pattern = comparison.getByLabel('Regular expression', { exact: true });
    await pattern.fill('^(a)\\1$');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('The rule was not saved: 1 field needs a fix.').waitFor();
    assert.equal(await pattern.getAttribute('aria-invalid'), 'true');
    const describedBy = (await pattern.getAttribute('aria-describedby')) ?? '';
    const description = await Promise.all(
      describedBy
        .split(' ')
        .filter((id) => id !== '')
        .map((id) => page.locator(`[id="${id}"]`).innerText()),
    );
    assert.match(description.join(' '), /backreferences \(\\1\) are not supported/);
    await saveScreenshot(page, 'automation-trigger-error-en');
    assert.equal((await space.server.api('GET', `/triggers?pipelineId=${space.pipelineId}`)).data.length, 0);
  });

  test('an earlier version of a robot is restored from its history', async () => {
    const page = await openEditor(ui.browser, space);
    await page.getByRole('button', { name: `Actions for “${ROBOT}”` }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: `Edit robot “${ROBOT}”` });
    await dialog.getByRole('textbox', { name: 'Title' }).fill('Call about {{ item.title }}');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('dialog', { name: /^Apply/ })
      .getByRole('button', { name: 'Cancel' })
      .click();
    const robots = async () => (await space.server.api('GET', `/robots?pipelineId=${space.pipelineId}`)).data;
    assert.equal((await robots())[0].action.params.title, 'Call about {{ item.title }}');

    await page.getByRole('button', { name: `Actions for “${ROBOT}”` }).click();
    await page.getByRole('menuitem', { name: 'History' }).click();
    const history = page.getByRole('dialog', { name: `History of “${ROBOT}”` });
    // Newest first: the second is the robot as it was created.
    await history.getByText('Created').waitFor();
    await history.getByRole('button', { name: 'Restore' }).nth(1).click();
    await page
      .getByRole('alertdialog', { name: `Restore “${ROBOT}”?` })
      .getByRole('button', { name: 'Restore' })
      .click();
    await eventually(
      'the earlier title to be back',
      async () => (await robots())[0].action.params.title === TITLE,
    );
  });

  test('the automation exported here and imported into an empty workspace runs the same way there', async () => {
    const page = await openEditor(ui.browser, space);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    const file = await (await download).path();
    const document = JSON.parse(await readFile(file, 'utf8'));
    assert.equal(document.format, 'stageflow.automation');

    const empty = await startUiServer();
    try {
      const { manager } = await people(empty);
      const elsewhere = await signedInPage(ui.browser, empty, 'olga@wholesale.example', PASSWORD);
      await elsewhere.goto(`${empty.baseUrl}/automation`);
      await elsewhere.getByLabel('Automation file to import').setInputFiles(file);
      await elsewhere.getByRole('article', { name: ROBOT }).waitFor();
      const pipelines = (await empty.api('GET', '/pipelines')).data as Json[];
      const imported = pipelines.find((pipeline) => pipeline['name'] === 'Wholesale');
      assert.ok(imported, 'the imported pipeline');
      const there: Workspace = {
        server: empty,
        pipelineId: imported['id'],
        stages: stageIds(imported),
        manager,
      };
      await deal(there, 'Orbita: 120 chairs', '150000.00');
      await deal(there, 'Kvant: 2 lockers', '9500.00');
      await empty.api('POST', '/clock/advance', { by: 'PT49H' });
      await eventually('the supervisor there to be notified', async () =>
        (await notificationsOf(empty, 'olga@wholesale.example')).includes(
          'Orbita: 120 chairs has waited 2 days in Proposal sent',
        ),
      );
      assert.equal((await notificationsOf(empty, 'olga@wholesale.example')).length, 1);
    } finally {
      await empty.stop();
    }
  });

  test('the editor, the robot form, the condition builder, test mode and the backfill preview in Russian', async () => {
    const page = await openEditor(ui.browser, space, 'ru');
    await page.getByRole('button', { name: `Действия с «${ROBOT}»` }).waitFor();
    await saveScreenshot(page, 'automation-editor-ru');
    await page.getByRole('button', { name: `Действия с «${ROBOT}»` }).click();
    await page.getByRole('menuitem', { name: 'Изменить' }).click();
    const dialog = page.getByRole('dialog', { name: `Изменить робота «${ROBOT}»` });
    await dialog.getByRole('region', { name: 'Что' }).waitFor();
    await saveScreenshot(page, 'automation-robot-form-ru');
    await dialog.getByRole('region', { name: 'Если' }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'automation-condition-builder-ru');
    await pickItem(dialog, 'Пример элемента', 'Sever Trade: 40 desks');
    await dialog.getByRole('button', { name: 'Проверить на этом элементе' }).click();
    await dialog.getByText('ничего не изменено').first().waitFor();
    await dialog.getByRole('region', { name: 'Проба' }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'automation-test-mode-ru');
    assert.deepEqual(await checkAccessibility(page), []);
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    const backfill = page.getByRole('dialog', {
      name: `Применить «${ROBOT}» к элементам, которые уже на стадии`,
    });
    await backfill.getByRole('table').waitFor();
    await saveScreenshot(page, 'automation-backfill-preview-ru');
    assert.deepEqual(await checkAccessibility(page), []);
  });

  test("reasons read in Russian in a rule's journal and in test mode, as in the item's journal", async () => {
    const { server } = space;
    await server.api('POST', '/triggers', {
      name: 'Missed call',
      stageId: space.stages['Proposal sent'],
      eventType: 'call.missed',
    });
    const items = (await server.api('GET', `/items?pipelineId=${space.pipelineId}&limit=200`)).data as Json[];
    const kvant = items.find((item) => item['title'] === 'Kvant: 2 lockers');
    await server.api('POST', '/events', {
      type: 'call.missed',
      subject: { itemId: kvant?.['id'] },
      data: { phone: '+79125550101' },
    });
    // A run of the robot cancelled because its deal left the stage before it was due.
    const left = await deal(space, 'Lotos: 3 chairs', '200000.00');
    await eventually(
      'the run to be planned',
      async () => ((await server.api('GET', `/runs?itemId=${left['id']}`)).data as Json[]).length === 1,
    );
    await server.api('POST', `/items/${left['id']}/move`, { stageId: space.stages['Negotiation'] });
    await eventually('the call to be journaled', async () =>
      ((await server.api('GET', `/items/${kvant?.['id']}/journal?limit=200`)).data as Json[]).some(
        (entry) => entry['kind'] === 'trigger_not_matched',
      ),
    );

    const page = await openEditor(ui.browser, space, 'ru');
    const record = async (name: string): Promise<Locator> => {
      await page.getByRole('button', { name: `Действия с «${name}»` }).click();
      await page.getByRole('menuitem', { name: 'Журнал' }).click();
      return page.getByRole('dialog', { name: `Журнал «${name}»` });
    };
    const runs = await record(ROBOT);
    await runs.getByText('элемент ушёл со стадии').waitFor();
    assert.equal(await runs.getByText('left stage').count(), 0);
    await runs.getByRole('button', { name: 'Закрыть' }).click();
    const calls = await record('Missed call');
    await calls.getByText('Триггер «Missed call» не сработал: элемент уже на этой стадии').waitFor();
    await saveScreenshot(page, 'automation-trigger-journal-ru');
    await calls.getByRole('button', { name: 'Закрыть' }).click();

    await page.getByRole('button', { name: 'Действия с «Missed call»' }).click();
    await page.getByRole('menuitem', { name: 'Изменить' }).click();
    const dialog = page.getByRole('dialog', { name: 'Изменить триггер «Missed call»' });
    await pickItem(dialog, 'Пример элемента', 'Kvant: 2 lockers');
    await dialog.getByRole('button', { name: 'Проверить на этом элементе' }).click();
    const report = dialog.getByRole('region', { name: 'Проба' });
    const reason = report.getByText('элемент уже на этой стадии');
    await reason.waitFor();
    assert.equal(await report.getByText('the item is already in').count(), 0);
    await reason.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'automation-trigger-test-mode-ru');
  });
});
