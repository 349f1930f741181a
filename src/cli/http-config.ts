import { parseTrustedProxies, type TrustedProxies } from '../channels/http/trusted-proxies.ts';
import { type ConfigReader, isHostName, parseUrl, readChoice, readWholeNumber } from './config-env.ts';
import { WEB_BUILD_MODES, type WebBuildMode } from './web-build.ts';

/** The settings of the HTTP server: where it listens, how it is reached, what it takes and serves. */
export interface HttpConfig {
  /** TCP port of the HTTP server. Default: 3000. */
  readonly port: number;
  /** Interface to listen on. Default: 0.0.0.0 (all IPv4 interfaces). */
  readonly host: string;
  /**
   * Absolute URL the outside world reaches this server at, no trailing slash: the base of every
   * absolute URL Stageflow hands out. Default: unset, the address a request came to (and
   * http://localhost:PORT for links made without a request, such as tracked links in mail).
   */
  readonly publicUrl: string | undefined;
  /**
   * Peers whose X-Forwarded-Proto/-Host/-For headers are believed: true for any, or addresses,
   * CIDR ranges and `loopback`, `linklocal`, `uniquelocal`. Default: false (none).
   */
  readonly trustProxy: TrustedProxies;
  /** Most requests in flight before more are refused with 503. Default: the API's (64). */
  readonly maxInFlight?: number;
  /** Most open event streams (GET /api/v1/stream) before more are refused with 503. Default: 500. */
  readonly maxStreams?: number;
  /** Largest file uploaded to an item (STAGEFLOW_MAX_FILE_BYTES). Unit: bytes. Default: 5 MiB. */
  readonly maxFileBytes?: number;
  /** Most bytes of rendered document PDFs kept in the process; 0 keeps none. Unit: bytes. Default: 32 MiB. */
  readonly pdfCacheBytes?: number;
  /** `auto`: `serve` builds the web UI when missing or stale; `never`: serves what is built. Default: auto. */
  readonly webBuild: WebBuildMode;
}

const PORT = { digits: 5, min: 1, max: 65535, message: 'must be an integer from 1 to 65535' };
const REQUESTS = { digits: 6, min: 1, max: 100_000, message: 'must be a whole number from 1 to 100000' };
const FILE_BYTES = {
  digits: 9,
  min: 1,
  max: 50 * 1024 * 1024,
  message: 'must be a whole number of bytes from 1 to 52428800',
};
const CACHE_BYTES = {
  digits: 10,
  min: 0,
  max: 1024 * 1024 * 1024,
  message: 'must be a whole number of bytes from 0 to 1073741824',
};

/**
 * PORT, HOST, STAGEFLOW_PUBLIC_URL, _TRUST_PROXY, _MAX_IN_FLIGHT, _MAX_STREAMS, _MAX_FILE_BYTES,
 * _PDF_CACHE_BYTES, _WEB_BUILD.
 */
export function readHttpConfig(reader: ConfigReader): HttpConfig {
  const { read, fail } = reader;
  // A refused port reads as 0, which no other port setting can equal.
  const port = readWholeNumber(reader, 'PORT', PORT, 0) ?? 3000;

  const host = read('HOST') ?? '0.0.0.0';
  if (!isHostName(host)) {
    fail('HOST', host, 'must be an IP address or a host name', undefined);
  }

  const publicText = read('STAGEFLOW_PUBLIC_URL');
  let publicUrl: string | undefined;
  if (publicText !== undefined) {
    const url = parseUrl(publicText);
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search !== '') {
      fail(
        'STAGEFLOW_PUBLIC_URL',
        publicText,
        'must be an http:// or https:// URL without a query',
        undefined,
      );
    } else {
      publicUrl = url.toString().replace(/\/+$/, '');
    }
  }

  const proxyText = read('STAGEFLOW_TRUST_PROXY');
  const proxies = proxyText === undefined ? false : parseTrustedProxies(proxyText);
  const trustProxy =
    typeof proxies === 'object' && 'problem' in proxies
      ? fail('STAGEFLOW_TRUST_PROXY', proxyText ?? '', proxies.problem, false)
      : proxies;

  const maxInFlight = readWholeNumber(reader, 'STAGEFLOW_MAX_IN_FLIGHT', REQUESTS, undefined);
  const maxStreams = readWholeNumber(reader, 'STAGEFLOW_MAX_STREAMS', REQUESTS, undefined);
  const maxFileBytes = readWholeNumber(reader, 'STAGEFLOW_MAX_FILE_BYTES', FILE_BYTES, undefined);
  const pdfCacheBytes = readWholeNumber(reader, 'STAGEFLOW_PDF_CACHE_BYTES', CACHE_BYTES, undefined);
  const webBuild = readChoice(
    reader,
    'STAGEFLOW_WEB_BUILD',
    WEB_BUILD_MODES,
    'auto',
    `must be one of ${WEB_BUILD_MODES.join(', ')}`,
  );
  return {
    port,
    host,
    publicUrl,
    trustProxy,
    webBuild,
    ...(maxInFlight !== undefined && { maxInFlight }),
    ...(maxStreams !== undefined && { maxStreams }),
    ...(maxFileBytes !== undefined && { maxFileBytes }),
    ...(pdfCacheBytes !== undefined && { pdfCacheBytes }),
  };
}
