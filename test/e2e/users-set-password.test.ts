import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { verifyPassword } from '../../src/automation/passwords.ts';
import { openStore } from '../../src/store/database.ts';
import { cli, createWorkspace, LONG, type Workspace } from '../support/e2e.ts';

const ADMIN = 'olga.smirnova@romashka.example';

/** `stageflow users set-password` as an operator runs it: the real CLI, the password piped in. */
describe('stageflow users set-password', { timeout: 10 * LONG }, () => {
  let workspace: Workspace;
  before(async () => {
    workspace = await createWorkspace();
    const demo = cli(['demo'], workspace.env);
    assert.equal(demo.code, 0, demo.stderr);
  });
  after(() => workspace.cleanup());

  async function storedHash(email: string): Promise<string | null> {
    const store = openStore({
      databaseUrl: workspace.env['DATABASE_URL'] || undefined,
      dataDir: workspace.env['STAGEFLOW_DATA_DIR'] ?? '',
    });
    try {
      const row = await store.db
        .selectFrom('users')
        .select('passwordHash')
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
      return row.passwordHash;
    } finally {
      await store.close();
    }
  }

  test('a short password or an unknown email fails with a message and changes nothing', async () => {
    const short = cli(['users', 'set-password', '--email', ADMIN], workspace.env, 'too-short\n');
    assert.equal(short.code, 1);
    assert.match(short.stderr, /at least 10 characters; nothing changed/);
    const unknown = cli(
      ['users', 'set-password', '--email', 'nobody@example.com'],
      workspace.env,
      'long-enough-1\n',
    );
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no user has the email nobody@example\.com; nothing changed/);
    const empty = cli(['users', 'set-password', '--email', ADMIN], workspace.env, '');
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /no password on standard input/);
    assert.equal(await storedHash(ADMIN), null);
  });

  test('a piped line becomes the password (its line break is not part of it), and stdout stays empty', async () => {
    const set = cli(
      ['users', 'set-password', '--email', 'Olga.Smirnova@Romashka.example'],
      workspace.env,
      'secret-pass-1\r\n',
    );
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stderr, /Password set for Olga Smirnova <olga\.smirnova@romashka\.example>/);
    assert.equal(set.stdout, '');
    const hash = await storedHash(ADMIN);
    assert.ok(hash !== null);
    assert.equal(await verifyPassword('secret-pass-1', hash), true);
    assert.equal(await verifyPassword('secret-pass-1\r', hash), false);
  });
});
