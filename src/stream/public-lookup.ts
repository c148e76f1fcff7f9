import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { classifyAddress, InternalAddressError, refuseInternal } from './internal-address.js';

type LookupCallback = (error: Error | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for net.connect that resolves a name once and hands the socket only addresses
 * that were checked: the socket connects to exactly what was looked at, so a name that
 * answers with a public address for a check and a loopback one for the connection (DNS
 * rebinding) cannot slip past. A name with any internal address among its answers is
 * refused whole. (An IP literal never reaches a lookup: send() checks those.)
 */
export function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const internal = addresses.find((a) => classifyAddress(a.address) !== 'public');
    if (internal) return callback(new InternalAddressError(hostname, internal.address, classifyAddress(internal.address) as InternalAddressError['kind']), []);
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0]!.address, addresses[0]!.family);
  });
}

/**
 * The part of the check made before any connection: an address written in the URL (in any
 * form the URL parser reads: `2130706433`, `0x7f.1`, `[::ffff:127.0.0.1]`; a literal never
 * goes through a lookup), and, through a proxy that resolves names on our behalf,
 * `localhost` names.
 */
export function refuseInternalTarget(url: URL, viaProxy: boolean): void {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (viaProxy && /^localhost\.?$|\.localhost\.?$/i.test(host)) throw new InternalAddressError(url.hostname, '127.0.0.1', 'loopback');
  refuseInternal(url.hostname, host);
}
