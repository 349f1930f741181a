import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { DEFAULT_WEB_DIST } from '../api/web-ui.ts';
import {
  ensureWebUi,
  PACKAGE_ROOT,
  SOURCE_HASH_FILE,
  viteBuilder,
  WEB_PROJECT,
  type WebBuilder,
  type WebProject,
  webBuildState,
} from './web-build.ts';

/** A small Vite project in a temporary folder, so no test races others over web/dist. */
function fixtureProject(): WebProject {
  const base = mkdtempSync(join(tmpdir(), 'stageflow-web-'));
  const root = join(base, 'web');
  mkdirSync(join(root, 'src'), { recursive: true });
  mkdirSync(join(root, 'public'));
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><html><body><div id="root"></div><script type="module" src="/src/main.ts"></script></body></html>',
  );
  writeFileSync(join(root, 'vite.config.ts'), 'export default { build: { outDir: "dist" } };\n');
  writeFileSync(join(root, 'tsconfig.json'), '{}\n');
  writeFileSync(join(root, 'src', 'main.ts'), 'document.getElementById("root")!.textContent = "first";\n');
  writeFileSync(join(root, 'public', 'robots.txt'), 'User-agent: *\n');
  writeFileSync(join(base, 'package-lock.json'), '{"lockfileVersion":3}\n');
  writeFileSync(join(base, 'package.json'), '{"type":"module"}\n');
  return { root, dist: join(root, 'dist'), lockFile: join(base, 'package-lock.json') };
}

/** A builder that writes a page naming the build, and counts its calls. */
function countingBuilder(): WebBuilder & { calls: number } {
  const builder = Object.assign(
    async (_root: string, outDir: string) => {
      builder.calls++;
      mkdirSync(outDir, { recursive: true });
      writeFileSync(join(outDir, 'index.html'), `build ${builder.calls}`);
    },
    { calls: 0 },
  );
  return builder;
}

const failing: WebBuilder = async () => {
  throw new Error('src/main.ts: Unexpected token');
};

test("this package's UI is located from the module's own path, not the working directory", () => {
  assert.ok(existsSync(join(PACKAGE_ROOT, 'package.json')));
  assert.equal(JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).name, 'stageflow');
  assert.deepEqual(WEB_PROJECT, {
    root: join(PACKAGE_ROOT, 'web'),
    dist: join(PACKAGE_ROOT, 'web', 'dist'),
    lockFile: join(PACKAGE_ROOT, 'package-lock.json'),
  });
  assert.equal(DEFAULT_WEB_DIST, WEB_PROJECT.dist, 'the server serves what the build writes');
});

describe('building the web UI when missing or stale', () => {
  let project: WebProject;
  let said: string;
  const say = (text: string) => {
    said += text;
  };
  beforeEach(() => {
    project = fixtureProject();
    said = '';
  });
  afterEach(() => rmSync(join(project.root, '..'), { recursive: true, force: true }));

  test('builds when dist is missing, not again while nothing changed, again after a source change', async () => {
    const builder = countingBuilder();
    assert.equal(webBuildState(project).state, 'missing');
    assert.equal(await ensureWebUi(project, { mode: 'auto', say, builder }), 'built');
    assert.match(said, /^Building the web UI \(not built yet\)… done in \d+\.\d s\n$/);
    assert.equal(webBuildState(project).state, 'fresh');
    assert.equal(await ensureWebUi(project, { mode: 'auto', say, builder }), 'fresh');
    assert.equal(builder.calls, 1);

    writeFileSync(join(project.root, 'src', 'main.ts'), 'console.log("second");\n');
    assert.equal(webBuildState(project).state, 'stale');
    assert.equal(await ensureWebUi(project, { mode: 'auto', say, builder }), 'built');
    assert.equal(builder.calls, 2);
    assert.equal(readFileSync(join(project.dist, 'index.html'), 'utf8'), 'build 2');
  });

  test('a new file, a public file, the config and the lock file each make it stale', async () => {
    const builder = countingBuilder();
    const changes = [
      () => writeFileSync(join(project.root, 'src', 'board', 'column.tsx'), 'export {};\n'),
      () => writeFileSync(join(project.root, 'public', 'robots.txt'), 'User-agent: none\n'),
      () => writeFileSync(join(project.root, 'vite.config.ts'), 'export default {};\n'),
      () => writeFileSync(project.lockFile, '{"lockfileVersion":3,"packages":{}}\n'),
      () => rmSync(join(project.root, 'public', 'robots.txt')),
    ];
    mkdirSync(join(project.root, 'src', 'board'));
    await ensureWebUi(project, { mode: 'auto', say, builder });
    for (const [index, change] of changes.entries()) {
      change();
      assert.equal(webBuildState(project).state, 'stale', `change ${index}`);
      await ensureWebUi(project, { mode: 'auto', say, builder });
    }
    assert.equal(builder.calls, changes.length + 1);
  });

  test('STAGEFLOW_WEB_BUILD=never builds nothing; no web sources means nothing to build', async () => {
    const builder = countingBuilder();
    assert.equal(await ensureWebUi(project, { mode: 'never', say, builder }), 'skipped');
    rmSync(join(project.root, 'index.html'));
    assert.equal(await ensureWebUi(project, { mode: 'auto', say, builder }), 'no-sources');
    assert.equal(builder.calls, 0);
    assert.equal(said, '');
  });

  test('a failed build keeps the previous one served; without one it stops with the cause', async () => {
    await assert.rejects(ensureWebUi(project, { mode: 'auto', say, builder: failing }), (error: Error) => {
      assert.match(error.message, /Could not build the web UI/);
      assert.match(String((error.cause as Error).message), /Unexpected token/);
      return true;
    });
    assert.equal(existsSync(project.dist), false);

    await ensureWebUi(project, { mode: 'auto', say, builder: countingBuilder() });
    writeFileSync(join(project.root, 'src', 'main.ts'), 'syntax error(\n');
    said = '';
    assert.equal(await ensureWebUi(project, { mode: 'auto', say, builder: failing }), 'failed-kept-previous');
    assert.match(said, /failed\n {2}src\/main\.ts: Unexpected token\n {2}Serving the previous build/);
    assert.equal(readFileSync(join(project.dist, 'index.html'), 'utf8'), 'build 1');
    assert.equal(webBuildState(project).state, 'stale', 'the next start tries again');
    const leftovers = readdirSync(project.root).filter((name) => name.startsWith('dist.'));
    assert.deepEqual(leftovers, []);
  });

  test('Vite builds the project with its own config into dist, with the source hash beside it', async () => {
    await ensureWebUi(project, { mode: 'auto', say, builder: viteBuilder });
    const html = readFileSync(join(project.dist, 'index.html'), 'utf8');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, html);
    assert.match(readFileSync(join(project.dist, script), 'utf8'), /first/);
    assert.equal(readFileSync(join(project.dist, 'robots.txt'), 'utf8'), 'User-agent: *\n');
    assert.match(readFileSync(join(project.dist, SOURCE_HASH_FILE), 'utf8'), /^[0-9a-f]{64}\n$/);
    assert.equal(webBuildState(project).state, 'fresh');
  });
});
