import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CliIo } from './io.ts';
import { main } from './main.ts';

/** The command line of `stageflow worker`; none of these reach a database. */
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
  return { code: await main(argv, io), stdout, stderr };
}

describe('stageflow worker', () => {
  test('is listed in the global help', async () => {
    const { code, stdout } = await run(['--help']);
    assert.equal(code, 0);
    assert.match(stdout, /worker\s+process events and runs/);
    assert.match(stdout, /STAGEFLOW_CLOCK/);
    assert.match(stdout, /STAGEFLOW_JOURNAL_RETENTION_DAYS/);
  });

  test('--help explains that workers share the runs of one PostgreSQL database', async () => {
    const { code, stdout } = await run(['worker', '--help']);
    assert.equal(code, 0);
    assert.match(stdout, /Usage: stageflow worker/);
    assert.match(stdout, /PostgreSQL/);
  });

  test('refuses the embedded SQLite database with a message naming DATABASE_URL and exit 78', async () => {
    const { code, stdout, stderr } = await run(['worker'], { DATABASE_URL: '' });
    assert.equal(code, 78);
    assert.equal(stdout, '');
    assert.match(stderr, /DATABASE_URL is not set: "stageflow worker" needs PostgreSQL/);
    assert.match(stderr, /stageflow serve/);
  });

  test('refuses the manual clock, which only the serve process can move', async () => {
    const { code, stderr } = await run(['worker'], {
      DATABASE_URL: 'postgres://stageflow@db.invalid/crm',
      STAGEFLOW_CLOCK: 'manual',
    });
    assert.equal(code, 78);
    assert.match(stderr, /STAGEFLOW_CLOCK=manual/);
  });

  test('takes no options', async () => {
    const { code, stderr } = await run(['worker', '--concurrency=4']);
    assert.equal(code, 2);
    assert.match(stderr, /stageflow worker: unknown option --concurrency/);
  });
});
