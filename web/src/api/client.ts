/**
 * The one way the UI talks to the server: the public REST API under /api/v1, with the session
 * cookie and, on writes, the CSRF token the session answered with. Errors are the API's RFC 9457
 * problem documents, thrown as ApiError so screens can show their detail and field errors.
 */

export interface ProblemField {
  readonly field: string;
  readonly message: string;
}

export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status: number;
  readonly detail?: string;
  readonly code?: string;
  readonly errors?: readonly ProblemField[];
  readonly [key: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }
}

export const API_BASE = '/api/v1';

let csrfToken: string | undefined;

/** Remembers the session's CSRF token; sent as X-CSRF-Token on every write. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Listeners told when the server answers 401: the session is gone, show the sign-in page. */
const unauthorizedListeners = new Set<() => void>();
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export type Query = Readonly<Record<string, string | number | boolean | undefined | null>>;

/** `/runs` + `{status: 'failed', limit: 50}` → `/runs?status=failed&limit=50` (empty values left out). */
export function withQuery(path: string, query?: Query): string {
  if (query === undefined) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

export async function apiRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const json = body === undefined ? undefined : { type: 'application/json', data: JSON.stringify(body) };
  return apiSend<T>(method, path, json);
}

/** A request whose body is sent as it is: JSON text, or a file's bytes. */
async function apiSend<T>(
  method: string,
  path: string,
  body?: { readonly type: string; readonly data: string | Blob },
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = body.type;
  if (method !== 'GET' && method !== 'HEAD' && csrfToken !== undefined) headers['X-CSRF-Token'] = csrfToken;
  const response = await fetch(`${API_BASE}${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    ...(body !== undefined && { body: body.data }),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const parsed: unknown = text === '' ? undefined : safeJson(text);
  if (!response.ok) {
    const problem: Problem =
      typeof parsed === 'object' && parsed !== null
        ? { ...(parsed as Problem), status: response.status }
        : { status: response.status, title: response.statusText };
    if (response.status === 401 && path !== '/session')
      for (const listener of unauthorizedListeners) listener();
    throw new ApiError(problem);
  }
  return parsed as T;
}

/** A file the server answered: its bytes as they are, and the name it gave it. */
export interface DownloadedFile {
  readonly blob: Blob;
  readonly fileName: string;
}

/**
 * GETs a file (an export): the bytes are kept unchanged (a 1C file is Windows-1251); a refusal is
 * the API's problem document, thrown as ApiError like any other answer.
 */
async function apiDownload(path: string, query?: Query): Promise<DownloadedFile> {
  const response = await fetch(`${API_BASE}${withQuery(path, query)}`, { credentials: 'same-origin' });
  if (!response.ok) {
    const parsed = safeJson(await response.text());
    if (response.status === 401) for (const listener of unauthorizedListeners) listener();
    throw new ApiError(
      typeof parsed === 'object' && parsed !== null
        ? { ...(parsed as Problem), status: response.status }
        : { status: response.status, title: response.statusText },
    );
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'export';
  return { blob: await response.blob(), fileName };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const api = {
  get: <T>(path: string, query?: Query) => apiRequest<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown) => apiRequest<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => apiRequest<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => apiRequest<T>('PATCH', path, body),
  delete: <T = void>(path: string) => apiRequest<T>('DELETE', path),
  /** POSTs a file's bytes unchanged, for endpoints that read a file rather than JSON. */
  postFile: <T>(path: string, file: Blob) =>
    apiSend<T>('POST', path, { type: 'application/octet-stream', data: file }),
  /** GETs a file, for endpoints that answer one rather than JSON. */
  download: (path: string, query?: Query) => apiDownload(path, query),
};

/** The message to show for any error: the problem's detail, else its title, else the text. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail ?? error.problem.title ?? error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
