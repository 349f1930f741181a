import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { checkAccessibility, NO_BROWSER, saveScreenshot } from '../support/browser.ts';
import { browserSuite, createUserWithPassword } from '../support/browser-suite.ts';
import { LONG } from '../support/e2e.ts';

/**
 * A task's deadline drives the board in real Chromium against the real server: a trigger on
 * task.overdue moves the deal to "Overdue" and a robot there notifies the responsible manager.
 * Time passes through the manual clock; the open board and the bell follow live.
 */

const PASSWORD = 'overdue-test-password-1';

describe('an overdue task on the board in Chromium', { skip: NO_BROWSER, timeout: 10 * LONG }, () => {
  const ui = browserSuite();
  let pipelineId: string;
  let stages: Record<'new' | 'overdue', string>;
  let managerId: string;

  before(async () => {
    const manager = await createUserWithPassword(
      ui.server,
      { name: 'Olga Manager', email: 'olga@overdue.example', role: 'manager' },
      PASSWORD,
    );
    managerId = manager.id;
    const pipeline = await ui.server.api('POST', '/pipelines', {
      name: 'Service',
      entityType: 'deal',
      stages: [{ name: 'New' }, { name: 'Overdue' }, { name: 'Done', semantics: 'won' }],
    });
    pipelineId = pipeline.id;
    const [fresh, overdue] = pipeline.stages.map((stage: { id: string }) => stage.id);
    stages = { new: fresh, overdue };
    await ui.server.api('POST', '/triggers', {
      name: 'A task is late',
      stageId: stages.overdue,
      eventType: 'task.overdue',
    });
    await ui.server.api('POST', '/robots', {
      name: 'Tell the manager',
      stageId: stages.overdue,
      action: {
        type: 'notify',
        params: { to: ['responsible'], title: 'Overdue: {{ item.title }}', body: '{{ event.data.title }}' },
      },
    });
  });

  test('past its deadline the deal moves to the Overdue column and the manager is told', async () => {
    const deal = await ui.server.api('POST', '/items', {
      pipelineId,
      stageId: stages.new,
      title: 'Boiler repair',
      responsibleId: managerId,
    });
    const clock = await ui.server.api('GET', '/clock');
    const deadline = new Date(Date.parse(clock.now) + 2 * 3_600_000).toISOString();
    await ui.server.api('POST', '/tasks', {
      itemId: deal.id,
      title: 'Send the engineer',
      responsibleId: managerId,
      deadline,
    });

    const page = await ui.signIn('olga@overdue.example', PASSWORD);
    await page.goto(`${ui.server.baseUrl}/board/${pipelineId}`);
    const card = (stageId: string) =>
      page.locator(`section[data-stage-id="${stageId}"] [data-card-id="${deal.id}"]`);
    await card(stages.new).waitFor();
    // Given the task through the API, the manager was told of it.
    await page.getByRole('link', { name: 'Notifications: 1 unread' }).waitFor();

    await ui.server.api('POST', '/clock/advance', { by: 'PT1H' });
    assert.equal(await card(stages.overdue).count(), 0, 'not before its deadline');

    await ui.server.api('POST', '/clock/advance', { by: 'PT1H' });
    await card(stages.overdue).waitFor();
    assert.equal(await card(stages.new).count(), 0);
    // The task's own notice that it is overdue, and the robot's.
    await page.getByRole('link', { name: 'Notifications: 3 unread' }).waitFor();
    assert.deepEqual(await checkAccessibility(page), []);
    await saveScreenshot(page, 'task-overdue-board-desktop-en');

    await page.getByRole('link', { name: 'Notifications: 3 unread' }).click();
    const note = page.getByRole('listitem').filter({ hasText: 'Overdue: Boiler repair' });
    await note.getByText('Send the engineer').waitFor();
    await page.getByRole('listitem').filter({ hasText: 'Task overdue: Send the engineer' }).waitFor();
    await page.context().close();
  });
});
