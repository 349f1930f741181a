import { BlockList, isIP } from 'node:net';

/**
 * Which addresses outgoing requests may reach. Everything that is not the public internet is
 * refused: a webhook URL is typed by a user, and without this check it could read the cloud
 * metadata service or an admin panel on the private network (SSRF). The check runs on resolved
 * addresses, so a DNS name pointing at 127.0.0.1 is refused like the literal.
 */
const BLOCKED_V4: readonly (readonly [string, number])[] = [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, with the metadata service 169.254.169.254
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
];

const BLOCKED_V6: readonly (readonly [string, number])[] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local, with the metadata service fd00:ec2::254
  ['fe80::', 10], // link-local
  ['fec0::', 10], // deprecated site-local
  ['ff00::', 8], // multicast
];

const blocked = new BlockList();
for (const [address, prefix] of BLOCKED_V4) blocked.addSubnet(address, prefix, 'ipv4');
for (const [address, prefix] of BLOCKED_V6) blocked.addSubnet(address, prefix, 'ipv6');

/** IPv6 forms that carry an IPv4 address: the embedded one decides (`::ffff:127.0.0.1`, NAT64, 6to4). */
function embeddedV4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted?.[1] !== undefined) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex?.[1] !== undefined && hex[2] !== undefined) return hexPairToV4(hex[1], hex[2]);
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower);
  if (sixToFour?.[1] !== undefined && sixToFour[2] !== undefined)
    return hexPairToV4(sixToFour[1], sixToFour[2]);
  return undefined;
}

function hexPairToV4(high: string, low: string): string {
  const h = Number.parseInt(high, 16);
  const l = Number.parseInt(low, 16);
  return `${h >> 8}.${h & 255}.${l >> 8}.${l & 255}`;
}

/** Whether an IP address is outside the public internet. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family !== 6) return true;
  const v4 = embeddedV4(address);
  if (v4 !== undefined && isIP(v4) === 4 && blocked.check(v4, 'ipv4')) return true;
  return blocked.check(address, 'ipv6');
}

/**
 * The operator's exceptions (STAGEFLOW_OUTBOUND_ALLOW): host names, addresses and CIDR ranges that
 * may be reached although they are not public, e.g. a receiver on the private network.
 */
export interface OutboundAllowList {
  readonly hosts: ReadonlySet<string>;
  readonly addresses: BlockList;
  /** The entries as configured, for messages. */
  readonly entries: readonly string[];
}

export const EMPTY_ALLOW_LIST: OutboundAllowList = {
  hosts: new Set(),
  addresses: new BlockList(),
  entries: [],
};

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Parses `host, 10.0.0.0/8, ::1`; answers the entry at fault when one is not a host, address or CIDR. */
export function parseAllowList(text: string): OutboundAllowList | { readonly problem: string } {
  const hosts = new Set<string>();
  const addresses = new BlockList();
  const entries: string[] = [];
  for (const raw of text.split(',')) {
    const entry = raw
      .trim()
      .toLowerCase()
      .replace(/^\[(.*)\]$/, '$1');
    if (entry === '') continue;
    const [address, prefixText, ...rest] = entry.split('/');
    const family = address === undefined ? 0 : isIP(address);
    if (address !== undefined && family !== 0 && rest.length === 0) {
      const type = family === 4 ? 'ipv4' : 'ipv6';
      const max = family === 4 ? 32 : 128;
      const prefix = prefixText === undefined ? max : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1;
      if (prefix < 0 || prefix > max) return { problem: `"${raw.trim()}" has an invalid prefix length` };
      addresses.addSubnet(address, prefix, type);
    } else if (prefixText === undefined && HOST_NAME.test(entry)) {
      hosts.add(entry);
    } else {
      return { problem: `"${raw.trim()}" is not a host name, an IP address or a CIDR range` };
    }
    entries.push(entry);
  }
  return { hosts, addresses, entries };
}

/** Whether the allow-list names this resolved address. */
export function isAllowedAddress(allow: OutboundAllowList, address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (allow.addresses.check(address, family === 4 ? 'ipv4' : 'ipv6')) return true;
  const v4 = family === 6 ? embeddedV4(address) : undefined;
  return v4 !== undefined && isIP(v4) === 4 && allow.addresses.check(v4, 'ipv4');
}
