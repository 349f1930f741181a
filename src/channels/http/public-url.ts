/**
 * Where the outside world reaches this server: the one source of every absolute URL Stageflow
 * hands out (webhook trigger URLs, document share links, web form pages, tracked links and the
 * open pixel in mail) and of the origin the web forms' cross-site check expects.
 *
 * In order: `STAGEFLOW_PUBLIC_URL` when it is set; otherwise the address the request came to,
 * which is the forwarded one (`X-Forwarded-Proto`, `X-Forwarded-Host`) only when the peer is a
 * trusted proxy (`STAGEFLOW_TRUST_PROXY`; Fastify's `request.protocol` and `request.host` apply
 * that rule); without a request (mail sent by the worker), the fallback `http://localhost:PORT`.
 */

/** The address a request came to, as Fastify reads it (`request.protocol`, `request.host`). */
export interface RequestAddress {
  readonly protocol: string;
  readonly host: string | undefined;
}

export interface PublicUrlOptions {
  /** `STAGEFLOW_PUBLIC_URL` without a trailing slash; undefined: from the request. */
  readonly configured: string | undefined;
  /** Base when there is neither a configured URL nor a request. Default: http://localhost:3000 */
  readonly fallback?: string;
}

export class PublicUrl {
  readonly #configured: string | undefined;
  readonly #fallback: string;

  constructor(options: PublicUrlOptions) {
    this.#configured = options.configured?.replace(/\/+$/, '');
    this.#fallback = (options.fallback ?? 'http://localhost:3000').replace(/\/+$/, '');
  }

  /** The absolute base URL, without a trailing slash (it may carry a path: `https://x.example/crm`). */
  base(request?: RequestAddress): string {
    if (this.#configured !== undefined) return this.#configured;
    if (request?.host !== undefined && request.host !== '') return `${request.protocol}://${request.host}`;
    return this.#fallback;
  }

  /** The absolute URL of one of this server's paths (`/hooks/...`), under the base's path. */
  to(path: string, request?: RequestAddress): string {
    return `${this.base(request)}${path.startsWith('/') ? path : `/${path}`}`;
  }

  /** The origin (`scheme://host[:port]`) browsers show for pages of this server. */
  origin(request?: RequestAddress): string | undefined {
    try {
      return new URL(this.base(request)).origin;
    } catch {
      return undefined;
    }
  }
}

/** The public URL of a configuration (STAGEFLOW_PUBLIC_URL, PORT for the fallback). */
export function publicUrlOf(
  config: { readonly publicUrl?: string | undefined; readonly port: number } | undefined,
): PublicUrl {
  return new PublicUrl({
    configured: config?.publicUrl,
    fallback: `http://localhost:${config?.port ?? 3000}`,
  });
}

/** For contexts built without a configuration (tests): every URL comes from the request. */
export const REQUEST_PUBLIC_URL = new PublicUrl({ configured: undefined });
