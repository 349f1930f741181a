import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_WEB_DIST } from '../api/web-ui.ts';
import { AppError } from '../domain/errors.ts';

/**
 * Building the web UI when it is missing or older than its sources, so that `npm install` then
 * `npm start` serves a current UI on a fresh clone. "Older" is decided by content, not by file
 * times (a checkout sets those): a hash of everything the build reads, compared with the one
 * written beside the last successful build.
 */

export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** `STAGEFLOW_WEB_BUILD`: `auto` builds when missing or stale; `never` serves what is there. */
export const WEB_BUILD_MODES = ['auto', 'never'] as const;
export type WebBuildMode = (typeof WEB_BUILD_MODES)[number];

/** Written into dist after a successful build: the hash of the sources it was built from. */
export const SOURCE_HASH_FILE = '.source-hash';

export interface WebProject {
  /** The Vite root: index.html, vite.config.ts, tsconfig.json, src/, public/. */
  readonly root: string;
  /** The build's output folder. */
  readonly dist: string;
  /** The lock file: a changed dependency changes the bundle. */
  readonly lockFile: string;
}

/** This package's web UI. */
export const WEB_PROJECT: WebProject = {
  root: join(PACKAGE_ROOT, 'web'),
  dist: DEFAULT_WEB_DIST,
  lockFile: join(PACKAGE_ROOT, 'package-lock.json'),
};

const ROOT_FILES = ['index.html', 'vite.config.ts', 'tsconfig.json'];
const SOURCE_FOLDERS = ['src', 'public'];

/**
 * The hash of everything the build reads, or undefined when there is nothing to build (no
 * web/index.html: an install without the UI's sources). Paths are part of it, so a renamed file
 * counts as a change.
 */
export function webSourceHash(project: WebProject): string | undefined {
  if (!existsSync(join(project.root, 'index.html'))) return undefined;
  const files = ROOT_FILES.map((name) => join(project.root, name));
  for (const folder of SOURCE_FOLDERS) {
    const path = join(project.root, folder);
    if (!existsSync(path)) continue;
    for (const entry of readdirSync(path, { recursive: true, encoding: 'utf8' })) {
      const file = join(path, entry);
      if (statSync(file).isFile()) files.push(file);
    }
  }
  const hash = createHash('sha256');
  const add = (name: string, file: string) => {
    const content = existsSync(file) ? readFileSync(file) : undefined;
    hash.update(`${name}\0${content?.length ?? -1}\0`);
    if (content !== undefined) hash.update(content);
  };
  for (const file of files.sort()) add(relative(project.root, file).split(sep).join('/'), file);
  add('package-lock.json', project.lockFile);
  return hash.digest('hex');
}

export type WebBuildState =
  | { readonly state: 'no-sources' }
  | { readonly state: 'missing' | 'stale' | 'fresh'; readonly hash: string };

export function webBuildState(project: WebProject): WebBuildState {
  const hash = webSourceHash(project);
  if (hash === undefined) return { state: 'no-sources' };
  if (!existsSync(join(project.dist, 'index.html'))) return { state: 'missing', hash };
  const built = readOptional(join(project.dist, SOURCE_HASH_FILE));
  return { state: built?.trim() === hash ? 'fresh' : 'stale', hash };
}

/** Builds `root` into `outDir`; the default runs Vite with the project's own config. */
export type WebBuilder = (root: string, outDir: string) => Promise<void>;

export const viteBuilder: WebBuilder = async (root, outDir) => {
  // Imported only when a build is needed: an install without dev dependencies still serves a
  // dist built before.
  const { build } = await import('vite');
  await build({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: true,
      // Timings of plugins measure the machine's load (tests share it), not a fault of the build.
      rolldownOptions: { checks: { bundlerTimings: false } },
    },
  });
};

/**
 * Builds into a fresh folder beside dist and swaps it in only when complete, so a failed build
 * leaves the previous one served, and dist never holds a half-written build with a hash claiming
 * it is current.
 */
export async function buildWebUi(
  project: WebProject,
  hash: string,
  builder: WebBuilder = viteBuilder,
): Promise<void> {
  const next = `${project.dist}.next-${process.pid}`;
  const old = `${project.dist}.old-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  try {
    await builder(project.root, next);
    writeFileSync(join(next, SOURCE_HASH_FILE), `${hash}\n`);
    if (existsSync(project.dist)) renameSync(project.dist, old);
    renameSync(next, project.dist);
  } finally {
    rmSync(next, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
}

export interface EnsureOptions {
  readonly mode: WebBuildMode;
  /** Progress lines for a person (stderr). */
  readonly say: (text: string) => void;
  readonly builder?: WebBuilder;
  /** Monotonic milliseconds, for the "done in N s" line. Default: performance.now. */
  readonly now?: () => number;
}

export type EnsureOutcome = 'skipped' | 'no-sources' | 'fresh' | 'built' | 'failed-kept-previous';

/**
 * What `stageflow serve` does before listening: build when missing or stale. A failed build with
 * a previous one in place is reported and the previous one served; without one it stops the start.
 */
export async function ensureWebUi(project: WebProject, options: EnsureOptions): Promise<EnsureOutcome> {
  if (options.mode === 'never') return 'skipped';
  const current = webBuildState(project);
  if (current.state === 'no-sources' || current.state === 'fresh') return current.state;
  const now = options.now ?? (() => performance.now());
  const started = now();
  options.say(`Building the web UI (${current.state === 'missing' ? 'not built yet' : 'sources changed'})… `);
  try {
    await buildWebUi(project, current.hash, options.builder);
  } catch (error) {
    options.say('failed\n');
    const message = error instanceof Error ? error.message : String(error);
    if (current.state === 'stale') {
      options.say(`  ${message}\n  Serving the previous build of the web UI.\n`);
      return 'failed-kept-previous';
    }
    throw new AppError(
      'web_build_failed',
      'internal',
      'Could not build the web UI (fix the error that follows, or run "npm install" if Vite is ' +
        'missing; STAGEFLOW_WEB_BUILD=never serves the API without the UI)',
      { cause: error },
    );
  }
  options.say(`done in ${((now() - started) / 1000).toFixed(1)} s\n`);
  return 'built';
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
