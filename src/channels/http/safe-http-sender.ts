import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { HttpRequest, HttpResponse, HttpSender } from '../../automation/outside-ports.ts';
import { AppError } from '../../domain/errors.ts';
import {
  EMPTY_ALLOW_LIST,
  isAllowedAddress,
  isNonPublicAddress,
  type OutboundAllowList,
} from './address-policy.ts';

/** Waits `ms`, or less when `signal` aborts; never rejects. Real timers in production, the manual clock in tests. */
export type Timer = (ms: number, signal: AbortSignal) => Promise<void>;

export const realTimer: Timer = (ms, signal) =>
  new Promise((resolve) => {
    const timeout = setTimeout(done, ms);
    function done() {
      clearTimeout(timeout);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

export interface SafeHttpSenderOptions {
  /** Non-public destinations that may be reached anyway. Default: none. */
  readonly allow?: OutboundAllowList | undefined;
  /** Whole-request timeout when the request names none. Default: 10 s. */
  readonly timeoutMs?: number | undefined;
  /** Longest response body kept; the rest is not read. Default: 64 KiB. */
  readonly maxResponseBytes?: number | undefined;
  /** Default: real timers. */
  readonly timer?: Timer | undefined;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

export const addressRefused = (host: string, address: string): AppError =>
  new AppError(
    'outbound_address_refused',
    'forbidden',
    `${host} resolves to ${address}, which is not a public address; add it to STAGEFLOW_OUTBOUND_ALLOW to allow it`,
    { retryable: false, details: { host, address } },
  );

/**
 * Outgoing HTTP for webhooks and providers, safe against SSRF. The destination is checked when
 * the socket connects, on the addresses DNS answered (a custom `lookup`), so no spelling of an
 * address and no DNS trick reaches a private network: the URL parser normalises `127.1`,
 * `0x7f000001` and `2130706433` to 127.0.0.1, IPv4-mapped IPv6 is judged by its IPv4 part, and a
 * name is refused when any of its addresses is not public. Redirects are never followed (a 3xx
 * is answered as it is), since a redirect could point anywhere.
 */
export class SafeHttpSender implements HttpSender {
  readonly #allow: OutboundAllowList;
  readonly #timeoutMs: number;
  readonly #maxResponseBytes: number;
  readonly #timer: Timer;

  constructor(options: SafeHttpSenderOptions = {}) {
    this.#allow = options.allow ?? EMPTY_ALLOW_LIST;
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    this.#timer = options.timer ?? realTimer;
  }

  async send(request: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
    const url = parseTarget(request.url);
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    // Node connects to an IP literal without calling `lookup`: check it here.
    if (isIP(host) !== 0) this.#check(host, host);
    const controller = new AbortController();
    const stopTimer = new AbortController();
    const onAbort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    let timedOut = false;
    void this.#timer(request.timeoutMs ?? this.#timeoutMs, stopTimer.signal).then(() => {
      if (stopTimer.signal.aborted) return;
      timedOut = true;
      controller.abort(new Error('timeout'));
    });
    try {
      return await this.#exchange(url, host, request, controller.signal);
    } catch (error) {
      if (timedOut) {
        throw new AppError('http_timeout', 'internal', `${url.host} did not answer within the timeout`, {
          retryable: true,
          cause: error,
        });
      }
      if (error instanceof AppError || signal.aborted) throw error;
      throw new AppError('http_unreachable', 'internal', `${url.host} could not be reached`, {
        retryable: true,
        cause: error,
      });
    } finally {
      stopTimer.abort();
      signal.removeEventListener('abort', onAbort);
    }
  }

  #check(host: string, address: string): void {
    if (this.#allow.hosts.has(host) || isAllowedAddress(this.#allow, address)) return;
    if (isNonPublicAddress(address)) throw addressRefused(host, address);
  }

  /** Resolves like the system resolver, then refuses the whole name if any address is not public. */
  #lookup(host: string): LookupFunction {
    return (hostname, options, callback) => {
      dnsLookup(hostname, { all: true, family: options.family ?? 0 }, (error, addresses: LookupAddress[]) => {
        if (error !== null) return callback(error, '', 0);
        try {
          for (const entry of addresses) this.#check(host, entry.address);
        } catch (refusal) {
          return callback(refusal as NodeJS.ErrnoException, '', 0);
        }
        const first = addresses[0];
        if (first === undefined) return callback(new Error(`${hostname} has no address`), '', 0);
        if (options.all === true)
          return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
        callback(null, first.address, first.family);
      });
    };
  }

  #exchange(url: URL, host: string, request: HttpRequest, signal: AbortSignal): Promise<HttpResponse> {
    const transport = url.protocol === 'https:' ? https : http;
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    return new Promise<HttpResponse>((resolve, reject) => {
      const outgoing = transport.request(
        url,
        {
          method: request.method,
          headers: {
            ...request.headers,
            ...(body !== undefined && { 'content-length': String(body.length) }),
          },
          lookup: this.#lookup(host),
          // A fresh connection per request: a pooled socket would skip the address check.
          agent: false,
          signal,
        },
        (response) => {
          readCapped(response, this.#maxResponseBytes).then(
            (text) => resolve({ status: response.statusCode ?? 0, headers: flatten(response), body: text }),
            reject,
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }
}

function parseTarget(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new AppError('outbound_url_invalid', 'invalid', `"${text}" is not a URL`, { retryable: false });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AppError(
      'outbound_url_invalid',
      'invalid',
      `${url.protocol} URLs cannot be called; use http or https`,
      {
        retryable: false,
      },
    );
  }
  if (url.username !== '' || url.password !== '') {
    throw new AppError('outbound_url_invalid', 'invalid', 'URLs with credentials are not accepted', {
      retryable: false,
    });
  }
  return url;
}

/** Reads at most `max` bytes: a receiver cannot fill our memory with its answer. */
function readCapped(response: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      const room = max - size;
      chunks.push(room < chunk.length ? chunk.subarray(0, room) : chunk);
      size += Math.min(room, chunk.length);
      if (size >= max) {
        response.destroy();
        resolve(Buffer.concat(chunks).toString('utf8'));
      }
    });
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
    // Cut off by a timeout or the receiver; after our own cap this is a no-op.
    response.on('close', () => {
      if (!response.complete) reject(new Error('the response was interrupted'));
    });
  });
}

function flatten(response: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
