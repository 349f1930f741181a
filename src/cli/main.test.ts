import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CliIo } from './io.ts';
import { main } from './main.ts';

/** Runs the CLI in-process with captured output; none of these command lines reach a database. */
async function run(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
    cwd: '/nonexistent',
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('stageflow command line', () => {
  test('--help lists every command on stdout and exits 0', async () => {
    for (const flag of ['--help', '-h', 'help']) {
      const { code, stdout, stderr } = await run([flag]);
      assert.equal(code, 0);
      assert.equal(stderr, '');
      for (const command of ['serve', 'migrate', 'demo', 'tokens create'])
        assert.match(stdout, new RegExp(command));
      assert.match(stdout, /DATABASE_URL/);
    }
  });

  test('no command prints the help on stderr and exits 2', async () => {
    const { code, stdout, stderr } = await run([]);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /Usage: stageflow <command>/);
  });

  test('each command has its own --help, even with a broken configuration', async () => {
    const broken = { PORT: 'nope' };
    for (const [argv, usage] of [
      [['serve', '--help'], /stageflow serve \[--demo\]/],
      [['migrate', '-h'], /stageflow migrate/],
      [['demo', '--help'], /stageflow demo \[--force\]/],
      [['tokens', '--help'], /Subcommands:/],
      [['tokens', 'create', '--help'], /--role <role>/],
      [['users', '--help'], /set-password/],
      [['users', 'set-password', '--help'], /read as one line from\nstandard input/],
    ] as const) {
      const { code, stdout } = await run([...argv], broken);
      assert.equal(code, 0, argv.join(' '));
      assert.match(stdout, usage);
    }
  });

  test('users set-password needs --email and a known subcommand, before reading anything', async () => {
    const noEmail = await run(['users', 'set-password']);
    assert.equal(noEmail.code, 2);
    assert.match(noEmail.stderr, /stageflow users set-password: --email is required/);
    const unknown = await run(['users', 'delete']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown users subcommand "delete"/);
  });

  test('an unknown command is named on stderr with exit 2', async () => {
    const { code, stdout, stderr } = await run(['srve']);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /unknown command "srve"/);
    assert.match(stderr, /stageflow --help/);
  });

  test('an unknown flag is named on stderr with exit 2', async () => {
    const { code, stderr } = await run(['serve', '--demo', '--port=80']);
    assert.equal(code, 2);
    assert.match(stderr, /stageflow serve: unknown option --port/);
    assert.match(stderr, /stageflow serve --help/);
    assert.match((await run(['--verbose'])).stderr, /unknown option --verbose/);
  });

  test('a stray argument is refused with exit 2', async () => {
    const { code, stderr } = await run(['migrate', 'now']);
    assert.equal(code, 2);
    assert.match(stderr, /unexpected argument now/);
  });

  test('tokens needs a known subcommand', async () => {
    assert.equal((await run(['tokens'])).code, 2);
    const { code, stderr } = await run(['tokens', 'list']);
    assert.equal(code, 2);
    assert.match(stderr, /unknown tokens subcommand "list"/);
  });

  test('tokens create refuses a missing name or a bad role with exit 2 and no output', async () => {
    for (const [argv, message] of [
      [['--role', 'admin'], /--name is required/],
      [['--name', 'ci'], /--role is required/],
      [['--name', 'ci', '--role', 'owner'], /--role must be one of admin, manager, viewer, not "owner"/],
    ] as const) {
      const { code, stdout, stderr } = await run(['tokens', 'create', ...argv]);
      assert.equal(code, 2, argv.join(' '));
      assert.equal(stdout, '');
      assert.match(stderr, message);
    }
  });

  test('an invalid configuration exits 78 naming each variable and value', async () => {
    const { code, stdout, stderr } = await run(['migrate'], {
      PORT: '70000',
      DATABASE_URL: 'mysql://x/y',
      STAGEFLOW_DEFAULT_REGION: 'XX',
    });
    assert.equal(code, 78);
    assert.equal(stdout, '');
    assert.match(stderr, /PORT="70000" must be an integer from 1 to 65535/);
    assert.match(stderr, /DATABASE_URL="mysql:\/\/x\/y"/);
    assert.match(stderr, /STAGEFLOW_DEFAULT_REGION="XX" must be a two-letter region code/);
  });
});
