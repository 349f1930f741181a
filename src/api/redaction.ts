import type { FastifyRequest } from 'fastify';

/**
 * URLs that carry a credential: the token of a per-trigger webhook (`/hooks/{token}`), a document
 * share link (`/d/{token}`, `/d/{token}/pdf`), an emailed approval decision (`/a/{token}`) and the
 * open and click tracking of mail (`/t/o/{token}`,
 * `/t/c/{token}`) is all a caller needs, so it must not reach logs or answers that others read.
 * Query parameters named like credentials (a form's `_token`, a visitor's `sfv`...) likewise.
 */
const CREDENTIAL_PATH = /^(\/(?:hooks|d|a|t\/o|t\/c)\/)[^/?#]+/;

const CREDENTIAL_PARAMS: ReadonlySet<string> = new Set([
  'token',
  '_token',
  'sfv',
  'secret',
  'key',
  'apikey',
  'api_key',
  'access_token',
  'signature',
]);

export const REDACTED = '[redacted]';

const decodedName = (name: string): string => {
  try {
    return decodeURIComponent(name.replaceAll('+', ' ')).toLowerCase();
  } catch {
    return name.toLowerCase();
  }
};

/** The URL (path and query, as a request line has it) with every credential replaced. */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const redactedPath = path.replace(CREDENTIAL_PATH, `$1${REDACTED}`);
  if (queryAt === -1) return redactedPath;
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? pair : pair.slice(0, equals);
      return equals !== -1 && CREDENTIAL_PARAMS.has(decodedName(name)) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${redactedPath}?${query}`;
}

/** Fastify's request log serializer, with the URL redacted. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
