import type { App } from '../../src/api/app.ts';
import type { TestApp } from './harness.ts';

/** A signed-in browser's credentials: send `cookie` as the Cookie header, `csrfToken` as X-CSRF-Token. */
export interface SignedInSession {
  /** `stageflow_session=<secret>`, ready for a Cookie header. */
  readonly cookie: string;
  readonly csrfToken: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  readonly user: any;
}

/** The headers of a request made by a signed-in browser (the CSRF token matters for writes only). */
export const sessionHeaders = (session: SignedInSession): Record<string, string> => ({
  cookie: session.cookie,
  'x-csrf-token': session.csrfToken,
});

function cookieOf(setCookie: string | string[] | number | undefined | null): string {
  const values = Array.isArray(setCookie) ? setCookie : setCookie == null ? [] : [String(setCookie)];
  const found = values.find((value) => value.startsWith('stageflow_session='));
  if (found === undefined) throw new Error(`no session cookie was set (${JSON.stringify(setCookie)})`);
  return found.split(';')[0] as string;
}

/**
 * Signs in through `POST /api/v1/session`, in-process (`app.inject`) or over HTTP (a base URL such
 * as `http://127.0.0.1:3000`). Fails, with the answer, unless the sign-in succeeds.
 */
export async function signIn(
  target: App | string,
  email: string,
  password: string,
): Promise<SignedInSession> {
  if (typeof target === 'string') {
    const response = await fetch(new URL('/api/v1/session', target), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`sign-in answered ${response.status}: ${text}`);
    const body = JSON.parse(text);
    return { cookie: cookieOf(response.headers.getSetCookie()), csrfToken: body.csrfToken, user: body.user };
  }
  const response = await target.inject({
    method: 'POST',
    url: '/api/v1/session',
    payload: { email, password },
  });
  if (response.statusCode !== 200)
    throw new Error(`sign-in answered ${response.statusCode}: ${response.body}`);
  const body = JSON.parse(response.body);
  return { cookie: cookieOf(response.headers['set-cookie']), csrfToken: body.csrfToken, user: body.user };
}

/**
 * Requests of signed-in browsers against a test app, and sign-in attempts from an address. The app
 * is read at each call, so a describe block may set this up before its `before` creates the app.
 */
export function sessionClient(app: () => TestApp) {
  return {
    /** A request from a signed-in browser: the cookie, and the CSRF header unless told otherwise. */
    asSession: (
      session: SignedInSession,
      method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
      url: string,
      options: { body?: unknown; csrf?: string | null } = {},
    ) => {
      const headers: Record<string, string> = { cookie: session.cookie };
      const csrf = options.csrf === undefined ? session.csrfToken : options.csrf;
      if (csrf !== null) headers['x-csrf-token'] = csrf;
      return app().request({ method, url, as: null, headers, body: options.body });
    },
    attempt: (email: string, password: string, remoteAddress = '127.0.0.1') =>
      app().app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { email, password },
        remoteAddress,
      }),
  };
}
