import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp, type TestUser } from '../support/harness.ts';

/**
 * request_approval with `deadlineInWorkingTime`: each step's deadline counts only the working
 * hours of the approver whose step it is, in their calendar and time zone, when the approval is
 * asked, when it escalates and when an approver passes it on. The clock starts on Monday
 * 2026-03-02 09:00 UTC.
 */
for (const dialect of DIALECTS) {
  describe(`approval deadlines in working time (${dialect})`, () => {
    let t: TestApp;
    let boss: TestUser;
    let director: TestUser;
    let pipelineId: string;
    let askStageId: string;
    let managerId: string;
    before(async () => {
      t = await createTestApp(dialect);
      director = await t.createUser({ role: 'manager', name: 'Dai Director' });
      boss = await t.createUser({ role: 'manager', name: 'Berta Boss' });
      const manager = await t.createUser({ role: 'manager', name: 'Mila Manager' });
      await patch(`/api/v1/users/${boss.id}`, {
        timeZone: 'Europe/Berlin',
        calendar: { weekDays: [1, 2, 3, 4, 5], hours: { start: '09:00', end: '18:00' }, holidays: [] },
      });
      // Five working hours a day, in Tokyo.
      await patch(`/api/v1/users/${director.id}`, {
        timeZone: 'Asia/Tokyo',
        calendar: { weekDays: [1, 2, 3, 4, 5], hours: { start: '10:00', end: '15:00' }, holidays: [] },
      });
      await patch(`/api/v1/users/${manager.id}`, { supervisorId: boss.id });
      const pipeline = await post('/api/v1/pipelines', {
        name: 'Deals',
        entityType: 'deal',
        stages: [{ name: 'New' }, { name: 'Ask' }],
      });
      pipelineId = pipeline.id;
      askStageId = pipeline.stages[1].id;
      await post('/api/v1/robots', {
        name: 'eight working hours each',
        stageId: askStageId,
        action: {
          type: 'request_approval',
          params: {
            approvers: ['supervisor', { userId: director.id }],
            title: 'Discount for {{ item.title }}',
            deadlineMinutes: 480,
            deadlineInWorkingTime: true,
          },
        },
      });
      managerId = manager.id;
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
    const approvalOf = async (id: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/approvals/${id}` })).body;
    async function ask(title: string) {
      const item = await post('/api/v1/items', {
        pipelineId,
        stageId: askStageId,
        title,
        responsibleId: managerId,
      });
      const approvals = (await t.request({ method: 'GET', url: `/api/v1/approvals?itemId=${item.id}` })).body
        .data;
      assert.equal(approvals.length, 1);
      return approvals[0];
    }

    test('8 working hours asked on Friday 16:00 fall due on Monday 15:00, and escalate then, not before', async () => {
      await t.advance('PT102H'); // Friday 2026-03-06 15:00 UTC, 16:00 in Berlin.
      assert.equal(t.clock.now().toISOString(), '2026-03-06T15:00:00.000Z');
      const approval = await ask('Weekend deal');
      assert.equal(approval.deadlineInWorkingTime, true);
      // Berlin, Mon–Fri 09:00–18:00: two hours on Friday, six from Monday 09:00, so 15:00 (UTC+1).
      assert.equal(approval.dueAt, '2026-03-09T14:00:00.000Z');

      await t.advance('PT70H59M'); // Monday 14:59 in Berlin.
      const waiting = await approvalOf(approval.id);
      assert.equal(waiting.currentApproverId, boss.id, 'the night and the weekend do not count');
      assert.equal(waiting.decisions.length, 0);

      await t.advance('PT1M');
      const escalated = await approvalOf(approval.id);
      assert.equal(escalated.currentApproverId, director.id);
      assert.equal(escalated.decisions[0].outcome, 'escalated');
      // The director's step counts in Tokyo, 10:00–15:00: Monday 14:00 UTC is 23:00 there, so five
      // hours on Tuesday and three on Wednesday, until 13:00 (UTC+9).
      assert.equal(escalated.dueAt, '2026-03-11T04:00:00.000Z');

      await t.advance('PT37H59M');
      assert.equal((await approvalOf(approval.id)).status, 'pending');
      await t.advance('PT1M');
      const rejected = await approvalOf(approval.id);
      assert.equal(rejected.status, 'rejected', 'nobody is left after the director');
      assert.equal(rejected.decisions[1].via, 'deadline');
    });

    test("an approver who approves passes it on with the next approver's working hours", async () => {
      const now = t.clock.now().toISOString(); // Wednesday 04:00 UTC: 05:00 in Berlin, 13:00 in Tokyo.
      assert.equal(now, '2026-03-11T04:00:00.000Z');
      const approval = await ask('Passed on');
      assert.equal(approval.dueAt, '2026-03-11T16:00:00.000Z', 'Berlin: Wednesday 09:00–17:00');
      const decided = await t.request({
        method: 'POST',
        url: `/api/v1/approvals/${approval.id}/decision`,
        body: { decision: 'approve' },
      });
      assert.equal(decided.status, 200, JSON.stringify(decided.body));
      assert.equal(decided.body.currentApproverId, director.id);
      // Tokyo: two hours on Wednesday (13:00–15:00), five on Thursday, one on Friday: 11:00.
      assert.equal(decided.body.dueAt, '2026-03-13T02:00:00.000Z');
    });

    test('working time without deadline minutes is refused when the robot is saved, and nothing is saved', async () => {
      const before = (await t.request({ method: 'GET', url: '/api/v1/robots?limit=200' })).body.data.length;
      const refused = await t.request({
        method: 'POST',
        url: '/api/v1/robots',
        body: {
          name: 'no minutes',
          stageId: askStageId,
          action: {
            type: 'request_approval',
            params: { approvers: ['supervisor'], title: 'Anything', deadlineInWorkingTime: true },
          },
        },
      });
      assert.equal(refused.status, 400, JSON.stringify(refused.body));
      assert.ok(
        JSON.stringify(refused.body).includes('deadlineInWorkingTime'),
        `the problem names the field: ${JSON.stringify(refused.body)}`,
      );
      const after = (await t.request({ method: 'GET', url: '/api/v1/robots?limit=200' })).body.data.length;
      assert.equal(after, before);
    });
  });
}
