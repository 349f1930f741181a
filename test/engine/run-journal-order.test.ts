import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

/**
 * A run's `run_started` and `run_succeeded` are written together once the action is done, yet
 * the journal still tells them in the order they happened: what the action journaled (a move, the
 * runs it planned) comes between them.
 */
for (const dialect of DIALECTS) {
  describe(`the journal of a run (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    test("a robot's move is journaled between the run's start and its success", async () => {
      const p = await t.request({
        method: 'POST',
        url: '/api/v1/pipelines',
        body: { name: 'Order', entityType: 'deal', stages: [{ name: 'A' }, { name: 'B' }] },
      });
      const [a, b] = p.body.stages.map((s: { id: string }) => s.id);
      const must = async (url: string, body: unknown) => {
        const r = await t.request({ method: 'POST', url, body });
        assert.ok(r.status < 300, JSON.stringify(r.body));
        return r.body;
      };
      const mover = await must('/api/v1/robots', {
        name: 'move on',
        stageId: a,
        action: { type: 'move_to_stage', params: { stageId: b } },
      });
      await must('/api/v1/robots', {
        name: 'note in B',
        stageId: b,
        timing: { kind: 'after', duration: 'PT1H' },
        action: { type: 'add_timeline_entry', params: { text: 'in B' } },
      });
      const item = await must('/api/v1/items', { pipelineId: p.body.id, stageId: a, title: 'x' });
      const journal = (await t.request({ method: 'GET', url: `/api/v1/items/${item.id}/journal?limit=200` }))
        .body.data as { id: string; kind: string; robotId: string | null }[];
      const kinds = journal
        .toSorted((x, y) => (x.id < y.id ? -1 : 1))
        .filter((entry) => entry.kind !== 'run_planned' || entry.robotId !== mover.id)
        .map((entry) => entry.kind);
      const from = kinds.indexOf('run_started');
      assert.deepEqual(kinds.slice(from, from + 4), ['run_started', 'moved', 'run_planned', 'run_succeeded']);
    });
  });
}
