import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { type App, buildApp } from '../../src/api/app.ts';
import type { AppContext } from '../../src/api/context.ts';
import type { OutsidePorts } from '../../src/automation/outside-ports.ts';
import { hashPassword } from '../../src/automation/passwords.ts';
import type { Automation, WorkerTuning } from '../../src/cli/automation.ts';
import { composeProcess } from '../../src/cli/compose.ts';
import { type Config, parseConfig } from '../../src/cli/config.ts';
import { ManualClock } from '../../src/domain/manual-clock.ts';
import { PhoneNumbers } from '../../src/domain/phone-numbers.ts';
import type { Role } from '../../src/domain/roles.ts';
import type { RunQueue } from '../../src/queue/run-queue.ts';
import { openPostgres, openSqlite, type Store } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

/**
 * The suite runs on one database per run: PostgreSQL when DATABASE_URL is set (each test file
 * gets a fresh database created from it), otherwise SQLite in a temporary file. `.ci/run` runs the
 * suite once for each.
 */
export const DIALECTS: readonly ('sqlite' | 'postgres')[] = [
  process.env['DATABASE_URL'] === undefined || process.env['DATABASE_URL'] === '' ? 'sqlite' : 'postgres',
];

export interface TestStore {
  readonly store: Store;
  cleanup(): Promise<void>;
}

