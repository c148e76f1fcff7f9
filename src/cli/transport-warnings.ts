import type { ChainLink } from '../core/chain/chain.js';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** A key sent over plain http to anything but this machine can be read on the way. */
export function warnInsecureKeyTransport(links: readonly ChainLink[], warn: (message: string) => void): void {
  for (const link of links) {
    if (!link.apiKey) continue;
    let url: URL;
    try {
      url = new URL(link.baseURL);
    } catch {
      continue;
    }
    if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
      warn(`${link.provider.id}: sending the API key over unencrypted http to ${url.host}`);
    }
  }
}
