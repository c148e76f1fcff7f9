import { BlockList, isIP } from 'node:net';
import { G4fError } from '../ground/errors.js';

/** Where an address leads: the open internet, or somewhere only this machine's networks reach. */
export type AddressKind = 'public' | 'loopback' | 'private' | 'link-local' | 'unspecified';

/**
 * The ranges no page or model may make us connect to. Node's BlockList matches an
 * IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, `::ffff:7f00:1`) against the IPv4 ranges,
 * so the mapped forms are covered by the IPv4 lines.
 */
const RANGES: ReadonlyArray<readonly [AddressKind, string, number, 'ipv4' | 'ipv6']> = [
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['loopback', '::1', 128, 'ipv6'],
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  // Carrier-grade NAT and overlay networks (Tailscale): never the open internet.
  ['private', '100.64.0.0', 10, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  // IPv4-compatible addresses (`::127.0.0.1`), deprecated: no public host has one.
  ['unspecified', '::', 96, 'ipv6'],
  ['private', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
];

// Checked in this order: loopback before the wider `::/96` that holds `::1`.
const lists = new Map<AddressKind, BlockList>();
for (const [kind, network, prefix, family] of RANGES) {
  if (!lists.has(kind)) lists.set(kind, new BlockList());
  lists.get(kind)!.addSubnet(network, prefix, family);
}

/** `127.0.0.1` → loopback, `[fd00::1]` → private, `93.184.216.34` → public. A name is not an address: undefined. */
export function classifyAddress(address: string): AddressKind | undefined {
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  const family = isIP(bare);
  if (family === 0) return undefined;
  for (const [kind, list] of lists) if (list.check(bare, family === 4 ? 'ipv4' : 'ipv6')) return kind;
  return 'public';
}

/** A connection refused because its address is internal (loopback, private, link-local, unspecified). */
export class InternalAddressError extends G4fError {
  override name = 'InternalAddressError';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly kind: Exclude<AddressKind, 'public'>,
  ) {
    const where = host === address ? address : `${host} (${address})`;
    super(`${where} is a ${kind} address, which is not fetched`, { code: 'network', retryable: false });
  }
}

/** Throws when `address` (what `host` resolved to) is not public. */
export function refuseInternal(host: string, address: string): void {
  const kind = classifyAddress(address);
  if (kind && kind !== 'public') throw new InternalAddressError(host, address, kind);
}
