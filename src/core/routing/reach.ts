import type { Provider } from '../../ground/types.js';

/**
 * Where a prompt goes when it is sent to a provider:
 * - `local`: this machine, a private network, or a base URL the user chose;
 * - `keyed`: the user's own account with a service;
 * - `public`: a keyless service run by a third party.
 * A chain never moves a prompt from `local` or `keyed` to `public` without consent.
 */
export type Reach = 'local' | 'keyed' | 'public';

/** Where a base URL came from, most specific first. */
export type BaseURLSource = 'flag' | 'variable' | 'config' | 'default';

/**
 * A keyless service run by others stays `public` wherever its address points (a mirror is
 * still theirs); Ollama and the user's own endpoints are `local`; a keyed provider becomes
 * `local` at an address the user set or a private one, and is `keyed` otherwise.
 */
export function reachOf(provider: Provider, baseURL: string, source: BaseURLSource, hasKey: boolean): Reach {
  if (provider.kind === 'local' || provider.userDefined) return 'local';
  if (provider.kind === 'keyless' && !hasKey) return 'public';
  return source !== 'default' || isPrivateAddress(baseURL) ? 'local' : 'keyed';
}

export const isPrivateReach = (reach: Reach): boolean => reach !== 'public';

const PRIVATE_V4 = [/^127\./, /^10\./, /^192\.168\./, /^172\.(1[6-9]|2\d|3[01])\./, /^169\.254\./, /^0\.0\.0\.0$/];

/** Loopback, RFC 1918, link-local, unique-local IPv6, or `localhost`. */
export function isPrivateAddress(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host.startsWith('[')) {
    const v6 = host.slice(1, -1);
    return v6 === '::1' || /^f[cd][0-9a-f]{2}:/.test(v6) || /^fe[89ab][0-9a-f]:/.test(v6);
  }
  return PRIVATE_V4.some((range) => range.test(host));
}