export async function createTestStore(dialect: 'sqlite' | 'postgres'): Promise<TestStore> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'stageflow-test-'));
    const store = openSqlite(join(dir, 'stageflow.db'));
    return {
      store,
      cleanup: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const baseUrl = process.env['DATABASE_URL'] ?? '';
  const name = `sf_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const store = openPostgres(url.toString());
  return {
    store,
    cleanup: async () => {
      await store.close();
      const dropper = new pg.Client({ connectionString: baseUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export interface TestApp {
  readonly app: App;
  readonly context: AppContext;
  readonly clock: ManualClock;
  readonly tokens: Record<Role, string>;
  /**
   * Sends a request as `as` (default admin); `as: null` sends none. After a write, the events it
   * recorded are processed and the runs it made due are executed, as the server's runner would:
   * tests see a settled state.
   */
  request(options: RequestOptions): Promise<TestResponse>;
  /** Moves the clock by an ISO 8601 duration through the API and runs what became due. */
  advance(duration: string): Promise<void>;
  readonly automation: Automation;
  /**
   * A user with a role and a password who may sign in (see sign-in.ts). Default: a fresh email,
   * the password "test-password-1", active.
   */
  createUser(options: NewTestUser): Promise<TestUser>;
  close(): Promise<void>;
}

export interface NewTestUser {
  readonly role: Role;
  readonly password?: string;
  readonly email?: string;
  readonly name?: string;
  readonly active?: boolean;
}

export interface TestUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly role: Role;
}

export const TEST_PASSWORD = 'test-password-1';

export interface RequestOptions {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly body?: unknown;
  readonly as?: Role | null;
  readonly headers?: Record<string, string>;
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | number | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  readonly body: any;
}

export const TEST_START = new Date('2026-03-02T09:00:00.000Z');

/** How long `eventually` waits: generous, so a machine with both cores busy still passes. */
const EVENTUALLY_MS = 60_000;

/**
 * Polls `check` until it answers true, for work that happens in the background (the runner of a
 * started automation, a server process). Fails, naming `what`, after a generous bound; a test
 * that shows a missed wake-up gives a bound shorter than the idle sleep it would otherwise wait.
 */
export async function eventually(
  what: string,
  check: () => Promise<boolean> | boolean,
  withinMs = EVENTUALLY_MS,
): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface TestAppOptions {
  /** Default: a manual clock at TEST_START, which the API may advance. */
  readonly clock?: ManualClock;
  /** Whether the clock API is on (STAGEFLOW_CLOCK=manual). Default: true. */
  readonly manualClockApi?: boolean;
  /** Mail and HTTP for external actions (a test SMTP server, a test receiver). Default: from `config`. */
  readonly outside?: OutsidePorts;
  /** STAGEFLOW_DEFAULT_REGION: the region of phone numbers in national format. Default: none. */
  readonly phoneRegion?: string;
  /** The process configuration. Default: the defaults (no SMTP_URL: mail goes to the outbox). */
  readonly config?: Config;
  /** Variables the configuration is read from when `config` is not given. Default: none. */
  readonly env?: Readonly<Record<string, string>>;
  /** The queue the worker claims from (a recorder around the store's). Default: the store's. */
  readonly queue?: RunQueue;
  /** Batch size, concurrency... of the worker. Default: the configuration's. */
  readonly worker?: WorkerTuning;
  /** The jitter of retry delays, in [0, 1): a fixed value makes them exact. Default: Math.random. */
  readonly random?: () => number;
}

export async function createTestApp(
  dialect: 'sqlite' | 'postgres',
  options: TestAppOptions = {},
): Promise<TestApp> {
  const { store, cleanup } = await createTestStore(dialect);
  await migrateToLatest(store, { phones: new PhoneNumbers(options.phoneRegion) });
  return buildTestApp(store, cleanup, options);
}

/**
 * An application over an existing store, as a server process would have it. `close` stops it and
 * then runs `cleanup`; pass a no-op to keep the database for a second application (a restart).
 */
export async function buildTestApp(
  store: Store,
  cleanup: () => Promise<void>,
  options: TestAppOptions = {},
): Promise<TestApp> {
  const clock = options.clock ?? new ManualClock(TEST_START);
  const logger = pino({ level: 'silent' });
  // Built as `serve` and `worker` build their processes, with the test's clock.
  const { context, automation } = composeProcess({
    config:
      options.config ??
      parseConfig({
        ...(options.phoneRegion !== undefined && { STAGEFLOW_DEFAULT_REGION: options.phoneRegion }),
        ...options.env,
      }),
    store,
    logger,
    clock: options.manualClockApi === false ? { fixed: clock } : { manual: clock },
    outside: options.outside,
    queue: options.queue,
    worker: options.worker,
    random: options.random,
  });
  const { repos } = context;
  const app = await buildApp(context);
  let userCount = 0;
  const tokens = {} as Record<Role, string>;
  for (const role of ['admin', 'manager', 'viewer'] as const) {
    tokens[role] = (await repos.apiTokens.create(`test ${role}`, role, clock.now())).token;
  }
  return {
    app,
    context,
    clock,
    tokens,
    async request({ method, url, body, as = 'admin', headers = {} }) {
      const response = await app.inject({
        method,
        url,
        headers: { ...(as === null ? {} : { authorization: `Bearer ${tokens[as]}` }), ...headers },
        ...(body !== undefined && { payload: body as object }),
      });
      // A 5xx committed nothing to settle (and the database may be what failed).
      if (method !== 'GET' && response.statusCode < 500) await automation.runner.drain();
      const text = response.body;
      return {
        status: response.statusCode,
        headers: response.headers,
        body: text === '' ? undefined : JSON.parse(text),
      };
    },
    async advance(duration) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/clock/advance',
        headers: { authorization: `Bearer ${tokens.admin}` },
        payload: { by: duration },
      });
      if (response.statusCode !== 200) throw new Error(`clock advance failed: ${response.body}`);
    },
    automation,
    async createUser({ role, password = TEST_PASSWORD, email, name, active }) {
      userCount += 1;
      const user = await repos.users.create(
        {
          name: name ?? `Test ${role} ${userCount}`,
          email: email ?? `${role}-${userCount}@users.example`,
          role,
          ...(active !== undefined && { active }),
        },
        clock.now(),
      );
      await repos.users.setPasswordHash(user.id, await hashPassword(password), clock.now());
      return { id: user.id, email: user.email, password, role };
    },
    async close() {
      await automation.stop();
      await app.close();
      await cleanup();
    },
  };
}
