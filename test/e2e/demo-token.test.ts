import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../../src/store/database.ts';
import {
  createWorkspace,
  LONG,
  type RunningServer,
  startServer,
  stopServer,
  type Workspace,
} from '../support/e2e.ts';

/** `npm start` (`stageflow serve --demo`) started twice on one database, as real processes. */
describe('the admin token that npm start prints', { timeout: 10 * LONG }, () => {
  let workspace: Workspace;
  let server: RunningServer | undefined;
  before(async () => {
    workspace = await createWorkspace();
  });
  after(async () => {
    if (server?.process.exitCode === null) server.process.kill('SIGKILL');
    await workspace.cleanup();
  });

  const statusWith = async (token: string) =>
    (await fetch(`${server?.base}/api/v1/pipelines`, { headers: { authorization: `Bearer ${token}` } }))
      .status;

  test('a second start replaces the first token: the old one is refused, one "npm start" token works', async () => {
    server = await startServer(workspace.env);
    const first = server.token;
    assert.equal(await statusWith(first), 200);
    assert.equal(await stopServer(server), 0, server.stderr());

    server = await startServer(workspace.env);
    const second = server.token;
    assert.notEqual(second, first);
    assert.equal(await statusWith(second), 200);
    assert.equal(await statusWith(first), 401, 'the first token was revoked');
    assert.equal(await stopServer(server), 0, server.stderr());

    const store = openStore({
      databaseUrl: workspace.env['DATABASE_URL'] || undefined,
      dataDir: workspace.env['STAGEFLOW_DATA_DIR'] ?? '',
    });
    try {
      const tokens = await store.db
        .selectFrom('apiTokens')
        .select(['role', 'revokedAt'])
        .where('name', '=', 'npm start')
        .execute();
      assert.equal(tokens.length, 2, 'the revoked token stays as a record');
      const active = tokens.filter((t) => t.revokedAt === null);
      assert.deepEqual(active, [{ role: 'admin', revokedAt: null }]);
    } finally {
      await store.close();
    }
  });
});
