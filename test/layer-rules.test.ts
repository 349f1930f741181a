import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const config = join(repo, '.dependency-cruiser.mjs');
const depcruise = join(repo, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');

/** Runs the real dependency-cruiser with the project's rules on `<cwd>/src`, as `npm run check-layers` does. */
function cruise(cwd: string) {
  // The Node running this test, not whichever `node` comes first on the PATH.
  const result = spawnSync(process.execPath, [depcruise, '--config', config, 'src'], {
    cwd,
    encoding: 'utf8',
  });
  const violations = [...result.stdout.matchAll(/^\s*error (\S+): (\S+)(?: → (\S+))?$/gm)].map(
    ([, rule, from, to]) =>
      `${rule}: ${from}${to === undefined ? '' : ` -> ${to.replace(/^.*node_modules\//, '')}`}`,
  );
  return { status: result.status, output: result.stdout + result.stderr, violations };
}

const fixture = (name: string) => join(repo, 'test', 'fixtures', name);

/** A throwaway tree of files (path → source) outside the repository, for the cases no fixture can hold. */
function withTree(files: Record<string, string>, check: (root: string) => void): void {
  const root = mkdtempSync(join(tmpdir(), 'stageflow-layers-'));
  try {
    for (const [path, source] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), source);
    }
    check(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('layer rules (dependency-cruiser)', () => {
  test('a tree whose imports point downwards passes with exit 0', () => {
    const result = cruise(fixture('layers-good'));
    assert.equal(result.status, 0, result.output);
    assert.match(result.output, /no dependency violations found/);
  });

  test('each import that points up or sideways is refused by its named rule', () => {
    const result = cruise(fixture('layers-bad'));
    assert.notEqual(result.status, 0, result.output);
    assert.deepEqual(result.violations.sort(), [
      'api-imports-no-cli: src/api/server.ts -> src/cli/main.ts',
      'automation-does-no-io: src/automation/io.ts -> fs',
      'automation-does-no-io: src/automation/io.ts -> pg/esm/index.mjs',
      'automation-imports-only-domain: src/automation/engine.ts -> src/api/server.ts',
      // `import(\`../queue/wake.ts\`)`: a dynamic import written as a template literal.
      'automation-imports-only-domain: src/automation/lazy.ts -> src/queue/wake.ts',
      'domain-does-no-io: src/domain/clock.ts -> fs',
      'domain-imports-no-higher-layer: src/domain/money.ts -> src/store/rows.ts',
      'domain-imports-only-pure-packages: src/domain/money.ts -> kysely/dist/esm/index.js',
      'every-file-in-a-layer-folder: src/stray.ts',
      'production-imports-no-test-code: src/queue/setup.ts -> test/support/fake-queue.ts',
      // A route that opens its own transaction instead of calling a command.
      'routes-open-no-transaction: src/api/routes/items.routes.ts -> src/store/transaction.ts',
      // A type-only re-export between layers of the same rank.
      'same-rank-layers-are-independent: src/channels/rows.ts -> src/store/rows.ts',
      'same-rank-layers-are-independent: src/store/rows.ts -> src/queue/wake.ts',
    ]);
    assert.match(result.output, /13 dependency violations/);
  });

  test('type-only imports across layers are violations too', () => {
    withTree(
      {
        'src/api/server.ts': 'export type Serve = () => string;\n',
        'src/channels/hook.ts':
          "import type { Serve } from '../api/server.ts';\nexport const s: Serve = () => '';\n",
        'src/queue/inline.ts':
          "import { type Serve } from '../api/server.ts';\nexport const s: Serve = () => '';\n",
      },
      (root) => {
        assert.deepEqual(cruise(root).violations.sort(), [
          'store-queue-channels-import-no-higher-layer: src/channels/hook.ts -> src/api/server.ts',
          'store-queue-channels-import-no-higher-layer: src/queue/inline.ts -> src/api/server.ts',
        ]);
      },
    );
  });

  test('domain tests may use Node built-ins but no packages; a missing package is refused', () => {
    withTree(
      {
        'src/domain/rule.test.ts': "import assert from 'node:assert/strict';\nexport { assert };\n",
        'src/domain/other.test.ts': "import fc from 'fast-check';\nexport { fc };\n",
      },
      (root) => {
        assert.deepEqual(cruise(root).violations.sort(), [
          'domain-imports-only-pure-packages: src/domain/other.test.ts -> fast-check',
          'no-unresolvable-import: src/domain/other.test.ts -> fast-check',
        ]);
      },
    );
  });

  test('a tree without src/ is an error, not a pass', () => {
    withTree({ 'lib/x.ts': 'export const x = 1;\n' }, (root) => {
      const result = cruise(root);
      assert.equal(result.status, 1);
      assert.match(result.output, /Can't open 'src' for reading/);
    });
  });

  test('a file outside the layer folders is refused, alone or imported', () => {
    withTree(
      {
        'src/util.ts': 'export const x = 1;\n',
        'src/shared/format.ts': 'export const y = 2;\n',
        'src/domain/x.ts': "export { y } from '../shared/format.ts';\n",
      },
      (root) => {
        assert.deepEqual(cruise(root).violations.sort(), [
          'every-file-in-a-layer-folder: src/domain/x.ts -> src/shared/format.ts',
          'every-file-in-a-layer-folder: src/util.ts',
        ]);
      },
    );
  });
});

describe('inline import types (Biome plugin)', () => {
  // dependency-cruiser misses `typeof import('…')` in most type positions, so src/ may not use it.
  test('src/ refuses `import(…)` types, other folders keep them', () => {
    withTree(
      {
        'src/channels/hook.ts': "export type Server = typeof import('../api/server.ts');\n",
        'src/api/server.ts': 'export const serve = 1;\n',
        'test/helper.ts': "export type Server = typeof import('../src/api/server.ts');\n",
      },
      (root) => {
        const settings = JSON.parse(readFileSync(join(repo, 'biome.json'), 'utf8'));
        delete settings.$schema;
        writeFileSync(join(root, 'biome.json'), JSON.stringify(settings));
        cpSync(join(repo, 'lint'), join(root, 'lint'), { recursive: true });
        const result = spawnSync(
          join(repo, 'node_modules', '.bin', 'biome'),
          ['lint', '--max-diagnostics=50', '.'],
          {
            cwd: root,
            encoding: 'utf8',
          },
        );
        const output = result.stdout + result.stderr;
        assert.equal(result.status, 1, output);
        assert.match(output, /src\/channels\/hook\.ts:1:\d+ plugin/);
        assert.match(output, /Import this type with `import type … from`/);
        assert.doesNotMatch(output, /test\/helper\.ts/);
      },
    );
  });
});
