import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../../test/support/harness.ts';

/** What each tried run waits for, or why it is skipped, as codes a client can read. */

interface TriedRun {
  robotName: string;
  status: string;
  waitsFor: string | null;
  skipReason: string | null;
}
const verdicts = (runs: readonly TriedRun[]) =>
  runs.map(({ robotName, status, waitsFor, skipReason }) => [robotName, status, waitsFor, skipReason]);

for (const dialect of DIALECTS) {
  describe(`dry run reasons (${dialect})`, () => {
    let t: TestApp;
    let stages: Record<string, string>;
    let itemId: string;
    const robotIds: Record<string, string> = {};
    const dryRun = async (body: Record<string, unknown>) => {
      const answer = await t.request({ method: 'POST', url: '/api/v1/dry-run', body: { itemId, ...body } });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      return answer.body.runs as TriedRun[];
    };
    const move = async (stage: string) => {
      const answer = await t.request({
        method: 'POST',
        url: `/api/v1/items/${itemId}/move`,
        body: { stageId: stages[stage] },
      });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
    };

    before(async () => {
      t = await createTestApp(dialect);
      const pipeline = await t.request({
        method: 'POST',
        url: '/api/v1/pipelines',
        body: { name: 'Sales', entityType: 'deal', stages: [{ name: 'New' }, { name: 'Qualified' }] },
      });
      stages = Object.fromEntries(
        pipeline.body.stages.map((s: { id: string; name: string }) => [s.name, s.id]),
      );
      const note = (text: string) => ({ type: 'add_timeline_entry', params: { text } });
      const robots = [
        { name: 'Welcome once', repeat: 'once-per-item', action: note('Welcome') },
        { name: 'Remind tomorrow', timing: { kind: 'after', duration: 'P1D' }, action: note('Remind') },
        { name: 'Then note', afterPrevious: true, action: note('Then') },
        {
          name: 'Before the meeting',
          timing: { kind: 'at', field: 'item.fields.meetingAt' },
          action: note('Meet'),
        },
        {
          name: 'Big deals only',
          condition: { field: 'item.amount', op: 'gt', value: 1_000_000 },
          action: note('Big'),
        },
      ];
      for (const robot of robots) {
        const saved = await t.request({
          method: 'POST',
          url: '/api/v1/robots',
          body: { ...robot, stageId: stages['Qualified'] },
        });
        assert.equal(saved.status, 201, JSON.stringify(saved.body));
        robotIds[robot.name] = saved.body.id;
      }
      const created = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: {
          pipelineId: pipeline.body.id,
          stageId: stages['New'],
          title: 'Deal',
          amount: '10.00',
          currency: 'USD',
        },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      itemId = created.body.id;
    });
    after(() => t.close());

    test('each run of a move says what it waits for or why it is skipped, or null for neither', async () => {
      const runs = await dryRun({
        trigger: { name: 'Mail in', stageId: stages['Qualified'], eventType: 'email.received' },
        event: { type: 'email.received', data: { from: 'buyer@example.test', subject: 'Hello' } },
      });
      assert.deepEqual(verdicts(runs), [
        ['Welcome once', 'scheduled', null, null],
        ['Remind tomorrow', 'scheduled', null, null],
        ['Then note', 'waiting', 'previous', null],
        ['Before the meeting', 'waiting', 'field', null],
        ['Big deals only', 'skipped', null, 'condition'],
      ]);
    });

    test('a once-per-item robot that already ran for the item is skipped as once_per_item', async () => {
      await move('Qualified');
      await move('New');
      const runs = await dryRun({
        trigger: { name: 'Mail in', stageId: stages['Qualified'], eventType: 'email.received' },
        event: { type: 'email.received', data: { from: 'buyer@example.test', subject: 'Hello' } },
      });
      assert.deepEqual(verdicts(runs)[0], ['Welcome once', 'skipped', null, 'once_per_item']);
      const [alone] = await dryRun({ robotId: robotIds['Welcome once'] });
      assert.deepEqual(verdicts([alone as TriedRun]), [['Welcome once', 'skipped', null, 'once_per_item']]);
    });

    test('a robot tried alone says what it waits for or why it is skipped', async () => {
      const tried = async (name: string) => verdicts(await dryRun({ robotId: robotIds[name] }))[0];
      assert.deepEqual(await tried('Remind tomorrow'), ['Remind tomorrow', 'scheduled', null, null]);
      assert.deepEqual(await tried('Then note'), ['Then note', 'waiting', 'previous', null]);
      assert.deepEqual(await tried('Before the meeting'), ['Before the meeting', 'waiting', 'field', null]);
      assert.deepEqual(await tried('Big deals only'), ['Big deals only', 'skipped', null, 'condition']);
    });
  });
}
