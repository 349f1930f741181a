import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, DIALECTS, type TestApp } from '../../test/support/harness.ts';
import { rowCounts } from '../../test/support/row-counts.ts';

interface JournalRecord {
  readonly id: string;
  readonly kind: string;
  readonly stageId: string | null;
  readonly robotId: string | null;
  readonly rootEventId: string | null;
  readonly causeId: string | null;
  readonly depth: number;
  readonly data: Record<string, unknown>;
}

interface Pipeline {
  readonly id: string;
  readonly open: string;
  readonly offer: string;
}

async function post(t: TestApp, url: string, body: unknown, status = 201) {
  const response = await t.request({ method: 'POST', url, body });
  assert.equal(response.status, status, `${url}: ${JSON.stringify(response.body)}`);
  return response.body;
}

async function get(t: TestApp, url: string) {
  return (await t.request({ method: 'GET', url })).body;
}

/** Open (one robot) → Offer (a guard on the amount, a robot and a follower chained to it). */
async function pipelineWithRules(t: TestApp): Promise<Pipeline> {
  const created = await post(t, '/api/v1/pipelines', {
    name: 'Offers',
    entityType: 'deal',
    stages: [{ name: 'Open' }, { name: 'Offer' }],
  });
  const [open, offer] = created.stages.map((stage: { id: string }) => stage.id as string);
  const robot = (stageId: string, name: string, extra: Record<string, unknown> = {}) =>
    post(t, '/api/v1/robots', {
      name,
      stageId,
      timing: { kind: 'after', duration: 'PT1H' },
      action: { type: 'add_timeline_entry', params: { text: name } },
      ...extra,
    });
  await robot(open, 'chase');
  await robot(offer, 'send the offer');
  await robot(offer, 'call after the offer', { afterPrevious: true });
  await post(t, '/api/v1/guards', {
    name: 'Worth an offer',
    stageId: offer,
    condition: { field: 'item.amount', op: 'gte', value: 100 },
    message: 'Too small for an offer',
  });
  return { id: created.id, open, offer };
}

/** The last entry of an item into a stage: its `moved` record, its event, the runs it planned. */
async function lastEntry(t: TestApp, itemId: string) {
  const journal = (await get(t, `/api/v1/items/${itemId}/journal?limit=200`)).data as JournalRecord[];
  const moved = journal.filter((record) => record.kind === 'moved').at(-1);
  assert.ok(moved !== undefined, 'the entry is journaled');
  const events = await t.context.store.db
    .selectFrom('events')
    .select(['id', 'type', 'rootEventId', 'depth'])
    .where('causeJournalId', '=', moved.id)
    .execute();
  const runs = (await get(t, `/api/v1/runs?itemId=${itemId}&limit=100`)).data as {
    robotId: string;
    stageId: string;
    status: string;
  }[];
  return {
    moved: {
      stageId: moved.stageId,
      depth: moved.depth,
      toStageId: moved.data['toStageId'],
      cause: moved.data['cause'],
    },
    // The entry starts the chain: its event's id is the root of every record it leads to.
    events: events.map((event) => ({
      type: event.type,
      depth: event.depth,
      rootOfTheChain: event.id === moved.rootEventId && event.rootEventId === moved.rootEventId,
    })),
    planned: journal
      .filter((record) => record.kind === 'run_planned' && record.causeId === moved.id)
      .map((record) => ({
        robotId: record.robotId,
        status: record.data['status'],
        inTheChain: record.rootEventId === moved.rootEventId,
      })),
    runs: runs
      .filter((run) => run.stageId === moved.stageId)
      .map((run) => ({ robotId: run.robotId, status: run.status }))
      .sort((a, b) => a.status.localeCompare(b.status)),
  };
}

/**
 * Creating an item in a stage and moving one into it are one path: the same guard check, the
 * same `moved` record, event and planned runs. Each side compared here was tested on one path.
 */
for (const dialect of DIALECTS) {
  describe(`entering a stage (${dialect})`, () => {
    let t: TestApp;
    let p: Pipeline;
    const item = (stageId: string, amount: string, status = 201) =>
      post(t, '/api/v1/items', { pipelineId: p.id, stageId, title: `Deal of ${amount}`, amount }, status);
    before(async () => {
      t = await createTestApp(dialect);
      p = await pipelineWithRules(t);
    });
    after(() => t.close());

    test('an item created in a stage is journaled, announced and planned like one moved into it', async () => {
      const moved = await item(p.open, '500.00');
      await post(t, `/api/v1/items/${moved.id}/move`, { stageId: p.offer }, 200);
      const created = await item(p.offer, '500.00');

      const byMove = await lastEntry(t, moved.id);
      const byCreation = await lastEntry(t, created.id);
      assert.deepEqual(
        byCreation.events.map((event) => event.type),
        ['item.created'],
      );
      assert.deepEqual(
        byMove.events.map((event) => event.type),
        ['item.stage_changed'],
      );
      const withoutType = (entry: typeof byMove) => ({
        ...entry,
        events: entry.events.map(({ type: _, ...rest }) => rest),
      });
      assert.deepEqual(withoutType(byCreation), withoutType(byMove));
      assert.equal(byCreation.planned.length, 2, JSON.stringify(byCreation));
      assert.deepEqual(
        byCreation.runs.map((run) => run.status),
        ['scheduled', 'waiting'],
      );
      assert.equal((byCreation.moved.cause as { kind: string }).kind, 'manual');
    });

    test('a guard refusing an entry changes nothing: a move keeps its runs, a creation leaves no row', async () => {
      const small = await item(p.open, '50.00');
      const runsBefore = await get(t, `/api/v1/runs?itemId=${small.id}`);

      const beforeMove = await rowCounts(t);
      await post(t, `/api/v1/items/${small.id}/move`, { stageId: p.offer }, 409);
      assert.deepEqual(await rowCounts(t), {
        ...beforeMove,
        journal_entries: (beforeMove['journal_entries'] ?? 0) + 1,
      });
      const stayed = await get(t, `/api/v1/items/${small.id}`);
      assert.equal(stayed.stageId, p.open);
      assert.equal(stayed.version, small.version);
      assert.deepEqual(await get(t, `/api/v1/runs?itemId=${small.id}`), runsBefore);
      const journal = (await get(t, `/api/v1/items/${small.id}/journal?limit=200`)).data as JournalRecord[];
      assert.equal(journal.at(-1)?.kind, 'move_refused');

      const beforeCreation = await rowCounts(t);
      const refused = await item(p.offer, '50.00', 409);
      assert.equal(refused.detail, 'Too small for an offer', JSON.stringify(refused));
      assert.deepEqual(await rowCounts(t), beforeCreation);
    });
  });
}
