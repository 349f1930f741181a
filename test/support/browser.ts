import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createWorkspace, type RunningServer, repo, startServer, stopServer, type Workspace } from './e2e.ts';
import { PageLog } from './page-log.ts';

/**
 * The kit of the browser tests: Debian's Chromium driven by playwright-core against the real
 * server process, which serves the web UI as `npm test` built it (web/dist). Screenshots go to
 * test-output/screenshots for a person to look at.
 */

export const CHROMIUM = '/usr/bin/chromium';
/** For `describe(..., { skip: NO_BROWSER })`: why the browser tests cannot run here, or false. */
export const NO_BROWSER: string | false = existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing`;

export const WEB_DIST = join(repo, 'web', 'dist');
export const SCREENSHOTS = join(repo, 'test-output', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface UiServerOptions {
  /** Extra environment of the server process (STAGEFLOW_PUBLIC_URL, ...). */
  readonly env?: Record<string, string>;
  /** STAGEFLOW_CLOCK. Default: manual, so tests move time through POST /api/v1/clock/advance. */
  readonly clock?: 'manual' | 'system';
  /** Whether to refuse to start without a built UI (tests of server pages need none). Default: true. */
  readonly requireBuiltUi?: boolean;
}

export interface UiServer {
  /** http://127.0.0.1:PORT, no trailing slash. */
  readonly baseUrl: string;
  /** The admin API token the demo start printed. */
  readonly token: string;
  /** The demo admin's email and password, when the start banner prints a sign-in line. */
  readonly signIn: { readonly email: string; readonly password: string } | undefined;
  /**
   * A JSON request with the admin token. `path` is under /api/v1 ("/items?limit=5"); a path that
   * starts with "/api/" is taken as it is. Answers the parsed body (undefined for 204) and throws,
   * with status and body, on any other status than 2xx.
   */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  api(method: string, path: string, body?: unknown): Promise<any>;
  /** The server's stdout and stderr so far, for failure messages. */
  output(): string;
  /** Stops the server (SIGTERM) and removes its data folder or database. */
  stop(): Promise<void>;
}

/**
 * Starts `stageflow serve --demo` as an operator does, on a free port, on SQLite in a temporary
 * folder or (with DATABASE_URL) on a fresh PostgreSQL database of its own. It serves web/dist as
 * built and never builds it: `npm test` builds it first, `npm run build:web` by hand.
 */
export async function startUiServer(options: UiServerOptions = {}): Promise<UiServer> {
  if (options.requireBuiltUi !== false && !existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error(`${WEB_DIST} is missing: run "npm run build:web" first (npm test does)`);
  }
  const workspace: Workspace = await createWorkspace();
  let server: RunningServer;
  try {
    server = await startServer({
      ...workspace.env,
      STAGEFLOW_CLOCK: options.clock ?? 'manual',
      STAGEFLOW_WEB_BUILD: 'never',
      ...options.env,
    });
  } catch (error) {
    await workspace.cleanup();
    throw error;
  }
  const baseUrl = server.base.replace(/\/+$/, '');
  // The banner is written at once: a sign-in line, if any, came with the token.
  const signInLine = /Sign in\s+\S+\s+as (\S+) \/ (\S+)/.exec(server.stderr());
  return {
    baseUrl,
    token: server.token,
    signIn:
      signInLine?.[1] === undefined || signInLine[2] === undefined
        ? undefined
        : { email: signInLine[1], password: signInLine[2] },
    async api(method, path, body) {
      const url = `${baseUrl}${path.startsWith('/api/') ? path : `/api/v1${path}`}`;
      const response = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${server.token}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      const json = text === '' ? undefined : JSON.parse(text);
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return json;
    },
    output: () => `stdout:\n${server.stdout()}\nstderr:\n${server.stderr()}`,
    async stop() {
      try {
        await stopServer(server);
      } finally {
        await workspace.cleanup();
      }
    },
  };
}

export interface PageOptions {
  readonly baseUrl: string;
  /** desktop: 1280x800; phone: 390x844 with touch and the mobile viewport meta honoured. Default: desktop. */
  readonly viewport?: 'desktop' | 'phone';
  /** The browser's language (Accept-Language, navigator.language). Default: en. */
  readonly locale?: 'en' | 'ru';
  /** IANA time zone of the browser. Default: UTC, so screenshots do not depend on the machine. */
  readonly timezoneId?: string;
}

const LOCALES = { en: 'en-US', ru: 'ru-RU' } as const;

/** A page in a fresh context (no cookies shared with other pages); close it with page.context().close(). */
export async function newPage(browser: Browser, options: PageOptions): Promise<Page> {
  const phone = options.viewport === 'phone';
  const context = await browser.newContext({
    baseURL: options.baseUrl,
    viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 800 },
    // One device pixel per CSS pixel: screenshots are exactly 390 or 1280 wide.
    ...(phone && { isMobile: true, hasTouch: true }),
    locale: LOCALES[options.locale ?? 'en'],
    timezoneId: options.timezoneId ?? 'UTC',
  });
  // A bound on waiting, not a speed check: the default 30 s is too little on a shared machine
  // whose cores are both busy, where a page, its server and Chromium compete for time.
  context.setDefaultTimeout(BROWSER_WAIT_MS);
  context.setDefaultNavigationTimeout(BROWSER_WAIT_MS);
  const page = await context.newPage();
  openPages.set(page, new PageLog(page));
  page.on('close', () => openPages.delete(page));
  return page;
}

/** Pages opened since the last test ended, with what each did, for keepFailureEvidence. */
const openPages = new Map<Page, PageLog>();

/**
 * For `afterEach`: when the test failed, saves a screenshot of every page it left open
 * (test-output/screenshots/failed-<test>-<n>.png), so a failure in CI shows what the user saw,
 * and prints each page's log (console errors, failed and unanswered requests) with the failure.
 */
export async function keepFailureEvidence(test: { readonly name: string }) {
  const pages = [...openPages];
  openPages.clear();
  // node:test's TestContext has `passed` (Node 21.7+), which @types/node does not list yet.
  if ((test as { passed?: boolean }).passed !== false) return;
  const slug = test.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 60);
  for (const [index, [page, log]] of pages.entries()) {
    await saveScreenshot(page, `failed-${slug}-${index + 1}`).catch(() => undefined);
    console.error(`Evidence of "${test.name}", page ${index + 1}:\n${log.text(page.url())}`);
  }
}

/** How long an action or a wait in a page may take before the test fails: 2 minutes. */
const BROWSER_WAIT_MS = 120_000;

/**
 * Signs in through the sign-in form as a person does (the fields by their labels, in English or
 * Russian) and waits for the app shell's navigation.
 */
export async function signInThroughUi(
  page: Page,
  baseUrl: string,
  email: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByLabel(/^(Email|Эл\. почта|Электронная почта)$/).fill(email);
  await page.getByLabel(/^(Password|Пароль)$/).fill(password);
  await page.getByRole('button', { name: /^(Sign in|Войти)$/ }).click();
  await page.getByRole('navigation').first().waitFor({ state: 'visible' });
}

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

/**
 * Runs axe-core in the page and answers its serious and critical violations, one readable line
 * per violation and element: `assert.deepEqual(await checkAccessibility(page), [])`.
 */
export async function checkAccessibility(page: Page): Promise<string[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  // Evaluated through the debugging protocol, not added as a <script>: the UI's
  // Content-Security-Policy refuses inline scripts, as it should.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    // The page's globals (no DOM types here): axe is the script injected above.
    // biome-ignore lint/suspicious/noExplicitAny: the page's window
    const page = globalThis as any;
    const result = await page.axe.run(page.document, { resultTypes: ['violations'] });
    return (
      result.violations as {
        id: string;
        impact: string | null;
        help: string;
        helpUrl: string;
        nodes: { target: unknown[]; failureSummary?: string }[];
      }[]
    ).map(({ id, impact, help, helpUrl, nodes }) => ({
      id,
      impact,
      help,
      helpUrl,
      nodes: nodes.map((node) => ({
        target: node.target.map(String).join(' '),
        summary: node.failureSummary ?? '',
      })),
    }));
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `${violation.impact} ${violation.id}: ${violation.help} at ${node.target}: ` +
          `${node.summary.replace(/\s*\n\s*/g, ' ')} (${violation.helpUrl})`,
      ),
    );
}

/** Saves a full-page screenshot as test-output/screenshots/<name>.png and answers its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Presses `key` until `spoken` is in the page: the step of a keyboard drag after the lift.
 * dnd-kit's keyboard sensor starts listening for arrow keys one task after the lift, and Chromium
 * runs input before timers, so on a busy machine the first arrow can come before the sensor
 * listens and is ignored, as it would be for a person pressing that fast; a person presses again.
 * Pressing again is harmless where the test uses it: a second arrow towards an end stays there.
 */
export async function pressUntilSpoken(page: Page, key: string, spoken: string): Promise<void> {
  const text = page.getByText(spoken);
  for (let attempt = 0; attempt < 10; attempt += 1) {
    await page.keyboard.press(key);
    const heard = await text
      .waitFor({ state: 'attached', timeout: 1_000 })
      .then(() => true)
      .catch(() => false);
    if (heard) return;
  }
  await text.waitFor({ state: 'attached' });
}
