import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { column, type Fixture, openEditor, robotOrder, setUp } from '../support/automation-editor.ts';
import {
  keepFailureEvidence,
  launchBrowser,
  NO_BROWSER,
  saveScreenshot,
  startUiServer,
  type UiServer,
} from '../support/browser.ts';

/**
 * The automation editor's views of what other parts of the server answer (each rule's record, its
 * history and restore, its journal, the export document and an import's problems) and a reorder
 * the server refuses. The page gets fixed answers in the documented shapes through page.route, so
 * what is checked is how the editor shows and sends them.
 */

describe("the automation editor's record, history, export and import", { skip: NO_BROWSER }, () => {
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

  const open = (email: string, options: { locale?: 'en' | 'ru'; viewport?: 'desktop' | 'phone' } = {}) =>
    openEditor(browser, server, fixture, email, options);

  test("each rule's record, history with restore, journal, export and an import's problems, against answers the test gives", async () => {
    // These endpoints are the server's part; here the page gets fixed answers in their documented
    // shapes, so what is checked is how the editor shows and sends them.
    const { robots } = fixture;
    const page = await open(fixture.admin);
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
