import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cli, createWorkspace, LONG, type Workspace } from '../support/e2e.ts';

/** `stageflow export` and `stageflow import` as an integrator runs them: the real CLI. */
describe('stageflow export and import', { timeout: 10 * LONG }, () => {
  let workspace: Workspace;
  before(async () => {
    workspace = await createWorkspace();
    const demo = cli(['demo'], workspace.env);
    assert.equal(demo.code, 0, demo.stderr);
  });
  after(() => workspace.cleanup());

  test('a pipeline exports to a file by name and imports back as a new pipeline', () => {
    const file = join(workspace.env['STAGEFLOW_DATA_DIR'] ?? '', 'sales.json');
    const exported = cli(['export', '--pipeline', 'sales', '--out', file], workspace.env);
    assert.equal(exported.code, 0, exported.stderr);
    const document = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(document.format, 'stageflow.automation');
    assert.ok(document.robots.length > 0);
    const toStdout = cli(['export', '--pipeline', 'Sales'], workspace.env);
    assert.equal(JSON.parse(toStdout.stdout).robots.length, document.robots.length);

    const imported = cli(['import', file], workspace.env);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, new RegExp(`Imported pipeline "Sales" .*${document.robots.length} robots`));
    const piped = cli(['import', '-'], workspace.env, JSON.stringify(document));
    assert.equal(piped.code, 0, piped.stderr);
  });

  test('bad input fails with a clear message and a non-zero exit', () => {
    const unknown = cli(['export', '--pipeline', 'No such pipeline'], workspace.env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no pipeline has the id or name "No such pipeline"/);
    const missing = cli(['import', '/nonexistent/automation.json'], workspace.env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read \/nonexistent\/automation\.json/);
    const usage = cli(['import'], workspace.env);
    assert.equal(usage.code, 2);

    const file = join(workspace.env['STAGEFLOW_DATA_DIR'] ?? '', 'broken.json');
    const document = JSON.parse(cli(['export', '--pipeline', 'Sales'], workspace.env).stdout);
    document.robots[0].stageKey = 'nowhere';
    writeFileSync(file, JSON.stringify(document));
    const invalid = cli(['import', file], workspace.env);
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /nothing was imported/);
    assert.match(invalid.stderr, /^ {2}\/robots\/0\/stageKey: no stage has the key "nowhere"/m);
  });

  test('both commands explain themselves with --help', () => {
    assert.match(cli(['export', '--help'], workspace.env).stdout, /Usage: stageflow export --pipeline/);
    assert.match(cli(['import', '--help'], workspace.env).stdout, /Usage: stageflow import <FILE\|->/);
  });
});
