/**
 * `npm run build:web`: builds the web UI into web/dist with Vite, as `npm start` does when it is
 * missing or stale. Usage:
 *   node scripts/build-web.ts              build now
 *   node scripts/build-web.ts --if-stale   build only when missing or older than its sources (npm test)
 * Exit 0 when built (or current), 1 when the build failed.
 */

import { buildWebUi, ensureWebUi, WEB_PROJECT, webSourceHash } from '../src/cli/web-build.ts';

const say = (text: string) => process.stderr.write(text);

try {
  if (process.argv.includes('--if-stale')) {
    const outcome = await ensureWebUi(WEB_PROJECT, { mode: 'auto', say });
    if (outcome === 'fresh') say('The web UI is current; nothing to build.\n');
    if (outcome === 'no-sources') say(`Nothing to build: ${WEB_PROJECT.root}/index.html is missing.\n`);
    if (outcome === 'failed-kept-previous') process.exitCode = 1;
  } else {
    const hash = webSourceHash(WEB_PROJECT);
    if (hash === undefined) {
      say(`Nothing to build: ${WEB_PROJECT.root}/index.html is missing.\n`);
    } else {
      const started = performance.now();
      say('Building the web UI… ');
      await buildWebUi(WEB_PROJECT, hash);
      say(`done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    }
  }
} catch (error) {
  say(`\nThe web UI did not build: ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof Error && error.cause instanceof Error) say(`  ${error.cause.message}\n`);
  process.exitCode = 1;
}
