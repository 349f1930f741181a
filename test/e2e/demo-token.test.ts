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
import { signIn } from '../support/sign-in.ts';

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

  const sessionStatus = async (cookie: string) =>
    (await fetch(`${server?.base}/api/v1/session`, { headers: { cookie } })).status;

  const signInStatus = async (email: string, password: string) =>
    (
      await fetch(`${server?.base}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      })
    ).status;

  test('the printed demo admin password signs in; the next start prints a new one and ends the old sessions', async () => {
    server = await startServer(workspace.env);
    const first = server.signIn;
    assert.ok(first, `the banner prints a sign-in:\n${server.stderr()}`);
    assert.equal(first.email, 'olga.smirnova@romashka.example');
    assert.match(first.password, /^[A-Za-z0-9_-]{16}$/);
    assert.match(server.stderr(), new RegExp(`Sign in {6}${server.base}/ {2}as `));
    const session = await signIn(server.base, first.email, first.password);
    assert.equal(session.user.role, 'admin');
    assert.equal(await sessionStatus(session.cookie), 200);
    // Signed in, the admin may write, with the CSRF token.
    const created = await fetch(`${server.base}/api/v1/contacts`, {
      method: 'POST',
      headers: {
        cookie: session.cookie,
        'x-csrf-token': session.csrfToken,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'Signed-in Contact' }),
    });
    assert.equal(created.status, 201);
    assert.equal(await stopServer(server), 0, server.stderr());

    server = await startServer(workspace.env);
    const second = server.signIn;
    assert.ok(second);
    assert.notEqual(second.password, first.password);
    assert.equal(await signInStatus(first.email, first.password), 401, 'the first password stopped working');
    assert.equal(await sessionStatus(session.cookie), 401, 'and so did its session');
    assert.equal((await signIn(server.base, second.email, second.password)).user.email, second.email);
    assert.equal(await stopServer(server), 0, server.stderr());
  });

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
      assert.equal(tokens.length, 5, 'revoked tokens stay as a record');
      const active = tokens.filter((t) => t.revokedAt === null);
      assert.deepEqual(active, [{ role: 'admin', revokedAt: null }]);
    } finally {
      await store.close();
    }
  });
});
