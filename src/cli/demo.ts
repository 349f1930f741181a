import { pino } from 'pino';
import { demoWorkspace } from '../../examples/index.ts';
import { type ApiClient, injectClient } from './api-client.ts';
import { parseConfig } from './config.ts';
import { type LoadReport, loadWorkspace } from './demo-loader.ts';
import { type CliIo, EXIT } from './io.ts';
import { createLogger, type Runtime, startRuntime } from './runtime.ts';

/** Whether the workspace has been set up already: any pipeline means someone configured it. */
export async function hasPipelines(api: ApiClient): Promise<boolean> {
  const response = await api.send('GET', '/api/v1/pipelines?limit=1');
  if (response.status !== 200) {
    throw new Error(`GET /api/v1/pipelines answered ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return Array.isArray(response.body?.data) && response.body.data.length > 0;
}

/** Loads the demo workspace through the API of `runtime` with an admin token made for it. */
export async function loadDemo(runtime: Runtime, token: string): Promise<LoadReport> {
  return loadWorkspace(injectClient(runtime.app, token), demoWorkspace);
}

export const describeLoad = (report: LoadReport): string =>
  `${report.pipelines} pipelines, ${report.items} items, ${report.contacts} contacts, ` +
  `${report.usersCreated} users` +
  (report.usersReused > 0 ? ` (${report.usersReused} existing users reused)` : '');

/** `stageflow demo`: migrate, then load the examples unless pipelines exist (or with --force). */
export async function runDemo(options: { readonly force: boolean }, io: CliIo): Promise<number> {
  const config = parseConfig(io.env, io.cwd);
  // The answer is for a person: only warnings and errors are logged, and to stderr.
  const logger = createLogger(config.logLevel === 'silent' ? 'silent' : 'warn', pino.destination(2));
  const runtime = await startRuntime(config, logger);
  const { repos, clock } = runtime.context;
  // A token only for the loader's own requests, revoked when it is done.
  const { token, record } = await repos.apiTokens.create('demo loader', 'admin', clock.now());
  try {
    if (!options.force && (await hasPipelines(injectClient(runtime.app, token)))) {
      io.stderr(
        'stageflow demo: the workspace already has pipelines, so the demo is not loaded again.\n' +
          'Run "stageflow demo --force" to load it anyway.\n',
      );
      return EXIT.failure;
    }
    const report = await loadDemo(runtime, token);
    // This process has no background runner: what the new records set off (their events) is
    // processed here, as a server's runner would, before the command ends.
    await runtime.context.engine.processPending();
    io.stdout(`Loaded the demo workspace into ${runtime.store.description}: ${describeLoad(report)}.\n`);
    return EXIT.ok;
  } finally {
    await repos.apiTokens.revoke(record.id, clock.now());
    await runtime.close();
  }
}
