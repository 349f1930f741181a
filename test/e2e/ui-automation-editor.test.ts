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

/**
 * The automation editor in real Chromium against the real server: a pipeline's stages as columns
 * with their guards, triggers and robots; disabling a robot, reordering robots with the keyboard,
 * copying one to another stage and deleting one after confirming; a viewer who can only look;
 * the same screen in Russian and on a phone.
 */

const PASSWORD = 'automation-test-password-1';

interface Fixture {
  readonly pipelineId: string;
  readonly stages: Record<'new' | 'proposal' | 'won' | 'lost', string>;
  readonly robots: Record<'welcome' | 'remind', string>;
  readonly admin: string;
  readonly viewer: string;
}

async function setUp(server: UiServer): Promise<Fixture> {
  const pipeline = await server.api('POST', '/pipelines', {
    name: 'Wholesale',
    entityType: 'deal',
    stages: [
      { name: 'New', color: '#2453d6' },
      { name: 'Proposal sent' },
      { name: 'Won', semantics: 'won' },
      { name: 'Lost', semantics: 'lost' },
    ],
  });
  const [fresh, proposal, won, lost] = pipeline.stages.map((stage: { id: string }) => stage.id);
  const stages = { new: fresh, proposal, won, lost };
  const people = [];
  for (const [name, role] of [
    ['Ada Admin', 'admin'],
    ['Victor Viewer', 'viewer'],
  ] as const) {
    const user = await server.api('POST', '/users', { name, email: `${role}@automation.example`, role });
    await server.api('PUT', `/users/${user.id}/password`, { password: PASSWORD });
    people.push(user.email as string);
  }
  const welcome = await server.api('POST', '/robots', {
    name: 'Welcome call',
    stageId: stages.new,
    action: { type: 'create_task', params: { title: 'Call {{ item.title }}' } },
  });
  const remind = await server.api('POST', '/robots', {
    name: 'Remind the supervisor',
    stageId: stages.new,
    timing: { kind: 'after', duration: 'P2D' },
    condition: { field: 'item.amount', op: 'gt', value: 1000 },
    action: {
      type: 'notify',
      params: { to: ['supervisor'], title: 'Still new: {{ item.title }}', body: '' },
    },
  });
  await server.api('POST', '/triggers', {
    name: 'Proposal opened',
    stageId: stages.proposal,
    eventType: 'email.opened',
  });
  await server.api('POST', '/triggers', {
    name: 'Long call',
    stageId: stages.proposal,
    eventType: 'call.completed',
    filter: { field: 'event.data.durationSeconds', op: 'gte', value: 60 },
  });
  await server.api('POST', '/guards', {
    name: 'Paid in full',
    stageId: stages.won,
    condition: { field: 'item.paidAmount', op: 'gte', valueField: 'item.amount' },
    message: 'Only a fully paid deal is won',
  });
  await server.api('POST', '/items', {
    pipelineId: pipeline.id,
    stageId: stages.new,
    title: 'Alpha',
    amount: '5000',
    currency: 'EUR',
  });
  return {
    pipelineId: pipeline.id,
    stages,
    robots: { welcome: welcome.id, remind: remind.id },
    admin: people[0] as string,
    viewer: people[1] as string,
  };
}

const column = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

/** The names of a column's robots, top to bottom. */
const robotOrder = (page: Page, stageId: string) =>
  page.locator(`section[data-stage-id="${stageId}"] [data-robot-id] .rule-name`).allInnerTexts();

