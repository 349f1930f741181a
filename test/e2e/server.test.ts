import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { BIN, cli, createWorkspace, freePort, LONG, repo, type Workspace, waitFor } from '../support/e2e.ts';
import { pageScript } from '../support/markdown.ts';

/** `bin/stageflow.js` as a person runs it: the commands, and `serve --demo` over real TCP. */

for (const dialect of [process.env['DATABASE_URL'] ? 'postgres' : 'sqlite']) {
  describe(`stageflow end to end (${dialect})`, { timeout: 10 * LONG }, () => {
    let workspace: Workspace;
    before(async () => {
      workspace = await createWorkspace();
    });
    after(() => workspace.cleanup());

    test('--help prints the commands and exits 0', () => {
      const { code, stdout } = cli(['--help'], workspace.env);
      assert.equal(code, 0);
      assert.match(stdout, /serve \[--demo\]/);
      assert.match(stdout, /tokens create/);
    });

    test('a bad PORT stops the start with exit 78 and a message naming PORT', () => {
      const { code, stdout, stderr } = cli(['serve'], { ...workspace.env, PORT: '70000' });
      assert.equal(code, 78);
      assert.equal(stdout, '');
      assert.match(stderr, /PORT="70000" must be an integer from 1 to 65535/);
    });

    test('migrate applies the migrations, and a second run applies nothing and succeeds', () => {
      const first = cli(['migrate'], workspace.env);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /0001-core/);
      const second = cli(['migrate'], workspace.env);
      assert.equal(second.code, 0, second.stderr);
      assert.match(second.stdout, /up to date/);
    });

    test('tokens create prints only the token, one line', () => {
      const { code, stdout, stderr } = cli(
        ['tokens', 'create', '--name', 'e2e', '--role', 'viewer'],
        workspace.env,
      );
      assert.equal(code, 0, stderr);
      assert.match(stdout, /^sf_[A-Za-z0-9_-]+\n$/);
    });

    describe('serve --demo', () => {
      let server: ChildProcess;
      let stdout = '';
      let stderr = '';
      let base = '';
      let token = '';
      const api = async (method: string, path: string, body?: unknown, as = token) => {
        const response = await fetch(`${base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${as}`,
            ...(body !== undefined && { 'content-type': 'application/json' }),
          },
          ...(body !== undefined && { body: JSON.stringify(body) }),
        });
        // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
        const json: any = await response.json();
        return { status: response.status, body: json };
      };

      before(async () => {
        const port = await freePort();
        server = spawn(process.execPath, [BIN, 'serve', '--demo'], {
          cwd: repo,
          env: { ...process.env, LOG_LEVEL: 'info', ...workspace.env, PORT: String(port), HOST: '127.0.0.1' },
        });
        server.stdout?.on('data', (chunk) => {
          stdout += chunk;
        });
        server.stderr?.on('data', (chunk) => {
          stderr += chunk;
        });
        const output = () => `stdout:\n${stdout}\nstderr:\n${stderr}`;
        token = await waitFor(
          'token in the banner',
          () => /export TOKEN=(sf_\S+)/.exec(stderr)?.[1],
          server,
          output,
        );
        base = await waitFor(
          'URL in the banner',
          () => /running at (http:\S+)/.exec(stderr)?.[1],
          server,
          output,
        );
        assert.equal(base, `http://127.0.0.1:${port}`);
      });
      after(() => {
        if (server.exitCode === null) server.kill('SIGKILL');
      });

      test('answers /healthz and /readyz without a token', async () => {
        assert.deepEqual(await (await fetch(`${base}/healthz`)).json(), { status: 'ok' });
        const ready = await fetch(`${base}/readyz`);
        assert.equal(ready.status, 200);
        assert.deepEqual(await ready.json(), { status: 'ready' });
      });

      test('loaded the demo workspace, and the banner token is an admin token', async () => {
        assert.match(stderr, dialect === 'postgres' ? /Database\s+postgres:\/\// : /Database\s+sqlite:/);
        const pipelines = await api('GET', '/api/v1/pipelines');
        assert.equal(pipelines.status, 200);
        assert.deepEqual(pipelines.body.data.map((p: { name: string }) => p.name).sort(), [
          'Deals',
          'Leads',
          'Sales',
        ]);
        const user = await api('POST', '/api/v1/users', {
          name: 'E2E',
          email: 'e2e@example.com',
          role: 'viewer',
        });
        assert.equal(user.status, 201);
      });

      test('the demo command refuses to load the demo a second time', () => {
        const { code, stderr: message } = cli(['demo'], workspace.env);
        assert.equal(code, 1);
        assert.match(message, /already has pipelines.*\n.*--force/);
      });

      test('demo --force loads the demo again, reusing the users', async () => {
        const usersBefore = (await api('GET', '/api/v1/users?limit=200')).body.data.length;
        const { code, stdout: summary, stderr: message } = cli(['demo', '--force'], workspace.env);
        assert.equal(code, 0, message);
        assert.match(summary, /Loaded the demo workspace.*3 pipelines.*0 users \(4 existing users reused\)/);
        assert.equal((await api('GET', '/api/v1/pipelines')).body.data.length, 6);
        assert.equal((await api('GET', '/api/v1/users?limit=200')).body.data.length, usersBefore);
      });

      test('a token from "tokens create" works against the running server', async () => {
        const created = cli(['tokens', 'create', '--name', 'e2e viewer', '--role', 'viewer'], workspace.env);
        const viewer = created.stdout.trim();
        assert.equal((await api('GET', '/api/v1/items', undefined, viewer)).status, 200);
        const write = await api('POST', '/api/v1/contacts', { name: 'Nope' }, viewer);
        assert.equal(write.status, 403);
      });

      test("the README's tour: create a pipeline, an item, move it, read its timeline", async () => {
        const pipeline = await api('POST', '/api/v1/pipelines', {
          name: 'Tour',
          entityType: 'deal',
          stages: [
            { name: 'New' },
            { name: 'Qualified' },
            { name: 'Won', semantics: 'won' },
            { name: 'Lost', semantics: 'lost' },
          ],
        });
        assert.equal(pipeline.status, 201, JSON.stringify(pipeline.body));
        const [newStage, qualified] = pipeline.body.stages;
        const item = await api('POST', '/api/v1/items', {
          pipelineId: pipeline.body.id,
          title: 'Orbita LLC: 120 office chairs',
          amount: '150000.00',
          currency: 'RUB',
        });
        assert.equal(item.status, 201, JSON.stringify(item.body));
        assert.equal(item.body.stageId, newStage.id);
        assert.equal(item.body.amount, '150000.00');
        const moved = await api('POST', `/api/v1/items/${item.body.id}/move`, { stageId: qualified.id });
        assert.equal(moved.status, 200, JSON.stringify(moved.body));
        assert.equal(moved.body.stageId, qualified.id);
        const timeline = await api('GET', `/api/v1/items/${item.body.id}/timeline`);
        assert.equal(timeline.status, 200);
        assert.deepEqual(
          timeline.body.data.map((entry: { kind: string }) => entry.kind),
          ['created', 'stage_changed'],
        );
      });

      test('the README tour runs as written with bash and curl', (t) => {
        if (spawnSync('curl', ['--version']).status !== 0) return t.skip('curl is not installed');
        const script = pageScript('README.md', 'tour');
        assert.ok(script, 'README.md has a ```sh block after <!-- tour -->');
        const result = spawnSync(
          'bash',
          ['-euo', 'pipefail', '-c', script.replaceAll('http://localhost:3000', base)],
          {
            env: { ...process.env, TOKEN: token },
            encoding: 'utf8',
            timeout: LONG,
          },
        );
        assert.equal(result.status, 0, result.stderr);
        const lines = result.stdout.trim().split('\n');
        const timeline = JSON.parse(lines.at(-1) ?? '');
        assert.deepEqual(
          timeline.data.map((entry: { kind: string }) => entry.kind),
          ['created', 'stage_changed'],
        );
      });

      test("the automation guide's catalogue example runs as written", (t) => {
        if (spawnSync('curl', ['--version']).status !== 0) return t.skip('curl is not installed');
        const script = pageScript('docs/guides/automation.md', 'catalogue-tour');
        assert.ok(script, 'docs/guides/automation.md has a ```sh block after <!-- catalogue-tour -->');
        const result = spawnSync(
          'bash',
          ['-euo', 'pipefail', '-c', script.replaceAll('http://localhost:3000', base)],
          { env: { ...process.env, TOKEN: token }, encoding: 'utf8', timeout: LONG },
        );
        assert.equal(result.status, 0, result.stderr);
        const [actions, taskEvents] = result.stdout.trim().split('\n');
        assert.match(actions ?? '', /^notify create_task complete_tasks /);
        assert.equal(taskEvents, 'task.status_changed');
      });

      test('logs JSON lines on stdout', () => {
        const lines = stdout.trim().split('\n');
        assert.ok(lines.length > 3);
        for (const line of lines) {
          const entry = JSON.parse(line);
          assert.equal(typeof entry.level, 'number', line);
          assert.equal(typeof entry.msg, 'string', line);
        }
        assert.ok(lines.some((line) => JSON.parse(line).msg === 'database ready'));
        assert.ok(!stdout.includes(token), 'the token stays out of the logs');
      });

      test('SIGTERM closes the server and the database and exits 0', async () => {
        const exited = new Promise<number | null>((resolve) => {
          if (server.exitCode !== null) resolve(server.exitCode);
          else server.once('exit', (code) => resolve(code));
        });
        server.kill('SIGTERM');
        assert.equal(await exited, 0, stderr);
        assert.match(stdout, /"msg":"stopped"/);
      });
    });
  });
}
