import { isIP } from 'node:net';

/** Address ranges that Fastify's proxy-addr knows by name. */
const RANGE_NAMES: readonly string[] = ['loopback', 'linklocal', 'uniquelocal'];

/** Which peers may tell the client's address, scheme and host (X-Forwarded-For/-Proto/-Host). */
export type TrustedProxies = boolean | readonly string[];

function validEntry(entry: string): boolean {
  if (RANGE_NAMES.includes(entry)) return true;
  const [address = '', bits, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (bits === undefined) return true;
  const length = /^\d{1,3}$/.test(bits) ? Number(bits) : -1;
  return length >= 0 && length <= (family === 4 ? 32 : 128);
}

/**
 * Reads STAGEFLOW_TRUST_PROXY: `true` (any peer: the server is reachable only through the proxy),
 * `false`, or the proxies' addresses, CIDR ranges and range names, comma-separated. The result is
 * what Fastify's `trustProxy` option takes.
 */
export function parseTrustedProxies(text: string): TrustedProxies | { readonly problem: string } {
  const value = text.trim();
  if (value === 'true') return true;
  if (value === 'false') return false;
  const entries = value.split(',').map((entry) => entry.trim());
  if (entries.every(validEntry)) return entries;
  return {
    problem:
      'must be true, false, or comma-separated addresses, CIDR ranges, loopback, linklocal or uniquelocal',
  };
}
