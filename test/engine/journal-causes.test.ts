import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';

/**
 * Review: DESIGN §2 Journal, "every record links to its cause". Follows a cascade
 * (event → trigger move → robot run → update_fields → item.field_changed → trigger move) and
 * lists the records that name no cause: neither a causeId, nor a runId or eventId that leads back.
 */
for (const dialect of DIALECTS) {
  describe(`journal causes (${dialect})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp(dialect);
    });
    after(() => t.close());

    test('every journal record of a cascade except its root links to the record that caused it', async () => {
      const p = await t.request({
        method: 'POST',
        url: '/api/v1/pipelines',
        body: { name: 'Causes', entityType: 'deal', stages: [{ name: 'A' }, { name: 'B' }, { name: 'C' }] },
      });
      const [a, b, c] = p.body.stages.map((s: { id: string }) => s.id);
      const must = async (url: string, body: unknown) => {
        const r = await t.request({ method: 'POST', url, body });
        assert.ok(r.status < 300, JSON.stringify(r.body));
      };
      await must('/api/v1/triggers', { name: 'to B on chat', stageId: b, eventType: 'chat.message' });
      await must('/api/v1/robots', {
        name: 'mark hot',
        stageId: b,
        action: { type: 'update_fields', params: { set: { 'fields.hot': 'yes' } } },
      });
      await must('/api/v1/triggers', {
        name: 'to C when hot',
        stageId: c,
        eventType: 'item.field_changed',
        condition: { field: 'item.fields.hot', op: 'eq', value: 'yes' },
      });
      const item = await t.request({
        method: 'POST',
        url: '/api/v1/items',
        body: { pipelineId: p.body.id, stageId: a, title: 'x' },
      });
      await must('/api/v1/events', {
        id: 'root-1',
        type: 'chat.message',
        subject: { itemId: item.body.id },
        data: { text: 'hi' },
      });
      const journal = (
        await t.request({ method: 'GET', url: `/api/v1/items/${item.body.id}/journal?limit=200` })
      ).body.data as {
        id: string;
        kind: string;
        causeId: string | null;
        runId: string | null;
        eventId: string | null;
        rootEventId: string | null;
        message: string;
      }[];
      const stage = (await t.request({ method: 'GET', url: `/api/v1/items/${item.body.id}` })).body.stageId;
      assert.equal(stage, c, 'the cascade reached C');
      const chain = journal.filter((e) => e.rootEventId === 'root-1');
      const orphans = chain.filter(
        (e) =>
          e.causeId === null && e.runId === null && !(e.kind === 'event_received' && e.eventId === 'root-1'),
      );
      assert.deepEqual(
        orphans.map((e) => `${e.kind} run=${e.runId !== null} event=${e.eventId} : ${e.message}`),
        [],
      );
    });
  });
}
