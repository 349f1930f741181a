import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkLayers, findImports } from '../scripts/check-layers.ts';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const fixture = (name: string) => join(repo, 'test', 'fixtures', name, 'src');

function runScript(...args: string[]) {
  return spawnSync(process.execPath, ['scripts/check-layers.ts', ...args], { cwd: repo, encoding: 'utf8' });
}

describe('layer check', () => {
  test('a clean tree passes with exit 0', () => {
    const result = runScript('test/fixtures/layers-good/src');
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
  });

  test('each violation is listed as file:line with its rule and the exit code is 1', () => {
    const result = runScript('test/fixtures/layers-bad/src');
    assert.equal(result.status, 1);
    const lines = result.stderr.trim().split('\n');
    const at = (location: string) =>
      lines.find((line) => line.startsWith(`test/fixtures/layers-bad/src/${location}:`));
    assert.match(
      at('domain/money.ts:1') ?? '',
      /domain is pure: it imports only computation packages .*not 'kysely'/,
    );
    assert.match(at('domain/money.ts:2') ?? '', /domain must not import store/);
    assert.match(at('domain/clock.ts:1') ?? '', /domain does no I\/O.*node:fs/);
    assert.match(at('store/rows.ts:1') ?? '', /store must not import queue.*same rank/);
    assert.match(at('automation/engine.ts:2') ?? '', /automation must not import api/);
    assert.match(at('api/server.ts:4') ?? '', /api must not import cli \('\.\.\/cli\/main\.ts'\)/);
    assert.match(at('stray.ts:1') ?? '', /every file lives in a layer folder/);
    assert.equal(lines.at(-1), 'check-layers: 7 layer violation(s)');
  });

  test('downward imports, like cli importing api, are not reported', () => {
    const files = checkLayers(fixture('layers-bad')).map((v) => v.file);
    assert.ok(!files.some((file) => file.endsWith('cli/main.ts') || file.endsWith('queue/wake.ts')));
  });

  test('a missing root is an error, not a pass', () => {
    const result = runScript('test/fixtures/no-such-folder');
    assert.equal(result.status, 2);
    assert.match(result.stderr, /is not a folder/);
  });

  test('domain tests may use Node built-ins but no packages', () => {
    const root = mkdtempSync(join(tmpdir(), 'stageflow-layers-'));
    try {
      mkdirSync(join(root, 'domain'));
      writeFileSync(join(root, 'domain', 'rule.test.ts'), "import assert from 'node:assert/strict';\n");
      writeFileSync(join(root, 'domain', 'other.test.ts'), "import fc from 'fast-check';\n");
      assert.deepEqual(
        checkLayers(root).map((v) => `${v.file.split('/').at(-1)}:${v.line}`),
        ['other.test.ts:1'],
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('import scanner', () => {
  test('finds static imports, re-exports and literal dynamic imports with their lines', () => {
    const source = [
      "import { a } from './a.ts';",
      'import type {',
      '  B,',
      "} from '../b.ts';",
      "import './side-effect.ts';",
      "export * from './c.ts';",
      "export type { D } from './d.ts';",
      'export { a };',
      "const e = await import('./e.ts');",
      'const url = import.meta.url;',
    ].join('\n');
    assert.deepEqual(findImports(source), [
      { specifier: './a.ts', line: 1 },
      { specifier: '../b.ts', line: 2 },
      { specifier: './side-effect.ts', line: 5 },
      { specifier: './c.ts', line: 6 },
      { specifier: './d.ts', line: 7 },
      { specifier: './e.ts', line: 9 },
    ]);
  });

  test('ignores imports written in comments, strings, templates and regular expressions', () => {
    const source = [
      "// import x from '../api/x.ts';",
      "/* export * from '../api/y.ts'; */",
      `const s = "import z from '../api/z.ts'";`,
      // `$\{` is `${` in a template; spelled so to keep the linter from seeing a placeholder here.
      `const t = \`import w from '../api/$\{name}.ts'\`;`,
      "const r = /import v from '..\\/api'/;",
      "const real = import('./real.ts');",
    ].join('\n');
    assert.deepEqual(findImports(source), [{ specifier: './real.ts', line: 6 }]);
  });
});
