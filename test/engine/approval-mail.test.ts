import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApprovalMail } from '../../src/automation/approval-mail.ts';
import { createEngine } from '../../src/automation/engine.ts';
import type { Mailer, OutgoingEmail } from '../../src/automation/outside-ports.ts';
import { openPostgres, type Store } from '../../src/store/database.ts';
import { databaseUrlOf } from '../fixtures/queue-runs.ts';
import { engineContextOf } from '../support/engine-context.ts';
import { createTestApp, DIALECTS, eventually, type TestApp, type TestUser } from '../support/harness.ts';

/** A mailer that keeps what it sent and, while `gate` is set, holds every send until it settles. */
class HeldMailer implements Mailer {
  readonly sent: OutgoingEmail[] = [];
  gate: Promise<void> | undefined;
  calls = 0;
  async send(email: OutgoingEmail) {
    this.calls += 1;
    await this.gate;
    this.sent.push(email);
    return { transport: 'outbox' as const };
  }
}

/**
 * Approval mail is a claimed queue beside the event pass: the pass plans it and sends nothing;
 * the mail loop takes each due mail under a lease, so of several processes one sends it, once.
 */
for (const dialect of DIALECTS) {
  describe(`approval mail queue (${dialect})`, () => {
    const mailer = new HeldMailer();
    let t: TestApp;
    let boss: TestUser;
    let stageId: string;
    let pipelineId: string;
    /** The store of a second process (PostgreSQL), or the same one (SQLite has one process). */
    let otherStore: Store;
    before(async () => {
      t = await createTestApp(dialect, { outside: { mailer, publicUrl: 'http://crm.test' } });
      otherStore =
        dialect === 'postgres' ? openPostgres(await databaseUrlOf(t.context.store)) : t.context.store;
      boss = await t.createUser({ role: 'manager', name: 'Boris Boss' });
      const pipeline = await post('/api/v1/pipelines', {
        name: 'Deals',
        entityType: 'deal',
        stages: [{ name: 'New' }, { name: 'Approval' }],
      });
      pipelineId = pipeline.id;
      stageId = pipeline.stages[1].id;
      await post('/api/v1/robots', {
        name: 'ask Boris',
        stageId,
        action: { type: 'request_approval', params: { approvers: [{ userId: boss.id }], title: 'OK?' } },
      });
    });
    after(async () => {
      if (otherStore !== t?.context.store) await otherStore?.close();
      await t?.close();
    });

    /** Writes through the API without settling: the caller drives the background work. */
    async function post(url: string, body: unknown) {
      const response = await t.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${t.tokens.admin}` },
        payload: body as object,
      });
      assert.ok(response.statusCode < 300, response.body);
      return response.json();
    }
    /** An item enters the stage; the event pass and the run worker do their work, and no more. */
    async function requestApproval(title: string): Promise<{ itemId: string; approvalId: string }> {
      const item = await post('/api/v1/items', { pipelineId, stageId, title });
      for (;;) {
        const processed = await t.automation.engine.processPending();
        const executed = await t.automation.worker.drain();
        if (processed === 0 && executed === 0) break;
      }
      const approvals = await t.app.inject({
        method: 'GET',
        url: `/api/v1/approvals?itemId=${item.id}`,
        headers: { authorization: `Bearer ${t.tokens.admin}` },
      });
      return { itemId: item.id, approvalId: approvals.json().data[0].id };
    }
    async function requested(itemId: string) {
      const journal = await t.app.inject({
        method: 'GET',
        url: `/api/v1/items/${itemId}/journal?limit=200`,
        headers: { authorization: `Bearer ${t.tokens.admin}` },
      });
      return journal.json().data.filter((e: { kind: string }) => e.kind === 'approval_requested');
    }
    const mailsOf = (approvalId: string) => mailer.sent.filter((m) => m.text.includes(approvalId));
    /** The approval mail of a second process over the same database. */
    const secondProcess = () =>
      new ApprovalMail({
        context: {
          ...engineContextOf(otherStore, t.clock),
          outside: { mailer, publicUrl: 'http://crm.test' },
        },
      });

    test('the event pass sends no approval mail; the mail loop sends it once and never again', async () => {
      const { itemId, approvalId } = await requestApproval('Quiet pass');
      assert.equal(mailsOf(approvalId).length, 0, 'the event pass and the runs sent nothing');
      assert.equal((await requested(itemId)).length, 0);
      assert.equal(await t.automation.approvalMail.nextDueInMs(), 0, 'the mail loop wakes for it at once');
      assert.equal(await t.automation.approvalMail.drain(), 1);
      assert.equal(mailsOf(approvalId).length, 1);
      const entries = await requested(itemId);
      assert.equal(entries.length, 1);
      assert.equal(entries[0].data.mailed, true);
      // Sent is done: neither a later pass nor another process sends it again.
      t.clock.advance(86_400_000);
      assert.equal(await t.automation.approvalMail.drain(), 0);
      assert.equal(await secondProcess().drain(), 0);
      assert.equal(await t.automation.approvalMail.nextDueInMs(), undefined);
      assert.equal(mailsOf(approvalId).length, 1);
      assert.equal((await requested(itemId)).length, 1);
    });

    test('of two processes taking the same due mail, one takes it and it goes out once', async () => {
      const { itemId, approvalId } = await requestApproval('Contested');
      const held = Promise.withResolvers<void>();
      mailer.gate = held.promise;
      const calls = mailer.calls;
      const first = t.automation.approvalMail.drain();
      await eventually('the first process sends', () => mailer.calls === calls + 1);
      // While the first holds the mail, the second finds nothing to take.
      assert.equal(await secondProcess().drain(), 0);
      mailer.gate = undefined;
      held.resolve();
      assert.equal(await first, 1);
      assert.equal(mailsOf(approvalId).length, 1);
      assert.equal((await requested(itemId)).length, 1);
    });

    test('two takers racing for one due mail: exactly one claim succeeds', async () => {
      const { approvalId } = await requestApproval('Race');
      const now = t.clock.now();
      const lease = new Date(now.getTime() + 300_000);
      const mine = engineContextOf(t.context.store, t.clock).store.direct().approvals;
      const theirs = engineContextOf(otherStore, t.clock).store.direct().approvals;
      const taken = await Promise.all([
        mine.takeMail(approvalId, 0, now, lease),
        theirs.takeMail(approvalId, 0, now, lease),
      ]);
      assert.equal(taken.filter((claim) => claim !== undefined).length, 1);
      // The taker crashed without an outcome: the mail is due again when its lease ends.
      assert.equal(await t.automation.approvalMail.drain(), 0);
      assert.equal(await t.automation.approvalMail.nextDueInMs(), 300_000);
      t.clock.advance(300_000);
      assert.equal(await t.automation.approvalMail.drain(), 1);
      assert.equal(mailsOf(approvalId).length, 1);
    });

    test('an approver deactivated before the mail went is not mailed; the journal says why', async () => {
      const deputy = await t.createUser({ role: 'manager', name: 'Dora Deputy' });
      await post('/api/v1/robots', {
        name: 'ask Dora',
        stageId,
        action: { type: 'request_approval', params: { approvers: [{ userId: deputy.id }], title: 'Dora?' } },
      });
      const { itemId } = await requestApproval('Deactivated');
      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${deputy.id}`,
        headers: { authorization: `Bearer ${t.tokens.admin}` },
        payload: { active: false },
      });
      assert.equal(patched.statusCode, 200, patched.body);
      const before = mailer.sent.length;
      await t.automation.approvalMail.drain();
      assert.equal(
        mailer.sent.filter((m) => m.to.some((to) => to.includes(deputy.email))).length,
        0,
        'nothing to the deactivated approver',
      );
      assert.equal(mailer.sent.length, before + 1, "Boris's mail of the same item went out");
      const dora = (await requested(itemId)).filter(
        (e: { data: { approverId: string } }) => e.data.approverId === deputy.id,
      );
      assert.equal(dora.length, 1);
      assert.equal(dora[0].data.mailed, false);
      assert.equal(dora[0].data.attempts, 0, 'no attempt at sending');
      assert.match(dora[0].data.problem, /Dora Deputy is deactivated/);
    });

    test('a deadline that passes the approval on wakes the mail loop for the next step', async () => {
      const next = await t.createUser({ role: 'manager', name: 'Nina Next' });
      const pipeline = await post('/api/v1/pipelines', {
        name: 'Escalating',
        entityType: 'deal',
        stages: [{ name: 'New' }, { name: 'Approval' }],
      });
      await post('/api/v1/robots', {
        name: 'ask in turn',
        stageId: pipeline.stages[1].id,
        action: {
          type: 'request_approval',
          params: {
            approvers: [{ userId: boss.id }, { userId: next.id }],
            title: 'Late?',
            deadlineMinutes: 60,
          },
        },
      });
      await post('/api/v1/items', { pipelineId: pipeline.id, stageId: pipeline.stages[1].id, title: 'Late' });
      await t.automation.runner.drain();
      // An engine of its own, to see what it wakes; the deadline passes.
      const woken: string[] = [];
      const engine = createEngine({
        ...engineContextOf(t.context.store, t.clock),
        wake: (what) => woken.push(what),
      });
      t.clock.advance(3_600_000);
      await engine.processPending();
      assert.ok(woken.includes('runs'), `woken: ${woken.join(', ')}`);
      assert.equal(await t.automation.approvalMail.nextDueInMs(), 0, "the next approver's mail is due");
      await t.automation.approvalMail.drain();
      assert.equal(mailer.sent.filter((m) => m.to.some((to) => to.includes(next.email))).length, 1);
    });

    test('a send timeout as long as the lease is refused', () => {
      const context = engineContextOf(t.context.store, t.clock);
      assert.throws(() => new ApprovalMail({ context, leaseMs: 60_000, sendTimeoutMs: 60_000 }), RangeError);
    });
  });
}

