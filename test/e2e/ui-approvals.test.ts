import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startSmtpServer, type TestSmtpServer } from '../channels/mail-support.ts';
import { checkAccessibility, NO_BROWSER, newPage, saveScreenshot } from '../support/browser.ts';
import { browserSuite, createUserWithPassword } from '../support/browser-suite.ts';
import { LONG } from '../support/e2e.ts';
import { eventually } from '../support/harness.ts';

/**
 * Approvals in real Chromium against the real server and a real SMTP listener: a robot asks the
 * supervisor when a deal enters a stage, the mail arrives, its link opens a confirmation page
 * that decides only when confirmed, and a trigger on approval.approved moves the deal; an
 * approver also decides in the UI, from the Approvals page, from the in-app notification and on
 * the item card, in English and Russian.
 */

const PASSWORD = 'correct horse battery';

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
type Json = Record<string, any>;

describe('approvals in Chromium', { skip: NO_BROWSER, timeout: 10 * LONG }, () => {
  let smtp: TestSmtpServer;
  // Started first: the server's mail goes there.
  before(async () => {
    smtp = await startSmtpServer();
  });
  const ui = browserSuite(() => ({ env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` } }));
  let pipelineId: string;
  let stage: Record<string, string>;
  let managerId: string;
  let bossId: string;

  const api = (method: string, path: string, body?: unknown): Promise<Json> =>
    ui.server.api(method, path, body);
  const user = async (name: string, email: string, supervisorId: string | null = null) => {
    const created = await createUserWithPassword(
      ui.server,
      { name, email, role: 'manager', supervisorId },
      PASSWORD,
    );
    return created.id as string;
  };
  const stageOf = async (itemId: string) => {
    const current = (await api('GET', `/items/${itemId}`)).stageId;
    return Object.entries(stage).find(([, id]) => id === current)?.[0];
  };
  const dealAsking = async (title: string) => {
    const item = await api('POST', '/items', {
      pipelineId,
      stageId: stage['Approval'],
      title,
      responsibleId: managerId,
    });
    await eventually(
      'the approval',
      async () => (await api('GET', `/approvals?itemId=${item.id}`)).data.length === 1,
    );
    return item;
  };

  before(async () => {
    bossId = await user('Olga Petrova', 'olga@example.test');
    managerId = await user('Ivan Sidorov', 'ivan@example.test', bossId);
    const pipeline = await api('POST', '/pipelines', {
      name: 'Discounts',
      entityType: 'deal',
      stages: [{ name: 'New' }, { name: 'Approval' }, { name: 'Approved' }, { name: 'Rejected' }],
    });
    pipelineId = pipeline.id;
    stage = Object.fromEntries(pipeline.stages.map((s: Json) => [s.name, s.id]));
    await api('POST', '/triggers', {
      name: 'approved',
      stageId: stage['Approved'],
      eventType: 'approval.approved',
    });
    await api('POST', '/triggers', {
      name: 'rejected',
      stageId: stage['Rejected'],
      eventType: 'approval.rejected',
    });
    await api('POST', '/robots', {
      name: 'Ask the supervisor',
      stageId: stage['Approval'],
      action: {
        type: 'request_approval',
        params: { approvers: ['supervisor'], title: 'Discount for {{ item.title }}', deadlineMinutes: 1440 },
      },
    });
  });

  after(async () => {
    await smtp?.close();
  });

  test('the supervisor approves by the link in the mail; the deal moves to Approved', async () => {
    const item = await dealAsking('Lipa Trading: 10% off');
    await eventually('the approval mail', () =>
      smtp.received.some((mail) => mail.parsed.subject?.includes('Lipa Trading')),
    );
    const mail = smtp.received.find((m) => m.parsed.subject?.includes('Lipa Trading'));
    assert.deepEqual(mail?.rcptTo, ['olga@example.test']);
    assert.equal(mail?.parsed.subject, 'Approval requested: Discount for Lipa Trading: 10% off');
    const link = /(https?:\/\/\S+\/a\/\S+)/.exec(mail?.parsed.text ?? '')?.[1];
    assert.ok(link, mail?.parsed.text);
    // The link as mailed, on the server's own address (it names localhost and the server's port).
    const url = `${ui.server.baseUrl}${new URL(link).pathname}`;

    const page = await newPage(ui.browser, { baseUrl: ui.server.baseUrl });
    await page.goto(url);
    await page.getByRole('heading', { name: 'Approve?' }).waitFor();
    await page.getByText('Discount for Lipa Trading: 10% off').waitFor();
    assert.equal(
      (await api('GET', `/approvals?itemId=${item.id}`)).data[0].status,
      'pending',
      'opening decided nothing',
    );
    assert.deepEqual(await checkAccessibility(page), []);
    await saveScreenshot(page, 'approval-link-confirm');
    await page.getByLabel('Comment (optional)').fill('Agreed with the client');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('heading', { name: 'Approved' }).waitFor();
    await saveScreenshot(page, 'approval-link-done');
    await eventually('the deal in Approved', async () => (await stageOf(item.id)) === 'Approved');
    const approval = (await api('GET', `/approvals?itemId=${item.id}`)).data[0];
    assert.equal(approval.decisions[0].comment, 'Agreed with the client');
    assert.equal(approval.decisions[0].via, 'link');

    // The same link again: it says clearly that it was used.
    await page.goto(url);
    await page.getByText('This approval was approved already; the first decision stands.').waitFor();
    await page.context().close();
  });

  test('an approver rejects from the Approvals page, and sees the decision on the item card in Russian', async () => {
    const item = await dealAsking('Kedr LLC: 30% off');
    const page = await ui.signIn('olga@example.test', PASSWORD);
    await page.getByRole('link', { name: 'Approvals' }).click();
    await page.getByRole('heading', { name: 'Approvals' }).waitFor();
    const card = page.getByRole('article', { name: 'Discount for Kedr LLC: 30% off' });
    await card.waitFor();
    assert.deepEqual(await checkAccessibility(page), []);
    await saveScreenshot(page, 'approvals-mine-en');
    await card.getByLabel('Comment (optional)').fill('Too much');
    await card.getByRole('button', { name: 'Reject' }).click();
    await eventually('the deal in Rejected', async () => (await stageOf(item.id)) === 'Rejected');
    await page.getByText('Nothing is waiting for your approval.').waitFor();
    await page.context().close();

    const ru = await ui.signIn('ivan@example.test', PASSWORD, { locale: 'ru' });
    await ru.goto(`${ui.server.baseUrl}/items/${item.id}`);
    const onCard = ru.getByRole('article', { name: 'Discount for Kedr LLC: 30% off' });
    await onCard.getByText('Отклонено').waitFor();
    await onCard.getByText(/Olga Petrova отклонил\(а\)/).waitFor();
    await onCard.getByText('Too much').waitFor();
    assert.equal(await onCard.getByRole('button', { name: 'Одобрить' }).count(), 0, 'not his turn');
    // The journal tells who decided what, in the reader's language.
    await ru.getByText('Olga Petrova отклонил(а) «Discount for Kedr LLC: 30% off»: Too much').waitFor();
    await ru
      .getByText('Согласование «Discount for Kedr LLC: 30% off» запрошено у Olga Petrova по почте')
      .waitFor();
    await saveScreenshot(ru, 'approvals-item-card-ru');
    await ru.context().close();
  });

  test('on the item card, the approver whose turn it is approves', async () => {
    const item = await dealAsking('Sosna LLC: 5% off');
    const page = await ui.signIn('olga@example.test', PASSWORD);
    // The in-app notification leads to the one approval, as the mail's "decide in Stageflow" link does.
    const asked = (await api('GET', `/approvals?itemId=${item.id}`)).data[0];
    await page.goto(`${ui.server.baseUrl}/notifications`);
    await page
      .getByRole('link', { name: 'Open: Approval requested: Discount for Sosna LLC: 5% off' })
      .click();
    await page.waitForURL(`${ui.server.baseUrl}/approvals/${asked.id}`);
    await page.getByRole('heading', { name: 'Approval', exact: true }).waitFor();
    await page
      .getByRole('article', { name: 'Discount for Sosna LLC: 5% off' })
      .getByRole('button', { name: 'Approve' })
      .waitFor();
    await page.goto(`${ui.server.baseUrl}/items/${item.id}`);
    const card = page.getByRole('article', { name: 'Discount for Sosna LLC: 5% off' });
    await card.getByText('Waiting for Olga Petrova').waitFor();
    await card.getByRole('button', { name: 'Approve' }).click();
    await eventually('the deal in Approved', async () => (await stageOf(item.id)) === 'Approved');
    await card.getByText(/Olga Petrova approved on/).waitFor();
    await saveScreenshot(page, 'approvals-item-card-en');
    await page.context().close();
  });
});
