import { describe, expect, it } from 'vitest';
import { classifyAddress, InternalAddressError } from '../../src/stream/internal-address.js';
import { publicOnlyLookup, refuseInternalTarget } from '../../src/stream/public-lookup.js';

/** The host a URL names once the WHATWG parser has read it, as the connection will use it. */
const hostOf = (url: string) => new URL(url).hostname;

describe('classifyAddress: where an address leads', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.1.2', 'loopback'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.100.1.1', 'private'],
    ['fd00::1', 'private'],
    ['fc00::1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:192.168.0.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['::127.0.0.1', 'unspecified'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['93.184.216.34', 'public'],
    ['172.32.0.1', 'public'],
    ['172.15.255.255', 'public'],
    ['2606:4700::1111', 'public'],
    ['::ffff:8.8.8.8', 'public'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it('a name is not an address', () => {
    expect(classifyAddress('example.com')).toBeUndefined();
    expect(classifyAddress('localhost')).toBeUndefined();
  });

  it.each([
    ['http://2130706433/', '127.0.0.1', 'loopback'],
    ['http://0x7f.1/', '127.0.0.1', 'loopback'],
    ['http://017700000001/', '127.0.0.1', 'loopback'],
    ['http://127.1/', '127.0.0.1', 'loopback'],
    ['http://0/', '0.0.0.0', 'unspecified'],
    ['http://[::ffff:127.0.0.1]/', '[::ffff:7f00:1]', 'loopback'],
    ['http://[::]/', '[::]', 'unspecified'],
    ['http://0xa9.0xfe.0xa9.0xfe/', '169.254.169.254', 'link-local'],
  ])('%s, as the URL parser reads it (%s), is %s and refused before any connection', (url, host, kind) => {
    expect(hostOf(url)).toBe(host);
    expect(classifyAddress(hostOf(url))).toBe(kind);
    expect(() => refuseInternalTarget(new URL(url), false)).toThrow(InternalAddressError);
  });

  it('a public address or a name passes the check made before connecting; localhost is refused there only through a proxy', () => {
    expect(() => refuseInternalTarget(new URL('http://93.184.216.34/'), false)).not.toThrow();
    expect(() => refuseInternalTarget(new URL('http://localhost:8080/'), false)).not.toThrow();
    expect(() => refuseInternalTarget(new URL('http://localhost:8080/'), true)).toThrow(InternalAddressError);
    expect(() => refuseInternalTarget(new URL('http://a.localhost/'), true)).toThrow(InternalAddressError);
  });
});

describe('publicOnlyLookup: the address connected to is the address checked', () => {
  const lookupOf = (host: string, all: boolean) =>
    new Promise<{ error: Error | null; address: unknown }>((resolve) => publicOnlyLookup(host, { all }, (error, address) => resolve({ error, address })));

  it('refuses a name that resolves to loopback, saying which address it found', async () => {
    for (const all of [true, false]) {
      const { error, address } = await lookupOf('localhost', all);
      expect(error).toBeInstanceOf(InternalAddressError);
      expect((error as InternalAddressError).kind).toBe('loopback');
      expect(error!.message).toMatch(/^localhost \((127\.0\.0\.1|::1)\) is a loopback address/);
      expect(address).toEqual([]);
    }
  });
});