/**
 * The mail loop of a started automation, woken by the change that made a mail due: no drain and
 * no clock move. On the test's manual clock an idle loop sleeps until it is woken (its longest
 * sleep, 60 s, passes only when the clock moves), so a missing wake-up shows as a timeout.
 */
for (const dialect of DIALECTS) {
  describe(`approval mail of a started automation (${dialect})`, () => {
    const mailer = new HeldMailer();
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect, { outside: { mailer, publicUrl: 'http://crm.test' } });
    });
    after(async () => {
      await t?.close();
    });

    /** Through the API with nothing settled after it: the started automation does the rest. */
    async function call(method: 'GET' | 'POST', url: string, body?: unknown) {
      const response = await t.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${t.tokens.admin}` },
        ...(body !== undefined && { payload: body as object }),
      });
      assert.ok(response.statusCode < 300, response.body);
      return response.json();
    }
    const mailsTo = (user: TestUser) => mailer.sent.filter((m) => m.to.some((to) => to.includes(user.email)));
    const pendingEvents = async () =>
      Number(
        (
          await t.context.store.db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('status', '=', 'pending')
            .executeTakeFirstOrThrow()
        ).n,
      );

    test("the robot's run mails the first approver, and the decision that passes it on the second", async () => {
      const first = await t.createUser({ role: 'manager', name: 'Fiona First' });
      const second = await t.createUser({ role: 'manager', name: 'Sam Second' });
      const pipeline = await call('POST', '/api/v1/pipelines', {
        name: 'In turn',
        entityType: 'deal',
        stages: [{ name: 'New' }, { name: 'Approval' }],
      });
      const stageId = pipeline.stages[1].id;
      await call('POST', '/api/v1/robots', {
        name: 'ask both',
        stageId,
        action: {
          type: 'request_approval',
          params: { approvers: [{ userId: first.id }, { userId: second.id }], title: 'Both?' },
        },
      });
      await t.automation.start({ retention: false });
      // The robot's run starts the first step and wakes the mail loop itself. Each bound below is
      // well within the loop's longest idle sleep: only a wake-up can send the mail in time.
      const item = await call('POST', '/api/v1/items', {
        pipelineId: pipeline.id,
        stageId,
        title: 'Two steps',
      });
      await eventually('the first approver to be mailed', () => mailsTo(first).length === 1, 20_000);
      await eventually('every event to be processed', async () => (await pendingEvents()) === 0);
      const approval = (await call('GET', `/api/v1/approvals?itemId=${item.id}`)).data[0];
      const decided = await call('POST', `/api/v1/approvals/${approval.id}/decision`, {
        decision: 'approve',
      });
      assert.equal(decided.status, 'pending');
      assert.equal(decided.step, 1);
      await eventually('the second approver to be mailed', () => mailsTo(second).length === 1, 20_000);
      assert.equal(mailsTo(first).length, 1);
    });
  });
}