describe('the automation editor', { skip: NO_BROWSER }, () => {
  afterEach(keepFailureEvidence);
  let server: UiServer;
  let browser: Browser;
  let fixture: Fixture;

  before(async () => {
    server = await startUiServer();
    browser = await launchBrowser();
    fixture = await setUp(server);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  const openEditor = async (
    email: string,
    options: { locale?: 'en' | 'ru'; viewport?: 'desktop' | 'phone' } = {},
  ) => {
    const page = await newPage(browser, { baseUrl: server.baseUrl, ...options });
    await signInThroughUi(page, server.baseUrl, email, PASSWORD);
    await page.goto(`${server.baseUrl}/automation/${fixture.pipelineId}`);
    await page.locator(`[data-robot-id="${fixture.robots.welcome}"]`).waitFor();
    return page;
  };

  test('an admin sees the stages as columns, disables a robot, reorders by keyboard, copies and deletes with confirmation', async () => {
    const { stages, robots } = fixture;
    const page = await openEditor(fixture.admin);
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
    assert.equal((await server.api('GET', `/robots/${robots.welcome}`)).enabled, false);

    await page.getByRole('button', { name: 'Move “Remind the supervisor”' }).focus();
    await page.keyboard.press('Space');
    // Lifted: the live region speaks of the robot (picked up, then over its own place).
    await page
      .getByRole('status')
      .filter({ hasText: '“Remind the supervisor”' })
      .waitFor({ state: 'attached' });
    await page.keyboard.press('ArrowUp');
    await page.getByText('“Remind the supervisor” is at position 1.').waitFor({ state: 'attached' });
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
    const left = await server.api('GET', `/robots?stageId=${stages.new}`);
    assert.deepEqual(left.data.map((robot: { name: string }) => robot.name).sort(), [
      'Remind the supervisor',
      'Welcome call',
    ]);
    await page.context().close();
  });

  test('a viewer looks without changing; the editor reads in Russian and on a phone', async () => {
    const viewer = await openEditor(fixture.viewer);
    await viewer.getByText('Read only: only an administrator changes automation.').waitFor();
    assert.equal(await viewer.getByRole('button', { name: /^Add robot/ }).count(), 0);
    assert.equal(await viewer.getByRole('button', { name: /^Move “/ }).count(), 0);
    assert.equal(await viewer.getByRole('button', { name: 'Import' }).count(), 0);
    await viewer.context().close();

    const russian = await openEditor(fixture.admin, { locale: 'ru' });
    await column(russian, 'New').getByRole('button', { name: 'Добавить робота в «New»' }).waitFor();
    assert.deepEqual(await checkAccessibility(russian), []);
    await saveScreenshot(russian, 'automation-editor-desktop-ru');
    await russian.context().close();

    const phone = await openEditor(fixture.admin, { viewport: 'phone' });
    const width = Number(await phone.evaluate('document.documentElement.scrollWidth'));
    assert.ok(width <= 390, `the page fits the phone's width (${width}px)`);
    await saveScreenshot(phone, 'automation-editor-phone-en');
    await phone.context().close();
  });
  test('an admin renames a stage, moves it, adds one at the end, and sees why a file is not imported', async () => {
    const { stages } = fixture;
    const page = await openEditor(fixture.admin);
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
      (await server.api('GET', `/pipelines/${fixture.pipelineId}`)).stages.map(
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
  test("each rule's record, history with restore, journal, export and an import's problems, against answers the test gives", async () => {
    // These endpoints are the server's part; here the page gets fixed answers in their documented
    // shapes, so what is checked is how the editor shows and sends them.
    const { robots } = fixture;
    const page = await openEditor(fixture.admin);
    const json = (body: unknown, status = 200) => ({
      status,
      contentType: 'application/json',
      body: JSON.stringify(body),
    });
    await page.route('**/api/v1/rules/record?*', (route) =>
      route.fulfill(
        json({
          from: '2026-01-01T00:00:00.000Z',
          to: '2026-01-31T00:00:00.000Z',
          data: [
            {
              kind: 'robot',
              ruleId: robots.remind,
              fired: 12,
              notMatched: 0,
              skipped: 2,
              failed: 3,
              cancelled: 0,
              lastFiredAt: '2026-01-30T09:15:00.000Z',
            },
          ],
        }),
      ),
    );
    const revision = (id: string, version: number, before: unknown, after: unknown, change: string) => ({
      id,
      ruleKind: 'robot',
      ruleId: robots.remind,
      pipelineId: fixture.pipelineId,
      version,
      change,
      before,
      after,
      actor: { userId: null, name: 'Ada Admin' },
      at: `2026-01-0${version}T10:00:00.000Z`,
    });
    await page.route('**/api/v1/revisions?*', (route) =>
      route.fulfill(
        json({
          data: [
            revision(
              'rev2',
              2,
              { name: 'Remind', timing: { kind: 'after', duration: 'P1D' } },
              { name: 'Remind the supervisor', timing: { kind: 'after', duration: 'P2D' } },
              'updated',
            ),
            revision(
              'rev1',
              1,
              null,
              { name: 'Remind', timing: { kind: 'after', duration: 'P1D' } },
              'created',
            ),
          ],
          nextCursor: null,
        }),
      ),
    );
    const restored: string[] = [];
    await page.route('**/api/v1/revisions/*/restore', (route) => {
      restored.push(route.request().url());
      return route.fulfill(json({}));
    });
    await page.route(`**/api/v1/robots/${robots.remind}/runs?*`, (route) =>
      route.fulfill(
        json({
          data: [
            {
              id: 'run1',
              robotId: robots.remind,
              itemId: 'item1',
              pipelineId: fixture.pipelineId,
              stageId: fixture.stages.new,
              actionType: 'notify',
              status: 'failed',
              dueAt: null,
              startedAt: null,
              finishedAt: '2026-01-30T09:15:00.000Z',
              attempts: 5,
              maxAttempts: 5,
              reason: null,
              error: { code: 'smtp', message: 'The mail server refused' },
              createdAt: '2026-01-28T09:15:00.000Z',
              itemTitle: 'Alpha',
            },
          ],
          nextCursor: null,
        }),
      ),
    );
    await page.route(`**/api/v1/pipelines/${fixture.pipelineId}/automation`, (route) =>
      route.fulfill(json({ version: 1, pipeline: { name: 'Wholesale' } })),
    );
    await page.route('**/api/v1/pipelines/import', (route) =>
      route.fulfill(
        json(
          {
            status: 400,
            title: 'Invalid request',
            detail: 'The document has 2 problems',
            errors: [
              { field: '/robots/0/action/type', message: 'no such action' },
              { field: '/stages/1/name', message: 'must not be empty' },
            ],
          },
          400,
        ),
      ),
    );
    await page.reload();
    const card = page.getByRole('article', { name: 'Remind the supervisor' });
    await card.getByText('12 fired').waitFor();
    await card.getByText('2 skipped').waitFor();
    assert.equal(await card.locator('.rule-record-failed').innerText(), '3 failed');
    assert.equal(await card.getByText('not matched').count(), 0, 'counts that are zero are left out');

    await page.getByRole('button', { name: 'Actions for “Remind the supervisor”' }).click();
    await page.getByRole('menuitem', { name: 'Record' }).click();
    const record = page.getByRole('dialog', { name: 'Record of “Remind the supervisor”' });
    await record.getByText('The mail server refused').waitFor();
    await record.getByRole('link', { name: 'Alpha' }).waitFor();
    await record.getByRole('button', { name: 'Close' }).click();

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
    assert.deepEqual(
      restored.map((url) => new URL(url).pathname),
      ['/api/v1/revisions/rev1/restore'],
    );

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    assert.equal((await download).suggestedFilename(), 'wholesale-automation.json');

    await page.getByLabel('Automation file to import').setInputFiles({
      name: 'wholesale-automation.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"version": 1}'),
    });
    const problem = page.getByRole('alert').filter({ hasText: 'Not imported' });
    await problem.getByText('/robots/0/action/type').waitFor();
    await problem.getByText('/stages/1/name').waitFor();

    // A reorder the server refuses puts the robots back and says why.
    const before = await robotOrder(page, fixture.stages.new);
    await page.route('**/api/v1/robots/*', (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill(json({ status: 409, title: 'Conflict', code: 'stale_version', detail: 'stale' }, 409))
        : route.fallback(),
    );
    await column(page, 'New')
      .getByRole('button', { name: `Move “${before[1]}”` })
      .focus();
    await page.keyboard.press('Space');
    await page.getByText(`“${before[1]}” is at position 2.`).waitFor({ state: 'attached' });
    await page.keyboard.press('ArrowUp');
    await page.getByText(`“${before[1]}” is at position 1.`).waitFor({ state: 'attached' });
    await page.keyboard.press('Space');
    await page.getByRole('alert').getByText('Someone else changed this rule meanwhile').waitFor();
    assert.deepEqual(await robotOrder(page, fixture.stages.new), before);
    await page.context().close();
  });
});
