#!/usr/bin/env node
// The `stageflow` command. The sources are TypeScript run by Node's type stripping (Node 24+).
// When an older Node runs this file (a system Node first on PATH), hand over to the Node 24 that
// `npm install` put in node_modules/.bin; npm scripts and npx already find that one first.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);

if (major >= 24) {
  const { main } = await import('../src/cli/main.ts');
  const { processIo } = await import('../src/cli/io.ts');
  process.exitCode = await main(process.argv.slice(2), processIo);
} else {
  const bundled = fileURLToPath(new URL('../node_modules/.bin/node', import.meta.url));
  if (process.env.STAGEFLOW_NODE_HANDOVER === '1' || !existsSync(bundled)) {
    process.stderr.write(
      `stageflow: Node.js 24 or newer is needed, this is ${process.version}. ` +
        'Run "npm install" in the Stageflow folder, then use "npm start" or "npx stageflow".\n',
    );
    process.exit(1);
  }
  const child = spawn(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, STAGEFLOW_NODE_HANDOVER: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)));
}
