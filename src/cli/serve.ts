import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { DEMO_ADMIN_EMAIL } from '../../examples/people.ts';
import { setPassword } from '../automation/commands/set-password.ts';
import { injectClient } from './api-client.ts';
import { type Config, parseConfig } from './config.ts';
import { describeLoad, hasPipelines, loadDemo } from './demo.ts';
import { type CliIo, EXIT } from './io.ts';
import { listenForMetrics } from './metrics-listener.ts';
import { createLogger, type Runtime, startRuntime } from './runtime.ts';
import { ensureWebUi, WEB_PROJECT } from './web-build.ts';

/**
 * Name of the admin token that `serve --demo` (and so `npm start`) prints at each start; the new
 * one replaces the last (revoked), so starts do not pile up working admin tokens.
 */
export const DEMO_TOKEN_NAME = 'npm start';

/** Longest wait for in-flight requests and the database to close before giving up. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * `stageflow serve`: migrations, then the HTTP server until SIGTERM or SIGINT. stdout carries only
 * JSON log lines (for log collectors); the human banner goes to stderr.
 */
export async function runServe(options: { readonly demo: boolean }, io: CliIo): Promise<number> {
  const config = parseConfig(io.env, io.cwd);
  const logger = createLogger(config.logLevel);
  // Before the database opens: a build that cannot succeed stops the start with nothing to undo.
  await ensureWebUi(WEB_PROJECT, { mode: config.webBuild, say: io.stderr });
  const runtime = await startRuntime(config, logger, { background: true });
  logger.info({ database: runtime.store.description, applied: runtime.migration.applied }, 'database ready');
  const notes: string[] = [];
  const { apiTokens } = runtime.context.repos;
  let demoTokenId: string | undefined;
  let signIn: DemoSignIn | undefined;
  let metricsServer: Awaited<ReturnType<typeof listenForMetrics>>;
  try {
    if (options.demo) {
      const demo = await prepareDemo(runtime, logger);
      demoTokenId = demo.tokenId;
      notes.push(...demo.notes);
    } else notes.push('API token    create one with: npx stageflow tokens create --name me --role admin');
    await runtime.app.listen({ host: config.host, port: config.port });
    if (runtime.context.metrics !== undefined)
      metricsServer = await listenForMetrics(config, runtime.context.metrics, logger);
    // The new token is printed next, so the last start's one stops working now, not before: a
    // start that fails (the port is taken by a running server) leaves that server's token alone.
    if (demoTokenId !== undefined) {
      await apiTokens.revokeNamed(DEMO_TOKEN_NAME, demoTokenId, runtime.context.clock.now());
      // Likewise the demo admin's password: the last start's stops working only now.
      signIn = await renewDemoPassword(runtime);
    }
  } catch (error) {
    // A token nobody was shown must not stay working; the one of the last start still does.
    if (demoTokenId !== undefined)
      await apiTokens.revoke(demoTokenId, runtime.context.clock.now()).catch((revokeError: unknown) => {
        logger.warn({ err: revokeError }, 'could not revoke the unprinted demo token');
      });
    await metricsServer?.close();
    await runtime.close();
    throw error;
  }
  io.stderr(banner(config, runtime, notes, signIn));
  return waitForShutdown(
    {
      async close() {
        await metricsServer?.close();
        await runtime.close();
      },
    },
    logger,
  );
}

async function prepareDemo(
  runtime: Runtime,
  logger: Logger,
): Promise<{ readonly tokenId: string; readonly notes: string[] }> {
  const { repos, clock } = runtime.context;
  const { token, record } = await repos.apiTokens.create(DEMO_TOKEN_NAME, 'admin', clock.now());
  let workspace: string;
  if (await hasPipelines(injectClient(runtime.app, token))) {
    workspace = 'the database already has pipelines; demo not loaded again';
  } else {
    const report = await loadDemo(runtime, token);
    logger.info({ report }, 'demo workspace loaded');
    workspace = `loaded: ${describeLoad(report)}`;
  }
  return {
    tokenId: record.id,
    notes: [`Demo         ${workspace}`, `Admin token  ${token}`, '', `  export TOKEN=${token}`],
  };
}

interface DemoSignIn {
  readonly email: string;
  readonly password: string;
}

/**
 * Gives the demo admin a new random password (16 URL-safe characters) at each start, as the token
 * is new at each start: the password of the last start, and every session signed in with it, stop
 * working. Nothing to print when that user is not in the database (a workspace of one's own).
 */
async function renewDemoPassword(runtime: Runtime): Promise<DemoSignIn | undefined> {
  const { repos, clock } = runtime.context;
  const admin = await repos.users.findCredentialsByEmail(DEMO_ADMIN_EMAIL);
  if (admin === undefined || !admin.user.active) return undefined;
  const password = randomBytes(12).toString('base64url');
  await setPassword(
    { clock, credentials: repos.users, sessions: repos.sessions, signInFailures: repos.signInFailures },
    { role: 'admin' },
    { userId: admin.user.id, password, at: '' },
  );
  return { email: admin.user.email, password };
}

function banner(config: Config, runtime: Runtime, notes: readonly string[], signIn?: DemoSignIn): string {
  const { port } = runtime.app.server.address() as AddressInfo;
  const wildcard = config.host === '0.0.0.0' || config.host === '::';
  const host = wildcard ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `http://${host}:${port}`;
  const lines = [
    '',
    `Stageflow is running at ${url}`,
    `API docs     ${url}/api/docs`,
    `Database     ${runtime.store.description}`,
    ...(signIn === undefined ? [] : [`Sign in      ${url}/  as ${signIn.email} / ${signIn.password}`]),
    ...notes,
    '',
    'Stop with Ctrl+C.',
    '',
  ];
  return `${lines.join('\n')}\n`;
}

function waitForShutdown(runtime: Pick<Runtime, 'close'>, logger: Logger): Promise<number> {
  return new Promise((resolve) => {
    let closing = false;
    const stop = (signal: NodeJS.Signals) => {
      // Ctrl+C under `npm start` arrives twice (from the terminal and forwarded by npm): a
      // repeated signal is not a reason to cut the shutdown short; the timeout below bounds it.
      if (closing) return;
      closing = true;
      logger.info({ signal }, 'shutting down');
      // If a connection or the database never lets go, exit anyway rather than hang a deploy.
      setTimeout(() => {
        logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, 'shutdown timed out');
        process.exit(EXIT.failure);
      }, SHUTDOWN_TIMEOUT_MS).unref();
      runtime.close().then(
        () => {
          logger.info('stopped');
          resolve(EXIT.ok);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          resolve(EXIT.failure);
        },
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
