import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { formatMailTime } from '../../src/domain/notification-mail.ts';
import { createMailTestApp, startSmtpServer, type TestSmtpServer } from '../channels/mail-support.ts';
import { DIALECTS, type TestApp, type TestUser } from '../support/harness.ts';
import { type SignedInSession, sessionHeaders, signIn } from '../support/sign-in.ts';

/**
 * request_approval end to end through the API and the manual clock: the mail with its signed
 * links, deciding in turn, approval.approved/rejected moving the deal, deadlines escalating or
 * rejecting, and the journal telling who decided what.
 */
for (const dialect of DIALECTS) {
  describe(`approvals (${dialect})`, () => {
    let t: TestApp;
    let manager: TestUser;
    let boss: TestUser;
    let director: TestUser;
    let sessions: Record<'manager' | 'boss' | 'director', SignedInSession>;
    let pipelineId: string;
    let stage: Record<string, string>;
    before(async () => {
      t = await createMailTestApp(dialect);
      director = await t.createUser({ role: 'manager', name: 'Dina Director' });
      boss = await t.createUser({ role: 'manager', name: 'Boris Boss' });
      manager = await t.createUser({ role: 'manager', name: 'Mila Manager' });
      await patch(`/api/v1/users/${manager.id}`, { supervisorId: boss.id });
      await patch(`/api/v1/users/${boss.id}`, { supervisorId: director.id });
      sessions = {
        manager: await signIn(t.app, manager.email, manager.password),
        boss: await signIn(t.app, boss.email, boss.password),
        director: await signIn(t.app, director.email, director.password),
      };
      const created = await post('/api/v1/pipelines', {
        name: 'Deals',
        entityType: 'deal',
        stages: ['New', 'Approval', 'Chain', 'Approved', 'Rejected'].map((name) => ({
          name,
          semantics: 'open',
        })),
      });
      pipelineId = created.id;
      stage = Object.fromEntries(created.stages.map((s: { id: string; name: string }) => [s.name, s.id]));
      await post('/api/v1/triggers', {
        name: 'yes',
        stageId: stage['Approved'],
        eventType: 'approval.approved',
      });
      await post('/api/v1/triggers', {
        name: 'no',
        stageId: stage['Rejected'],
        eventType: 'approval.rejected',
      });
      await post('/api/v1/robots', {
        name: 'ask the supervisor',
        stageId: stage['Approval'],
        action: {
          type: 'request_approval',
          params: { approvers: ['supervisor'], title: 'Discount for {{ item.title }}', deadlineMinutes: 60 },
        },
      });
      await post('/api/v1/robots', {
        name: 'ask in turn',
        stageId: stage['Chain'],
        action: {
          type: 'request_approval',
          params: {
            approvers: ['supervisor', { userId: director.id }],
            title: 'Contract {{ item.title }}',
            deadlineMinutes: 30,
            onDeadline: 'reject',
          },
        },
      });
    });
    after(() => t.close());

    async function post(url: string, body: unknown) {
      const response = await t.request({ method: 'POST', url, body });
      assert.ok(response.status < 300, `${url}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    }
    async function patch(url: string, body: unknown) {
      const response = await t.request({ method: 'PATCH', url, body });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body;
    }
    const get = async (url: string) => (await t.request({ method: 'GET', url })).body;
    const as = (who: keyof typeof sessions, method: 'GET' | 'POST', url: string, body?: unknown) =>
      t.request({ method, url, body, as: null, headers: sessionHeaders(sessions[who]) });
    const stageOf = async (id: string) => {
      const current = (await get(`/api/v1/items/${id}`)).stageId;
      return Object.entries(stage).find(([, value]) => value === current)?.[0];
    };
    async function dealAt(stageName: string, title: string) {
      const item = await post('/api/v1/items', { pipelineId, title, responsibleId: manager.id });
      await post(`/api/v1/items/${item.id}/move`, { stageId: stage[stageName] });
      const approvals = (await get(`/api/v1/approvals?itemId=${item.id}`)).data;
      assert.equal(approvals.length, 1);
      return { item, approval: approvals[0] };
    }
    /** The approval mail sent to `email` about the approval, with its two links. */
    async function mailOf(approvalId: string, email: string) {
      const mails = (await get('/api/v1/outbox?limit=200')).data.filter(
        (m: { to: string[]; text: string }) =>
          m.to.some((to) => to.includes(email)) && m.text.includes(approvalId),
      );
      assert.equal(mails.length, 1, `one mail to ${email}`);
      const links = [...mails[0].text.matchAll(/http:\/\/crm\.test(\/a\/\S+)/g)].map((m) => m[1]);
      return { mail: mails[0], approve: links[0] as string, reject: links[1] as string };
    }
    const journal = async (itemId: string) =>
      (await get(`/api/v1/items/${itemId}/journal?limit=200`)).data.filter((e: { kind: string }) =>
        e.kind.startsWith('approval_'),
      );
    const openLink = (path: string) => t.app.inject({ method: 'GET', url: path });
    const confirmLink = (path: string, comment = '') =>
      t.app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ comment }).toString(),
      });

    test('a deal entering the stage asks the supervisor, who approves by the emailed link; the deal moves', async () => {
      const { item, approval } = await dealAt('Approval', 'Big deal');
      assert.equal(approval.status, 'pending');
      assert.deepEqual(approval.approverIds, [boss.id]);
      assert.equal(approval.currentApproverId, boss.id);
      assert.equal(approval.title, 'Discount for Big deal');
      const { mail, approve } = await mailOf(approval.id, boss.email);
      assert.match(mail.subject, /Approval requested: Discount for Big deal/);
      // Opening the link (as a mail scanner would) decides nothing.
      const page = await openLink(approve);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Approve\?/);
      assert.equal((await get(`/api/v1/approvals/${approval.id}`)).status, 'pending');
      const done = await confirmLink(approve, 'Fine by me');
      assert.equal(done.statusCode, 200, done.body);
      assert.match(done.body, /Approved/);
      await t.automation.runner.drain();
      const decided = await get(`/api/v1/approvals/${approval.id}`);
      assert.equal(decided.status, 'approved');
      assert.equal(decided.decisions[0].userId, boss.id);
      assert.equal(decided.decisions[0].comment, 'Fine by me');
      assert.equal(decided.decisions[0].via, 'link');
      assert.equal(await stageOf(item.id), 'Approved');
      // A used link answers clearly, and decides nothing more.
      const again = await confirmLink(approve);
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /approved already/);
      assert.equal((await openLink(approve)).statusCode, 409);
      const entries = await journal(item.id);
      assert.deepEqual(entries.map((e: { kind: string }) => e.kind).sort(), [
        'approval_decided',
        'approval_requested',
      ]);
      const decidedEntry = entries.find((e: { kind: string }) => e.kind === 'approval_decided');
      assert.match(decidedEntry.message, /Boris Boss approved "Discount for Big deal".*Fine by me/);
    });

    /** The in-app notifications of kind approval that `userId` got about the approval. */
    const toldOf = async (userId: string, approvalId: string) =>
      (await get(`/api/v1/notifications?userId=${userId}&limit=200`)).data.filter(
        (n: { kind: string; link: string | null }) =>
          n.kind === 'approval' && n.link === `/approvals/${approvalId}`,
      );

    test('each approver asked is told in the app, with a link to the approval, and mailed once', async () => {
      // Even one who asks for approval mail gets no second email: the approval's mail is the one.
      await t.request({
        method: 'PUT',
        url: `/api/v1/users/${boss.id}/notification-preferences`,
        body: { email: { approval: 'immediately' } },
      });
      const { item, approval } = await dealAt('Chain', 'Told in the app');
      const [first, ...more] = await toldOf(boss.id, approval.id);
      assert.equal(more.length, 0);
      assert.equal(first.title, 'Approval requested: Contract Told in the app');
      assert.match(first.body, /Item: Told in the app\. Approve or reject \(step 1\/2\)/);
      assert.equal(first.itemId, item.id);
      assert.equal(first.email, null, 'in the app only');
      assert.equal((await toldOf(director.id, approval.id)).length, 0, 'not yet their turn');
      await as('boss', 'POST', `/api/v1/approvals/${approval.id}/decision`, { decision: 'approve' });
      const [next] = await toldOf(director.id, approval.id);
      assert.match(next.body, /step 2\/2/);
      await t.automation.engine.processPending();
      await mailOf(approval.id, boss.email);
      await mailOf(approval.id, director.email);
      await t.request({
        method: 'PUT',
        url: `/api/v1/users/${boss.id}/notification-preferences`,
        body: { email: { approval: 'off' } },
      });
    });

    test('a Russian approver gets the mail and the link pages in Russian, the deadline in their time zone', async () => {
      const ru = await t.createUser({ role: 'manager', name: 'Анна Орлова' });
      await patch(`/api/v1/users/${ru.id}`, { timeZone: 'Asia/Vladivostok' });
      await t.request({
        method: 'PUT',
        url: `/api/v1/users/${ru.id}/notification-preferences`,
        body: { language: 'ru' },
      });
      const other = await post('/api/v1/pipelines', {
        name: 'Russian deals',
        entityType: 'deal',
        stages: [{ name: 'New' }, { name: 'Ask Anna' }],
      });
      await post('/api/v1/robots', {
        name: 'ask Anna',
        stageId: other.stages[1].id,
        action: {
          type: 'request_approval',
          params: { approvers: [{ userId: ru.id }], title: 'Скидка', deadlineMinutes: 90 },
        },
      });
      const item = await post('/api/v1/items', {
        pipelineId: other.id,
        stageId: other.stages[1].id,
        title: 'ООО Орбита',
      });
      const [approval] = (await get(`/api/v1/approvals?itemId=${item.id}`)).data;
      const due = formatMailTime(approval.dueAt, 'ru', 'Asia/Vladivostok');
      assert.notEqual(due, formatMailTime(approval.dueAt, 'ru', 'UTC'));
      const { mail, approve } = await mailOf(approval.id, ru.email);
      assert.equal(mail.subject, 'Требуется согласование: Скидка');
      assert.match(mail.text, /^Анна Орлова, просим вас одобрить или отклонить:/);
      assert.ok(mail.text.includes('Элемент: ООО Орбита'), mail.text);
      assert.ok(mail.text.includes(`Решите до: ${due}`), mail.text);
      assert.match(mail.text, /Одобрить: http:\/\/crm\.test\/a\//);
      const [told] = await toldOf(ru.id, approval.id);
      assert.equal(told.title, 'Требуется согласование: Скидка');
      const page = await openLink(approve);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<html lang="ru">/);
      assert.match(page.body, /<h1>Одобрить\?<\/h1>/);
      assert.ok(page.body.includes(`Решите до: ${due}`));
      const done = await confirmLink(approve);
      assert.equal(done.statusCode, 200, done.body);
      assert.match(done.body, /<h1>Одобрено<\/h1>.*Ваше решение записано\. Спасибо\./s);
      const again = await confirmLink(approve);
      assert.equal(again.statusCode, 409);
      assert.match(again.body, /Это согласование уже одобрено/);
      const invalid = await t.app.inject({
        method: 'GET',
        url: '/a/nonsense',
        headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' },
      });
      assert.equal(invalid.statusCode, 404);
      assert.match(invalid.body, /Эту ссылку нельзя использовать/);
    });

    test('a link whose signature was changed, or that is cut short, is refused as not valid', async () => {
      const { approval } = await dealAt('Approval', 'Forged');
      const { approve, reject } = await mailOf(approval.id, boss.email);
      const forged = `${approve.slice(0, -3)}${approve.endsWith('AAA') ? 'BBB' : 'AAA'}`;
      assert.equal((await openLink(forged)).statusCode, 404);
      assert.equal((await confirmLink(forged)).statusCode, 404);
      // A reject link edited into an approve link is not signed for that decision.
      assert.equal((await confirmLink(reject.replace('.r.', '.a.'))).statusCode, 404);
      assert.equal((await openLink('/a/nonsense')).statusCode, 404);
      assert.equal((await get(`/api/v1/approvals/${approval.id}`)).status, 'pending');
    });

    test('only the current approver or an admin decides through the API; a second decision is 409', async () => {
      const { item, approval } = await dealAt('Approval', 'Rejected one');
      const mine = await as('boss', 'GET', '/api/v1/approvals?mine=1');
      assert.ok(mine.body.data.some((a: { id: string }) => a.id === approval.id));
      const notMine = await as('manager', 'GET', '/api/v1/approvals?mine=1');
      assert.ok(!notMine.body.data.some((a: { id: string }) => a.id === approval.id));
      const refused = await as('manager', 'POST', `/api/v1/approvals/${approval.id}/decision`, {
        decision: 'approve',
      });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.code, 'approval_not_your_turn');
      const rejected = await as('boss', 'POST', `/api/v1/approvals/${approval.id}/decision`, {
        decision: 'reject',
        comment: 'Too cheap',
      });
      assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
      assert.equal(rejected.body.status, 'rejected');
      assert.equal(await stageOf(item.id), 'Rejected');
      const twice = await t.request({
        method: 'POST',
        url: `/api/v1/approvals/${approval.id}/decision`,
        body: { decision: 'approve' },
      });
      assert.equal(twice.status, 409, JSON.stringify(twice.body));
      assert.equal(twice.body.code, 'approval_decided');
      assert.equal((await get(`/api/v1/approvals/${approval.id}`)).status, 'rejected');
      const tokenMine = await t.request({ method: 'GET', url: '/api/v1/approvals?mine=1' });
      assert.equal(tokenMine.status, 409);
      assert.equal(tokenMine.body.code, 'not_signed_in');
    });

    test('approvers decide in turn: the first approval passes it on (and mails the next), the last ends it', async () => {
      const { item, approval } = await dealAt('Chain', 'Two steps');
      assert.deepEqual(approval.approverIds, [boss.id, director.id]);
      const first = await as('boss', 'POST', `/api/v1/approvals/${approval.id}/decision`, {
        decision: 'approve',
      });
      assert.equal(first.body.status, 'pending');
      assert.equal(first.body.currentApproverId, director.id);
      assert.equal(await stageOf(item.id), 'Chain');
      const { approve } = await mailOf(approval.id, director.email);
      const stale = await mailOf(approval.id, boss.email);
      assert.equal((await openLink(stale.reject)).statusCode, 409, 'the first step is over');
      assert.match((await confirmLink(stale.reject)).body, /no longer current/);
      assert.equal((await confirmLink(approve)).statusCode, 200);
      await t.automation.runner.drain();
      assert.equal(await stageOf(item.id), 'Approved');
    });

    test('a missed deadline escalates to the approver’s supervisor, and rejects when nobody is left', async () => {
      const { item, approval } = await dealAt('Approval', 'Slow boss');
      await t.advance('PT59M');
      assert.equal((await get(`/api/v1/approvals/${approval.id}`)).currentApproverId, boss.id);
      await t.advance('PT1M');
      const escalated = await get(`/api/v1/approvals/${approval.id}`);
      assert.equal(escalated.status, 'pending');
      assert.deepEqual(escalated.approverIds, [boss.id, director.id]);
      assert.equal(escalated.currentApproverId, director.id);
      assert.equal(escalated.decisions[0].outcome, 'escalated');
      await mailOf(approval.id, director.email);
      assert.equal((await toldOf(director.id, approval.id)).length, 1, 'the escalation tells the director');
      await t.advance('PT1H');
      const rejected = await get(`/api/v1/approvals/${approval.id}`);
      assert.equal(rejected.status, 'rejected', 'the director has no supervisor');
      assert.equal(rejected.decisions[1].via, 'deadline');
      assert.equal(await stageOf(item.id), 'Rejected');
      const kinds = (await journal(item.id)).map((e: { kind: string }) => e.kind).sort();
      assert.deepEqual(kinds, [
        'approval_decided',
        'approval_escalated',
        'approval_requested',
        'approval_requested',
      ]);
    });

    test('a deleted item takes its pending approval along; the other deadlines still apply', async () => {
      const gone = await dealAt('Approval', 'Deleted while pending');
      const kept = await dealAt('Approval', 'Kept while pending');
      const deleted = await t.request({ method: 'DELETE', url: `/api/v1/items/${gone.item.id}` });
      assert.equal(deleted.status, 204);
      assert.equal(
        (await t.request({ method: 'GET', url: `/api/v1/approvals/${gone.approval.id}` })).status,
        404,
      );
      await t.advance('PT60M');
      const escalated = await get(`/api/v1/approvals/${kept.approval.id}`);
      assert.equal(escalated.currentApproverId, director.id, 'the pass went on past the deleted one');
      // A link of the deleted approval is no link any more.
      const { approve } = await mailOf(gone.approval.id, boss.email);
      assert.equal((await openLink(approve)).statusCode, 404);
    });

    test('an item that leaves the stage keeps its approval open: it can still be decided', async () => {
      const { item, approval } = await dealAt('Approval', 'Moved on');
      await post(`/api/v1/items/${item.id}/move`, { stageId: stage['New'] });
      assert.equal((await get(`/api/v1/approvals/${approval.id}`)).status, 'pending');
      await t.advance('PT60M');
      const escalated = await get(`/api/v1/approvals/${approval.id}`);
      assert.equal(escalated.status, 'pending');
      assert.equal(escalated.currentApproverId, director.id);
      const decided = await as('director', 'POST', `/api/v1/approvals/${approval.id}/decision`, {
        decision: 'approve',
      });
      assert.equal(decided.body.status, 'approved');
      await t.automation.runner.drain();
      assert.equal(await stageOf(item.id), 'Approved');
    });

    test('onDeadline "reject" rejects at the deadline', async () => {
      const { item, approval } = await dealAt('Chain', 'Strict');
      await t.advance('PT30M');
      const rejected = await get(`/api/v1/approvals/${approval.id}`);
      assert.equal(rejected.status, 'rejected');
      assert.equal(await stageOf(item.id), 'Rejected');
    });

    test('the run that asked answers its own approval when retried, never a second one', async () => {
      const { item, approval } = await dealAt('Approval', 'Retried');
      const again = await t.context.repos.approvals.create(
        {
          itemId: item.id,
          robotId: approval.robotId,
          runId: approval.runId,
          title: 'a second ask',
          approverIds: [director.id],
          deadlineMinutes: null,
          deadlineInWorkingTime: false,
          dueAt: null,
          onDeadline: 'reject',
        },
        t.clock.now(),
      );
      assert.equal(again.id, approval.id);
      assert.equal(again.title, approval.title);
      assert.equal((await get(`/api/v1/approvals?itemId=${item.id}`)).data.length, 1);
    });

    test('a robot whose approvers name nobody fails its run with approval_no_approver', async () => {
      const item = await post('/api/v1/items', { pipelineId, title: 'Nobody' });
      await post(`/api/v1/items/${item.id}/move`, { stageId: stage['Approval'] });
      const runs = (await get(`/api/v1/runs?itemId=${item.id}`)).data;
      assert.equal(runs[0].status, 'failed');
      assert.equal(runs[0].error.code, 'approval_no_approver');
      assert.equal((await get(`/api/v1/approvals?itemId=${item.id}`)).data.length, 0);
    });
  });
}

for (const dialect of DIALECTS) {
  describe(`approval mail refused by the SMTP server (${dialect})`, () => {
    let t: TestApp;
    let smtp: TestSmtpServer;
    before(async () => {
      smtp = await startSmtpServer();
      // A fixed jitter: every retry waits half its backoff ceiling, never 0 ms.
      t = await createMailTestApp(
        dialect,
        { SMTP_URL: `smtp://127.0.0.1:${smtp.port}` },
        { random: () => 0.5 },
      );
    });
    after(async () => {
      await t.close();
      await smtp.close();
    });

    const post = async (url: string, body: unknown) => (await t.request({ method: 'POST', url, body })).body;
    const get = async (url: string) => (await t.request({ method: 'GET', url })).body;
    /** An item entering a stage whose robot asks Boris; answers the item. */
    async function askBoris(title: string) {
      const boss = await post('/api/v1/users', {
        name: 'Boris',
        email: `boris-${title.toLowerCase()}@example.com`,
        role: 'manager',
      });
      const pipeline = await post('/api/v1/pipelines', {
        name: `Deals ${title}`,
        entityType: 'deal',
        stages: [{ name: 'New' }, { name: 'Approval' }],
      });
      await post('/api/v1/robots', {
        name: 'ask Boris',
        stageId: pipeline.stages[1].id,
        action: { type: 'request_approval', params: { approvers: [{ userId: boss.id }], title: 'OK?' } },
      });
      return post('/api/v1/items', { pipelineId: pipeline.id, stageId: pipeline.stages[1].id, title });
    }
    const requested = async (itemId: string) =>
      (await get(`/api/v1/items/${itemId}/journal?limit=200`)).data.filter(
        (e: { kind: string }) => e.kind === 'approval_requested',
      );

    test('a deferral is tried again later, per the backoff, then given up and journaled once; the approval still waits', async () => {
      smtp.replies.push(451, 451, 451, 451, 451);
      // The request's settling sends what is due: the first attempt, deferred.
      const item = await askBoris('Deferred');
      assert.equal(smtp.replies.length, 4, 'one attempt');
      assert.equal((await requested(item.id)).length, 0, 'nothing journaled while it is retried');
      // Not again before its time: the first retry's ceiling is 30 s (DEFAULT_RETRY), half of it here.
      assert.equal(await t.automation.approvalMail.drain(), 0);
      assert.equal(await t.automation.approvalMail.nextDueInMs(), 15_000);
      await t.advance('PT14S');
      assert.equal(smtp.replies.length, 4, 'not before the retry is due');
      await t.advance('PT1S');
      assert.equal(smtp.replies.length, 3, 'attempt 2, when due');
      for (let attempt = 3; attempt <= 5; attempt += 1) {
        await t.advance('PT1H');
        assert.equal(smtp.replies.length, 5 - attempt, `attempt ${attempt}`);
      }
      const entries = await requested(item.id);
      assert.equal(entries.length, 1);
      assert.equal(entries[0].data.mailed, false);
      assert.equal(entries[0].data.attempts, 5);
      assert.match(entries[0].message, /its mail could not be sent: .*deferred/);
      // Given up: no sixth attempt, and no second entry.
      await t.advance('PT2H');
      assert.equal(smtp.received.length, 0);
      assert.equal((await requested(item.id)).length, 1);
      assert.equal(await t.automation.approvalMail.nextDueInMs(), undefined);
      const approval = (await get(`/api/v1/approvals?itemId=${item.id}`)).data[0];
      assert.equal(approval.status, 'pending');
    });

    test('a refusal the server calls final is given up at once', async () => {
      smtp.replies.push(550, 550);
      const item = await askBoris('Refused');
      assert.equal(smtp.replies.length, 1, 'one attempt, no retry');
      const entries = await requested(item.id);
      assert.equal(entries.length, 1);
      assert.equal(entries[0].data.mailed, false);
      assert.match(entries[0].message, /its mail could not be sent: The mail server refused/);
      smtp.replies.length = 0;
    });
  });
}
