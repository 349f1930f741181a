import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.ts';
import type { App } from './app.ts';
import { sendProblem } from './problem.ts';

/**
 * The browser UI: the files Vite built into `web/dist`, served at `/`. Hashed bundles under
 * `/assets/` are cached for a year; `index.html` is revalidated on every load, so a new build is
 * picked up at the next reload. Any other page path a browser navigates to (`/board/…`,
 * `/items/…`) answers `index.html` and the client's router takes over, while the server's own
 * paths keep their answers: an unknown `/api/…` stays a 404 problem document.
 */

/** `web/dist` of this package, wherever the process was started from. */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Paths that belong to the server, never to the UI's router. */
const SERVER_PATHS = ['/api/', '/hooks/', '/f/', '/d/', '/t/', '/problems/', '/assets/'];
const SERVER_EXACT = new Set(['/api', '/healthz', '/readyz', '/metrics', '/problems']);

/** A file at the top of dist (favicon.ico, robots.txt from web/public): one plain segment. */
const TOP_FILE = /^\/([A-Za-z0-9_-][A-Za-z0-9._-]*\.[A-Za-z0-9]+)$/;

/**
 * Scripts and styles only from this origin. React's `style` props are set through the CSSOM, which
 * CSP does not restrict, but the dialog primitives' scroll lock inserts a `<style>` element, so
 * styles need 'unsafe-inline'; scripts do not, and injected markup cannot run code. Vite inlines
 * small images and fonts as data: URLs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const UI_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
} as const;

/** Assets' names carry their content hash, so a name never serves other bytes. */
const ASSET_MAX_AGE_MS = 365 * 24 * 3600 * 1000;

export interface WebUi {
  /**
   * Answers a request no route matched when it is the UI's: a top-level file of dist, or a page
   * path a browser navigates to (a GET accepting text/html outside the server's paths). False
   * leaves the answer to the caller.
   */
  answerUnrouted(request: FastifyRequest, reply: FastifyReply): boolean;
}

export async function registerWebUi(app: App, dist: string = DEFAULT_WEB_DIST): Promise<WebUi> {
  // Only decorates reply.sendFile (rooted at dist); the routes are below.
  await app.register(fastifyStatic, { root: dist, serve: false, suppressWarning: true });
  await app.register(fastifyStatic, {
    root: join(dist, 'assets'),
    prefix: '/assets/',
    decorateReply: false,
    suppressWarning: true,
    index: false,
    immutable: true,
    maxAge: ASSET_MAX_AGE_MS,
    setHeaders: (reply) => reply.headers(UI_HEADERS),
  });

  const sendIndex = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (!existsSync(join(dist, 'index.html'))) return sendNotBuilt(request, reply);
    return sendTopFile(reply, 'index.html');
  };
  const sendTopFile = (reply: FastifyReply, name: string): FastifyReply =>
    reply.headers({ ...UI_HEADERS, 'cache-control': 'no-cache' }).sendFile(name, { cacheControl: false });

  app.get('/', { config: { public: true }, schema: { hide: true } }, sendIndex);

  return {
    answerUnrouted(request, reply) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return false;
      const path = request.url.split('?')[0] ?? '';
      if (SERVER_EXACT.has(path) || SERVER_PATHS.some((prefix) => path.startsWith(prefix))) return false;
      const file = TOP_FILE.exec(path)?.[1];
      if (file !== undefined && isFile(join(dist, file))) {
        sendTopFile(reply, file);
        return true;
      }
      if (!acceptsHtml(request)) return false;
      sendIndex(request, reply);
      return true;
    },
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A browser's navigation names text/html; API clients and `*\/*` fetches get the 404 problem. */
export function acceptsHtml(request: FastifyRequest): boolean {
  return /(^|,)\s*text\/html\s*(;|,|$)/i.test(request.headers.accept ?? '');
}

const NOT_BUILT_MESSAGE =
  'The web UI is not built. Run "npm run build:web" (or "npm start", which builds it when missing) ' +
  'and reload; the API works meanwhile.';

function sendNotBuilt(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (!acceptsHtml(request)) {
    return sendProblem(reply, new AppError('web_ui_not_built', 'not_found', NOT_BUILT_MESSAGE), request.url);
  }
  return reply
    .status(404)
    .headers(UI_HEADERS)
    .header('cache-control', 'no-cache')
    .type('text/html; charset=utf-8')
    .send(
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stageflow</title></head>' +
        `<body><h1>Stageflow</h1><p>${NOT_BUILT_MESSAGE}</p><p><a href="/api/docs">API docs</a></p></body></html>`,
    );
}
