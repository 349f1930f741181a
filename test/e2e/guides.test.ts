import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { createWorkspace, LONG, type RunningServer, startServer, type Workspace } from '../support/e2e.ts';
import { documentationPages, pageScript, readPage, taggedBlocks } from '../support/markdown.ts';

/**
 * Each guide continues the README's tour: its runnable blocks, pasted in page order into the
 * terminal where the tour ran, must work as written. What each page prints is checked against what
 * the page says it prints.
 */
const PRINTS: Record<string, RegExp[]> = {
  'docs/guides/automation.md': [/^notify create_task complete_tasks /m, /^task\.status_changed$/m],
  'docs/guides/cloudevents.md': [/"ce:\/pbx\/office#call-42","status":"accepted"[\s\S]*"status":"duplicate"/],
  'docs/guides/incoming-webhooks.md': [/^\{"results":\[\{"id":"hook:[^\n]*"status":"accepted"/m],
  'docs/guides/payments.md': [
    /^\{"id":"1c-exchange-0412","status":"accepted"\}$/m,
    // Answered 200 with the payment the event recorded, not 201 with a second one.
    /^\{[^\n]*"reference":"event:1c-exchange-0412"[^\n]*"externalId":"ПП-000118"[^\n]*\} 200$/m,
  ],
  'docs/guides/inbound-mail.md': [
    /"id":"email:first@romashka\.example","status":"accepted","matchedBy":"new_lead"/,
  ],
  'docs/guides/mail.md': [
    /"subject":"Our proposal for Orbita LLC: 40 desks"[^\n]*"transport":"outbox","status":"stored"/,
    /^200 image\/gif$/m,
    /^302 https:\/\/example\.com\/proposal$/m,
    /"code":"tracking_token_unknown"/,
  ],
  'docs/guides/outgoing-webhooks.md': [
    /^\{"id":"[^"]+","url":"https:\/\/hooks\.example\.com\/stageflow"[^\n]*"secret":"whsec_/m,
    /^204$/m,
    /"name":"Tell the warehouse"[^\n]*"type":"send_webhook"/,
  ],
  'docs/guides/forms.md': [/\/f\/[0-9a-f-]+\n/, /<p>Thank you! We have received your request/],
  'docs/guides/telephony.md': [
    /"pbx-call-981","status":"accepted"[\s\S]*"pbx-call-982","status":"accepted"/,
    /"tg-5531-1","status":"accepted"[\s\S]*"tg-5531-2","status":"accepted"[\s\S]*"booking-77","status":"accepted"/,
    /"pbx-call-990","status":"accepted"[\s\S]*"phones":\["\+79125550101"\]/,
    /"tg-7001-1","status":"accepted"[\s\S]*"title":"Chat from Olga Smirnova"/,
    /"name":"Pavel Orlov"[^\n]*"phones":\["\+7 912 345-67-89"\]/,
  ],
  'docs/guides/site-visits.md': [/^\{\}$/m],
  'docs/guides/sms.md': [
    /"to":"\+74951234567","text":"Hello Maria, your order is ready","provider":"outbox"/,
  ],
  'docs/guides/approvals.md': [
    /^<h1>Approve\?<\/h1>$/m,
    /^<h1>Approved<\/h1>$/m,
    /^approved$/m,
    /^\/approvals\/[0-9a-f-]+$/m,
    /^409$/m,
  ],
  'docs/guides/undo.md': [
    /"actionType":"update_fields","undoable":true/,
    /^normal$/m,
    /"code":"run_already_undone"/,
    /"code":"undo_refused"/,
    /item\.fields\.priority was changed since: it is \\"low\\" now/,
  ],
  'docs/guides/bank-statements.md': [
    /^Номер=СФ-2001\r?\nДата=\d\d\.\d\d\.\d{4}\r?\nСумма=150000\.00\r?$/m,
    /^document,invoice,СФ-2001,\d{4}-\d\d-\d\d,150000\.00,RUB,posted,[0-9a-f-]+,Orbita LLC: 120 office chairs,,,\r?$/m,
  ],
  'docs/guides/tasks.md': [
    /^waiting null\nscheduled 2030-05-14T09:00:00\.000Z\nscheduled 2030-05-14T11:00:00\.000Z\nReminder: Showroom visit at 12:00\nwaiting null$/m,
  ],
  'docs/guides/documents.md': [
    /^(INV|СЧ)-\d{4}-\d{4}\n150000\.00$/m,
    /^<h1>Счёт на оплату № INV-\d{4}-\d{4}<\/h1>$/m,
    /^200 application\/pdf$/m,
  ],
  'docs/guides/document-links.md': [/<title>invoice INV-2026-0042<\/title>/, /^404$/m],
  'docs/guides/notifications.md': [
    /^\{"language":"ru","email":\{"robot":"immediately","task":"off","approval":"off","system":"off","other":"hourly"\}\}$/m,
    /"kind":"robot"[^\n]*"email":\{"mode":"immediately","status":"sent","attempts":1,"lastError":null/,
    /Получено: [^"\\]+ \(Europe\/Moscow\)\\nОткрыть: http:\/\/[^"\\]+\/items\/[0-9a-f-]+/,
  ],
};

const guides = documentationPages().filter((page) => page.startsWith('docs/guides/'));
const runnable = (page: string) => taggedBlocks(readPage(page)).filter((block) => block.lang === 'sh');

describe('the guides run as written', { timeout: 20 * LONG }, () => {
  let workspace: Workspace;
  let server: RunningServer;
  before(async () => {
    workspace = await createWorkspace();
    // As the phone numbers guide starts it.
    server = await startServer({ ...workspace.env, STAGEFLOW_DEFAULT_REGION: 'RU' });
  });
  after(async () => {
    if (server?.process.exitCode === null) server.process.kill('SIGKILL');
    await workspace?.cleanup();
  });

  test('every guide with runnable blocks is checked here, and every checked guide still has them', () => {
    assert.deepEqual(guides.filter((page) => runnable(page).length > 0).sort(), Object.keys(PRINTS).sort());
  });

  test('tags are unique within a page', () => {
    for (const page of documentationPages()) {
      const tags = taggedBlocks(readPage(page)).map((block) => block.tag);
      assert.deepEqual(tags, [...new Set(tags)], page);
    }
  });

  for (const [page, prints] of Object.entries(PRINTS)) {
    test(`${page}: the tour, then its blocks in page order`, (t) => {
      if (spawnSync('curl', ['--version']).status !== 0) return t.skip('curl is not installed');
      const tour = pageScript('README.md', 'tour');
      assert.ok(tour, 'README.md has a ```sh block after <!-- tour -->');
      const script = [tour, ...runnable(page).map((block) => block.code)]
        .join('\n')
        .replaceAll('http://localhost:3000', server.base);
      const result = spawnSync('bash', ['-euo', 'pipefail', '-c', script], {
        env: { ...process.env, TOKEN: server.token },
        encoding: 'utf8',
        timeout: LONG,
      });
      assert.equal(result.status, 0, `${result.stderr}\n${result.stdout}`);
      for (const expected of prints) assert.match(result.stdout, expected);
    });
  }
});
