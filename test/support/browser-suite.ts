import { after, afterEach, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  keepFailureEvidence,
  launchBrowser,
  newPage,
  type PageOptions,
  signInThroughUi,
  startUiServer,
  type UiServer,
  type UiServerOptions,
} from './browser.ts';

/**
 * The setup every browser test repeats, in one place: the server and Chromium for a describe
 * block, people who can sign in, and pages signed in through the sign-in form.
 */

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
type Json = Record<string, any>;

/** The server and the browser of a describe block; read them in hooks and tests, not before. */
export interface BrowserSuite {
  readonly server: UiServer;
  readonly browser: Browser;
  /** A page in a fresh context on this server, signed in as `email` (see `signedInPage`). */
  signIn(email: string, password: string, options?: Omit<PageOptions, 'baseUrl'>): Promise<Page>;
}

/**
 * Registers the hooks of a browser-test describe block: before the tests, the server (with
 * `options`, or what the function answers when the block's earlier hooks have run) and then
 * Chromium; after them, both stopped; after each test, the evidence of a failure kept. Call it
 * before the block's own `before`, which then finds the server started.
 */
export function browserSuite(options: UiServerOptions | (() => UiServerOptions) = {}): BrowserSuite {
  let server: UiServer | undefined;
  let browser: Browser | undefined;
  afterEach(keepFailureEvidence);
  before(async () => {
    server = await startUiServer(typeof options === 'function' ? options() : options);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the ${what} is read before the suite's before hook started it`);
    return value;
  };
  return {
    get server() {
      return started(server, 'server');
    },
    get browser() {
      return started(browser, 'browser');
    },
    signIn(email, password, pageOptions = {}) {
      return signedInPage(
        started(browser, 'browser'),
        started(server, 'server'),
        email,
        password,
        pageOptions,
      );
    },
  };
}

/** A page in a fresh context on `server`, signed in through the sign-in form as a person does. */
export async function signedInPage(
  browser: Browser,
  server: Pick<UiServer, 'baseUrl'>,
  email: string,
  password: string,
  options: Omit<PageOptions, 'baseUrl'> = {},
): Promise<Page> {
  const page = await newPage(browser, { baseUrl: server.baseUrl, ...options });
  await signInThroughUi(page, server.baseUrl, email, password);
  return page;
}

/** Creates a user through the API (`user` is the POST /users body) with a password; answers the user. */
export async function createUserWithPassword(
  server: Pick<UiServer, 'api'>,
  user: Json,
  password: string,
): Promise<Json> {
  const created = await server.api('POST', '/users', user);
  await server.api('PUT', `/users/${created.id}/password`, { password });
  return created;
}
