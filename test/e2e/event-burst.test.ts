import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openPostgres, openSqlite, type Store } from '../../src/store/database.ts';
import { cli, createWorkspace, freePort, LONG, type Workspace } from '../support/e2e.ts';
import { type StageflowProcess, spawnStageflow, until } from '../support/stageflow-process.ts';

const ITEMS = 10;
const MESSAGES_PER_ITEM = 5;

/**
 * A burst of events over HTTP to the real `stageflow serve`, then silence: every event ends
 * processed, also the item.stage_changed that the last move of the burst wrote, without any
 * further request to wake anything. The database is read directly, so no request is made.
 */
describe('a burst of events over HTTP, then no more requests', { timeout: 4 * LONG }, () => {
  let workspace: Workspace;
  let direct: Store;
  let server: StageflowProcess | undefined;
  let token = '';

  before(async () => {
    workspace = await createWorkspace();
    const created = cli(['tokens', 'create', '--name', 'burst', '--role', 'admin'], workspace.env);
    assert.equal(created.code, 0, created.stderr);
    token = created.stdout.trim();
    const url = workspace.env['DATABASE_URL'] ?? '';
    direct =
      url === ''
        ? openSqlite(join(workspace.env['STAGEFLOW_DATA_DIR'] ?? '', 'stageflow.db'))
        : openPostgres(url);
  });
  after(async () => {
    server?.process.kill('SIGKILL');
    await server?.exited;
    await direct?.close();
    await workspace?.cleanup();
  });

  test('every event of the burst ends processed, the last moves’ item.stage_changed included', async () => {
    const port = await freePort();
    const started = spawnStageflow(['serve'], { ...workspace.env, PORT: String(port), HOST: '127.0.0.1' });
    server = started;
    const base = await until(
      'server banner',
      async () => /running at (http:\S+)/.exec(started.output())?.[1],
      [started],
    );
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
    const call = async (path: string, body: unknown): Promise<any> => {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer = await response.json();
      assert.ok(response.status < 300, `${path}: ${response.status} ${JSON.stringify(answer)}`);
      return answer;
    };

    const pipeline = await call('/api/v1/pipelines', {
      name: 'Burst',
      entityType: 'deal',
      stages: [{ name: 'New' }, { name: 'Replied' }, { name: 'Qualified' }],
    });
    const [, replied, qualified] = pipeline.stages;
    await call('/api/v1/triggers', { name: 'reply', stageId: replied.id, eventType: 'chat.message' });
    // A second move by a robot, so item.stage_changed events come from the run worker too.
    await call('/api/v1/robots', {
      name: 'qualify',
      stageId: replied.id,
      action: { type: 'move_to_stage', params: { stageId: qualified.id } },
    });
    const items: string[] = [];
    for (let i = 0; i < ITEMS; i++) {
      items.push((await call('/api/v1/items', { pipelineId: pipeline.id, title: `Deal ${i}` })).id);
    }
    // All at once: the last of them moves an item, and nothing comes after it.
    await Promise.all(
      items.flatMap((itemId) =>
        Array.from({ length: MESSAGES_PER_ITEM }, (_, n) =>
          call('/api/v1/events', {
            id: `burst-${itemId}-${n}`,
            type: 'chat.message',
            subject: { itemId },
            data: { text: `message ${n}` },
          }),
        ),
      ),
    );

    const counts = async () => {
      const rows = await direct.db
        .selectFrom('events')
        .select(['type', 'status', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['type', 'status'])
        .execute();
      return rows.map((row) => ({ ...row, n: Number(row.n) }));
    };
    const settled = await until('every event processed', async () => {
      const now = await counts();
      const moved = now.find((row) => row.type === 'item.stage_changed')?.n ?? 0;
      const unprocessed = now.filter((row) => row.status === 'pending' || row.status === 'processing');
      return moved === 2 * ITEMS && unprocessed.length === 0 ? now : undefined;
    }, [started]);
    assert.deepEqual(
      settled.filter((row) => row.status !== 'processed'),
      [],
      'none failed',
    );
    assert.equal(
      settled.find((row) => row.type === 'chat.message')?.n,
      ITEMS * MESSAGES_PER_ITEM,
      'every message of the burst',
    );
  });
});
