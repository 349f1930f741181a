import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../../src/store/database.ts';
import {
  cli,
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

  test('a second start replaces the first token, a start that fails replaces none: one "npm start" token works', async () => {
    server = await startServer(workspace.env);
    const first = server.token;
    assert.equal(await statusWith(first), 200);
    assert.equal(await stopServer(server), 0, server.stderr());

    server = await startServer(workspace.env);
    const second = server.token;
    assert.notEqual(second, first);
    assert.equal(await statusWith(second), 200);
    assert.equal(await statusWith(first), 401, 'the first token was revoked');

    // npm start again while the server runs: the port is taken, nothing is printed, and the
    // running server's token keeps working.
    const taken = cli(['serve', '--demo'], {
      ...workspace.env,
      HOST: '127.0.0.1',
      PORT: new URL(server.base).port,
    });
    assert.notEqual(taken.code, 0, taken.stderr);
    assert.doesNotMatch(taken.stderr, /export TOKEN=/);
    assert.equal(await statusWith(second), 200, 'a start that failed left the printed token working');
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
      assert.equal(tokens.length, 3, 'revoked tokens stay as a record');
      const active = tokens.filter((t) => t.revokedAt === null);
      assert.deepEqual(active, [{ role: 'admin', revokedAt: null }]);
    } finally {
      await store.close();
    }
  });
});
