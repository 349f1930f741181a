import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, TEST_START, type TestApp } from '../../../test/support/harness.ts';
import { sessionClient, signIn } from '../../../test/support/sign-in.ts';

const HOUR = 60 * 60 * 1000;
const at = (ms: number) => new Date(TEST_START.getTime() + ms).toISOString();

for (const dialect of DIALECTS) {
  describe(`robot backfill API (${dialect})`, () => {
    let t: TestApp;
    const client = sessionClient(() => t);
    let stages: Record<string, string>;
    const items: Record<string, string> = {};
    let followUp: string;
    let once: string;

    const post = async (url: string, body?: unknown, as: 'admin' | 'manager' = 'admin') =>
      t.request({ method: 'POST', url, body, as });
    const created = async (url: string, body: unknown) => {
      const response = await post(url, body);
      assert.equal(response.status, 201, JSON.stringify(response.body));
      return response.body.id as string;
    };
    const item = (title: string, amount: string, stage = 'Proposal sent') =>
      created('/api/v1/items', { pipelineId: stages['pipeline'], stageId: stages[stage], title, amount });
    const robot = (body: Record<string, unknown>) =>
      created('/api/v1/robots', {
        stageId: stages['Proposal sent'],
        action: { type: 'add_timeline_entry', params: { text: 'Backfilled {{ item.title }}' } },
        ...body,
      });
    const preview = async (robotId: string) => {
      const response = await post(`/api/v1/robots/${robotId}/backfill/preview`);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      return response.body;
    };
    type Candidate = Record<string, unknown> & {
      condition: { matched: boolean; children?: unknown[] } | null;
    };
    const candidateOf = (body: { candidates: Candidate[] }, name: string) =>
      body.candidates.find((c) => c['itemId'] === items[name]) as Candidate;
    const runsOf = async (robotId: string) =>
      (await t.request({ method: 'GET', url: `/api/v1/runs?robotId=${robotId}&limit=200` })).body.data as {
        id: string;
        itemId: string;
        status: string;
      }[];

    before(async () => {
      t = await createTestApp(dialect);
      const pipeline = await post('/api/v1/pipelines', {
        name: 'Deals',
        entityType: 'deal',
        stages: [{ name: 'New' }, { name: 'Proposal sent' }],
      });
      stages = { pipeline: pipeline.body.id };
      for (const stage of pipeline.body.stages) stages[stage.name] = stage.id;
      // Two items in the stage before any robot is saved on it.
      items['big'] = await item('Big deal', '5000.00');
      items['small'] = await item('Small deal', '50.00');
      followUp = await robot({
        name: 'Follow up big deals',
        timing: { kind: 'after', duration: 'P2D' },
        condition: { field: 'item.amount', op: 'gt', value: 1000 },
      });
      // Entered after the robot was saved: its entry already has a run.
      items['late'] = await item('Late deal', '9000.00');
      await t.advance('PT24H');
    });
    after(() => t.close());

    test('the preview lists eligible and refused items with their reasons, conditions and due times', async () => {
      const body = await preview(followUp);
      assert.equal(body.kind, 'robot');
      assert.equal(body.ruleName, 'Follow up big deals');
      assert.equal(body.now, at(24 * HOUR));
      assert.equal(body.truncated, false);
      assert.deepEqual(
        body.candidates.map((c: { title: string }) => c.title),
        ['Big deal', 'Small deal', 'Late deal'],
      );
      assert.equal(body.eligibleCount, 1);

      const big = candidateOf(body, 'big');
      assert.equal(big['eligible'], true);
      assert.equal(big['reasonCode'], 'ok');
      assert.equal(big['stageName'], 'Proposal sent');
      // Two days after the item entered the stage, not two days after now.
      assert.equal(big['dueAt'], at(48 * HOUR));
      assert.equal(big.condition?.matched, true);

      const small = candidateOf(body, 'small');
      assert.equal(small['eligible'], false);
      assert.equal(small['reasonCode'], 'condition');
      assert.match(String(small['reason']), /item\.amount/);
      assert.equal(small.condition?.matched, false);
      assert.equal((small.condition as { compared?: { actual: unknown } }).compared?.actual, 50);

      const late = candidateOf(body, 'late');
      assert.equal(late['reasonCode'], 'already_planned');
      assert.equal(late['dueAt'], null);
    });

    test('confirming plans runs only for the eligible items, journaled with the confirming user', async () => {
      const olga = await t.createUser({ role: 'admin', name: 'Olga Smirnova' });
      const session = await signIn(t.app, olga.email, olga.password);
      const before = (await runsOf(followUp)).length;
      const response = await client.asSession(session, 'POST', `/api/v1/robots/${followUp}/backfill`, {
        body: { itemIds: [items['big'], items['small'], items['late']] },
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.deepEqual(
        response.body.applied.map((a: { itemId: string }) => a.itemId),
        [items['big']],
      );
      assert.equal(response.body.applied[0].dueAt, at(48 * HOUR));
      assert.deepEqual(
        response.body.skipped.map((s: { itemId: string; reasonCode: string }) => [s.itemId, s.reasonCode]),
        [
          [items['small'], 'condition'],
          [items['late'], 'already_planned'],
        ],
      );
      const runs = await runsOf(followUp);
      assert.equal(runs.length, before + 1);
      const run = runs.find((r) => r.id === response.body.applied[0].runId);
      assert.equal(run?.itemId, items['big']);
      assert.equal(run?.status, 'scheduled');

      const journal = await t.request({
        method: 'GET',
        url: `/api/v1/items/${items['big']}/journal?kind=run_planned`,
      });
      const planned = journal.body.data.find((e: { runId: string }) => e.runId === run?.id);
      assert.equal(planned.data.backfill, true);
      assert.deepEqual(planned.data.by, { userId: olga.id, name: 'Olga Smirnova' });
      assert.match(planned.message, /planned by a backfill confirmed by Olga Smirnova/);

      // The planned run fires when it is due, like any other.
      await t.advance('PT24H');
      const fired = (await runsOf(followUp)).find((r) => r.id === run?.id);
      assert.equal(fired?.status, 'succeeded');
    });

    test('confirming twice plans nothing twice', async () => {
      const before = (await runsOf(followUp)).length;
      const response = await post(`/api/v1/robots/${followUp}/backfill`, {
        itemIds: [items['big'], items['big']],
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.deepEqual(response.body.applied, []);
      assert.deepEqual(
        response.body.skipped.map((s: { reasonCode: string }) => s.reasonCode),
        ['already_planned'],
      );
      assert.equal((await runsOf(followUp)).length, before);
    });

    test('a once-per-item robot that already ran for an item refuses it; due times are never before now', async () => {
      once = await robot({ name: 'Welcome once', repeat: 'once-per-item' });
      // Out of the stage and back in: the robot ran for the item in its earlier entry.
      items['again'] = await item('Returning deal', '3000.00');
      assert.equal((await runsOf(once)).filter((r) => r.itemId === items['again']).length, 1);
      for (const stage of ['New', 'Proposal sent']) {
        const moved = await post(`/api/v1/items/${items['again']}/move`, { stageId: stages[stage] });
        assert.equal(moved.status, 200, JSON.stringify(moved.body));
      }
      const body = await preview(once);
      assert.equal(candidateOf(body, 'again')['reasonCode'], 'once_per_item');
      const small = candidateOf(body, 'small');
      assert.equal(small['reasonCode'], 'ok');
      assert.equal(small.condition, null);
      // Immediately after an entry two days ago: due now, not in the past.
      assert.equal(small['dueAt'], body.now);

      const response = await post(`/api/v1/robots/${once}/backfill`, {
        itemIds: [items['small'], items['again']],
      });
      assert.deepEqual(
        response.body.applied.map((a: { itemId: string }) => a.itemId),
        [items['small']],
      );
      assert.equal(response.body.skipped[0].reasonCode, 'once_per_item');
      const run = (await runsOf(once)).find((r) => r.itemId === items['small']);
      assert.equal(run?.status, 'succeeded', 'a run due now fires at once');
    });

    test('an after-previous robot backfilled waits for the run of the robot before it, when there is one', async () => {
      const chain = await post('/api/v1/pipelines', {
        name: 'Chain',
        entityType: 'deal',
        stages: [{ name: 'Open' }],
      });
      const open = chain.body.stages[0].id;
      const enter = (title: string) =>
        created('/api/v1/items', { pipelineId: chain.body.id, stageId: open, title });
      const before = await enter('Before the robots');
      const first = await created('/api/v1/robots', {
        name: 'First',
        stageId: open,
        action: { type: 'add_timeline_entry', params: { text: 'first' } },
        timing: { kind: 'after', duration: 'P5D' },
      });
      const after = await enter('After the first robot');
      const second = await created('/api/v1/robots', {
        name: 'Second',
        stageId: open,
        action: { type: 'add_timeline_entry', params: { text: 'second' } },
        afterPrevious: true,
      });
      const firstRun = (await runsOf(first)).find((r) => r.itemId === after);
      assert.equal(firstRun?.status, 'scheduled');

      const body = await preview(second);
      const of = (id: string) => body.candidates.find((c: { itemId: string }) => c.itemId === id);
      assert.equal(of(before).dueAt, body.now, 'no run before it in this entry: due by its own timing');
      assert.equal(of(after).dueAt, null);
      assert.match(of(after).reason, /waits for the previous robot's run/);

      const response = await post(`/api/v1/robots/${second}/backfill`, { itemIds: [after] });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      const run = await t.request({ method: 'GET', url: `/api/v1/runs/${response.body.applied[0].runId}` });
      assert.equal(run.body.status, 'waiting');
      assert.equal(run.body.previousRunId, firstRun?.id);
    });

    test('an item that left the stage since the preview is skipped', async () => {
      const leaving = await item('Leaving deal', '7000.00');
      await post(`/api/v1/items/${leaving}/move`, { stageId: stages['New'] });
      const response = await post(`/api/v1/robots/${followUp}/backfill`, { itemIds: [leaving] });
      assert.deepEqual(response.body.applied, []);
      assert.equal(response.body.skipped[0].reasonCode, 'not_in_stage');
    });

    test('a manager may not preview or confirm a backfill; a disabled robot answers 409', async () => {
      const previewed = await post(`/api/v1/robots/${followUp}/backfill/preview`, undefined, 'manager');
      assert.equal(previewed.status, 403);
      const confirmed = await post(
        `/api/v1/robots/${followUp}/backfill`,
        { itemIds: [items['big']] },
        'manager',
      );
      assert.equal(confirmed.status, 403);

      const disabled = await robot({ name: 'Off', enabled: false });
      const refused = await post(`/api/v1/robots/${disabled}/backfill/preview`);
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'rule_disabled');
      const empty = await post(`/api/v1/robots/${followUp}/backfill`, { itemIds: [] });
      assert.equal(empty.status, 400);
    });
  });
}
