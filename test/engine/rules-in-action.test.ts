import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

/** The ISO duration from `now` to the next Friday 15:00 UTC (16:00 in Berlin in March). */
function untilNextFriday1500Utc(now: Date): string {
  const target = new Date(now);
  target.setUTCHours(15, 0, 0, 0);
  while (target.getUTCDay() !== 5 || target <= now) target.setUTCDate(target.getUTCDate() + 1);
  const minutes = Math.round((target.getTime() - now.getTime()) / 60_000);
  return `P${Math.floor(minutes / 1440)}DT${Math.floor((minutes % 1440) / 60)}H${minutes % 60}M`;
}

interface Setup {
  readonly pipelineId: string;
  readonly stage: Record<string, string>;
}

/** Triggers, robots and guards working together through the public API and the manual clock. */
for (const dialect of DIALECTS) {
  describe(`engine behaviour (${dialect})`, () => {
    let t: TestApp;
    let userId: string;
    before(async () => {
      t = await createTestApp(dialect);
      userId = (
        await t.request({
          method: 'POST',
          url: '/api/v1/users',
          body: { name: 'Nina', email: 'nina@example.com', role: 'manager', timeZone: 'Europe/Berlin' },
        })
      ).body.id;
    });
    after(() => t.close());

    const post = async (url: string, body: unknown) => {
      const response = await t.request({ method: 'POST', url, body });
      assert.ok(response.status < 300, `${url}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
    const get = async (url: string) => (await t.request({ method: 'GET', url })).body;
    const pipeline = async (name: string, stages: [string, string?][]): Promise<Setup> => {
      const created = await post('/api/v1/pipelines', {
        name,
        entityType: 'deal',
        stages: stages.map(([stageName, semantics]) => ({ name: stageName, semantics: semantics ?? 'open' })),
      });
      return {
        pipelineId: created.id,
        stage: Object.fromEntries(created.stages.map((s: { id: string; name: string }) => [s.name, s.id])),
      };
    };
    const item = (p: Setup, stage: string, extra: Record<string, unknown> = {}) =>
      post('/api/v1/items', {
        pipelineId: p.pipelineId,
        stageId: p.stage[stage],
        title: `Deal in ${stage}`,
        responsibleId: userId,
        ...extra,
      });
    const stageOf = async (p: Setup, id: string) => {
      const current = (await get(`/api/v1/items/${id}`)).stageId;
      return Object.entries(p.stage).find(([, value]) => value === current)?.[0];
    };
    const event = (itemId: string, type = 'app.event', data: Record<string, unknown> = { name: 'ping' }) =>
      post('/api/v1/events', { type, subject: { itemId }, data });

    test('triggers move forward only, unless allowBackward; a final stage is left only by allowBackward', async () => {
      const p = await pipeline('Forward', [['A'], ['B'], ['C'], ['Won', 'won']]);
      await post('/api/v1/triggers', { name: 'to A', stageId: p.stage['A'], eventType: 'chat.message' });
      await post('/api/v1/triggers', {
        name: 'back to A',
        stageId: p.stage['A'],
        eventType: 'sms.received',
        allowBackward: true,
      });
      const deal = await item(p, 'B');
      await event(deal.id, 'chat.message', { text: 'hi' });
      assert.equal(await stageOf(p, deal.id), 'B', 'a forward-only trigger does not move back');
      const journal = (await get(`/api/v1/items/${deal.id}/journal?kind=trigger_not_matched`)).data;
      assert.match(journal[0].message, /moves forward only/);
      await event(deal.id, 'sms.received', { phone: '+4930123' });
      assert.equal(await stageOf(p, deal.id), 'A', 'allowBackward moves back');

      const won = await item(p, 'Won');
      await event(won.id, 'chat.message', { text: 'hi' });
      assert.equal(await stageOf(p, won.id), 'Won');
      await event(won.id, 'sms.received', { phone: '+4930123' });
      assert.equal(await stageOf(p, won.id), 'A');
    });

    test('of several matching triggers the furthest target wins, in one move', async () => {
      const p = await pipeline('Furthest', [['A'], ['B'], ['C'], ['D']]);
      for (const stage of ['B', 'D', 'C']) {
        await post('/api/v1/triggers', {
          name: `to ${stage}`,
          stageId: p.stage[stage],
          eventType: 'app.event',
        });
      }
      const deal = await item(p, 'A');
      await event(deal.id);
      assert.equal(await stageOf(p, deal.id), 'D');
      const moves = (await get(`/api/v1/items/${deal.id}/timeline`)).data.filter(
        (e: { kind: string }) => e.kind === 'stage_changed',
      );
      assert.equal(moves.length, 1);
    });

    test('a filter reads the event data, a condition the item', async () => {
      const p = await pipeline('Filters', [['A'], ['Big']]);
      await post('/api/v1/triggers', {
        name: 'big order',
        stageId: p.stage['Big'],
        eventType: 'app.event',
        filter: { field: 'event.data.name', op: 'eq', value: 'order' },
        condition: { field: 'item.amount', op: 'gte', value: 1000 },
      });
      const small = await item(p, 'A', { amount: '10.00' });
      const big = await item(p, 'A', { amount: '5000.00' });
      await event(small.id, 'app.event', { name: 'order' });
      await event(big.id, 'app.event', { name: 'ping' });
      assert.equal(await stageOf(p, small.id), 'A');
      assert.equal(await stageOf(p, big.id), 'A');
      await event(big.id, 'app.event', { name: 'order' });
      assert.equal(await stageOf(p, big.id), 'Big');
    });

    test('a once-per-item robot runs on the first entry only; an every-entry robot on each', async () => {
      const p = await pipeline('Once', [['A'], ['B']]);
      const note = (text: string, repeat: string) =>
        post('/api/v1/robots', {
          name: text,
          stageId: p.stage['B'],
          repeat,
          action: { type: 'add_timeline_entry', params: { text } },
        });
      await note('once', 'once-per-item');
      await note('every', 'every-entry');
      const deal = await item(p, 'A');
      for (const target of ['B', 'A', 'B']) {
        await post(`/api/v1/items/${deal.id}/move`, { stageId: p.stage[target] });
      }
      const texts = (await get(`/api/v1/items/${deal.id}/timeline?limit=100`)).data
        .filter((e: { kind: string }) => e.kind === 'robot_entry')
        .map((e: { text: string }) => e.text);
      assert.deepEqual(texts.sort(), ['every', 'every', 'once']);
    });

    test('a loop between two robots is stopped and journaled', async () => {
      const p = await pipeline('Loop', [['Ping'], ['Pong']]);
      await post('/api/v1/robots', {
        name: 'to Pong',
        stageId: p.stage['Ping'],
        action: { type: 'move_to_stage', params: { stageId: p.stage['Pong'] } },
      });
      await post('/api/v1/robots', {
        name: 'to Ping',
        stageId: p.stage['Pong'],
        action: { type: 'move_to_stage', params: { stageId: p.stage['Ping'] } },
      });
      const deal = await item(p, 'Ping');
      const journal = (await get(`/api/v1/items/${deal.id}/journal?limit=200`)).data;
      const stopped = journal.filter((e: { kind: string }) => e.kind === 'loop_stopped');
      assert.equal(stopped.length, 1);
      assert.match(stopped[0].message, /Loop stopped/);
      const moves = journal.filter((e: { kind: string }) => e.kind === 'moved').length;
      assert.ok(moves < 10, `the loop was cut short (${moves} moves)`);
      assert.equal(
        (await get(`/api/v1/runs?itemId=${deal.id}&status=scheduled`)).data.length,
        0,
        'nothing left spinning',
      );
    });

    test('an "at" robot waits for its date field and is planned again when the field changes', async () => {
      const p = await pipeline('Dates', [['Booked'], ['Reminded']]);
      await post('/api/v1/robots', {
        name: 'remind a day before',
        stageId: p.stage['Booked'],
        timing: { kind: 'at', field: 'item.fields.meetingAt', offset: '-P1D' },
        action: { type: 'move_to_stage', params: { stageId: p.stage['Reminded'] } },
      });
      const deal = await item(p, 'Booked');
      const [waiting] = (await get(`/api/v1/runs?itemId=${deal.id}`)).data;
      assert.equal(waiting.status, 'waiting');
      await t.request({
        method: 'PATCH',
        url: `/api/v1/items/${deal.id}`,
        body: { fields: { meetingAt: '2026-03-10T12:00:00Z' } },
      });
      let [run] = (await get(`/api/v1/runs?itemId=${deal.id}`)).data;
      assert.equal(run.status, 'scheduled');
      assert.equal(run.dueAt, '2026-03-09T12:00:00.000Z');
      await t.request({
        method: 'PATCH',
        url: `/api/v1/items/${deal.id}`,
        body: { fields: { meetingAt: '2026-03-20T12:00:00Z' } },
      });
      [run] = (await get(`/api/v1/runs?itemId=${deal.id}`)).data;
      assert.equal(run.dueAt, '2026-03-19T12:00:00.000Z');
      await t.advance('P8D');
      assert.equal(await stageOf(p, deal.id), 'Booked', 'not at the old due time');
      await t.advance('P10D');
      assert.equal(await stageOf(p, deal.id), 'Reminded');
    });

    test('a robot in working time waits over the weekend', async () => {
      const p = await pipeline('Working', [['In'], ['Out']]);
      await post('/api/v1/robots', {
        name: 'four working hours',
        stageId: p.stage['In'],
        timing: { kind: 'after', duration: 'PT4H', workingTime: true },
        action: { type: 'move_to_stage', params: { stageId: p.stage['Out'] } },
      });
      // Friday 2026-03-06 16:00 in Berlin (15:00 UTC): two hours left that day, two on Monday.
      await t.advance(untilNextFriday1500Utc(t.clock.now()));
      const deal = await item(p, 'In');
      const [run] = (await get(`/api/v1/runs?itemId=${deal.id}`)).data;
      const friday = t.clock.now();
      const monday = new Date(friday.getTime() + 3 * 86_400_000);
      monday.setUTCHours(10, 0, 0, 0);
      assert.equal(run.dueAt, monday.toISOString(), 'Monday 11:00 in Berlin');
    });

    test('an afterPrevious robot starts when the previous one finished; the condition is checked when it fires', async () => {
      const p = await pipeline('Chain', [['Start'], ['End']]);
      await post('/api/v1/robots', {
        name: 'first, in an hour',
        stageId: p.stage['Start'],
        timing: { kind: 'after', duration: 'PT1H' },
        action: { type: 'add_timeline_entry', params: { text: 'first' } },
      });
      await post('/api/v1/robots', {
        name: 'second, after the first',
        stageId: p.stage['Start'],
        afterPrevious: true,
        condition: { field: 'item.title', op: 'contains', value: 'go' },
        action: { type: 'add_timeline_entry', params: { text: 'second' } },
      });
      const go = await item(p, 'Start', { title: 'go on' });
      const stop = await item(p, 'Start', { title: 'wait' });
      const statuses = async (id: string) =>
        (await get(`/api/v1/runs?itemId=${id}`)).data.map((r: { status: string }) => r.status);
      assert.deepEqual(await statuses(go.id), ['scheduled', 'waiting']);
      await t.advance('PT1H');
      assert.deepEqual(await statuses(go.id), ['succeeded', 'succeeded']);
      const [, skipped] = (await get(`/api/v1/runs?itemId=${stop.id}`)).data;
      assert.equal(skipped.status, 'skipped');
      assert.match(skipped.reason, /condition not met/);
    });

    test('a run that fails for good is recorded with its error and the responsible user is notified', async () => {
      const p = await pipeline('Failing', [['A']]);
      const ghost = await post('/api/v1/users', {
        name: 'Ghost',
        email: 'ghost@example.com',
        role: 'manager',
      });
      const robot = await post('/api/v1/robots', {
        name: 'task for a ghost',
        stageId: p.stage['A'],
        action: { type: 'create_task', params: { title: 'x', responsible: { userId: ghost.id } } },
      });
      // The user leaves after the robot was saved: its runs can no longer succeed.
      assert.equal((await t.request({ method: 'DELETE', url: `/api/v1/users/${ghost.id}` })).status, 204);
      const deal = await item(p, 'A');
      const [run] = (await get(`/api/v1/runs?itemId=${deal.id}&robotId=${robot.id}`)).data;
      assert.equal(run.status, 'failed');
      assert.ok(run.error.message.length > 0);
      assert.equal(run.error.attempt, 1);
      const notes = (await get(`/api/v1/notifications?userId=${userId}&itemId=${deal.id}`)).data;
      assert.ok(notes.some((n: { title: string }) => /task for a ghost/.test(n.title)));
      const retried = await t.request({ method: 'POST', url: `/api/v1/runs/${run.id}/retry` });
      assert.equal(retried.status, 200);
      const [again] = (await get(`/api/v1/runs?itemId=${deal.id}&robotId=${robot.id}`)).data;
      assert.equal(again.status, 'failed');
      assert.equal(again.attempts, 2);
    });
  });
}
