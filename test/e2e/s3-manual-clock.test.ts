import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { createWorkspace, LONG, type RunningServer, startServer, type Workspace } from '../support/e2e.ts';
import { pageScript } from '../support/markdown.ts';

/** The README's S3 walk-through, pasted into bash against a server on the manual clock. */
describe('README: scenario S3 with STAGEFLOW_CLOCK=manual', { timeout: 10 * LONG }, () => {
  let workspace: Workspace;
  let server: RunningServer;
  before(async () => {
    workspace = await createWorkspace();
    server = await startServer({ ...workspace.env, STAGEFLOW_CLOCK: 'manual' });
  });
  after(async () => {
    if (server?.process.exitCode === null) server.process.kill('SIGKILL');
    await workspace.cleanup();
  });

  test('the walk-through runs as written: proposal sent, 72 hours later "Needs follow-up", journaled', (t) => {
    if (spawnSync('curl', ['--version']).status !== 0) return t.skip('curl is not installed');
    const script = pageScript('README.md', 's3-tour');
    assert.ok(script, 'README.md has a ```sh block after <!-- s3-tour -->');
    const result = spawnSync(
      'bash',
      ['-euo', 'pipefail', '-c', script.replaceAll('http://localhost:3000', server.base)],
      {
        env: { ...process.env, TOKEN: server.token },
        encoding: 'utf8',
        timeout: LONG,
      },
    );
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /"status":"accepted"/);
    assert.match(result.stdout, /trigger_matched Trigger "Proposal emailed"/);
    assert.match(result.stdout, /moved Moved from "New" to "Proposal sent"/);
    assert.match(result.stdout, /run_succeeded/);
    assert.match(result.stdout, /moved Moved from "Proposal sent" to "Needs follow-up"/);
  });
});
