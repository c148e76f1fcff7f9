import { UsageError } from '../../ground/errors.js';
import type { BaseURLSource } from './reach.js';
import type { Provider } from '../../ground/types.js';

export type { Env } from '../../ground/types.js';
import type { Env } from '../../ground/types.js';

/** `G4F_CHAT_<ID>_BASE_URL`: id upper-cased, `-` → `_`. */
export function baseURLVariable(provider: Pick<Provider, 'id'>): string {
  return `G4F_CHAT_${provider.id.toUpperCase().replace(/-/g, '_')}_BASE_URL`;
}

export interface ResolvedBaseURL {
  url: string;
  source: BaseURLSource;
  /** Human words for the source: `--base-url`, a variable's name, `config providers.x.baseUrl`. */
  origin: string;
}

/**
 * --base-url, then G4F_CHAT_<ID>_BASE_URL, then the ecosystem's own variable, then the
 * config file (`providers.<id>.baseUrl`), then the default.
 */
export function resolveBaseURLWithSource(provider: Provider, env: Env, override?: string, configured?: string): ResolvedBaseURL {
  const found = findBaseURL(provider, env, override, configured);
  if (!isHttpURL(found.url)) {
    throw new UsageError(`${found.origin} is not a usable base URL for ${provider.id}: ${JSON.stringify(found.url)}`, 'give an http:// or https:// URL, such as http://127.0.0.1:8080/v1');
  }
  return found;
}

function isHttpURL(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function findBaseURL(provider: Provider, env: Env, override?: string, configured?: string): ResolvedBaseURL {
  const clean = (url: string) => url.replace(/\/+$/, '');
  if (override) return { url: clean(override), source: 'flag', origin: '--base-url' };
  const ownName = baseURLVariable(provider);
  if (env[ownName]) return { url: clean(env[ownName]!), source: 'variable', origin: ownName };
  const ecosystem = provider.baseURLEnv ? env[provider.baseURLEnv] : undefined;
  if (provider.baseURLEnv && ecosystem !== undefined && (ecosystem || provider.normalizeBaseURL)) {
    let value = ecosystem;
    try {
      value = provider.normalizeBaseURL ? provider.normalizeBaseURL(ecosystem) : ecosystem;
    } catch {
      // Not a host or URL at all: reported with the variable's name by the caller.
    }
    return { url: clean(value), source: 'variable', origin: provider.baseURLEnv };
  }
  if (configured) return { url: clean(configured), source: 'config', origin: `config providers.${provider.id}.baseUrl` };
  return { url: clean(provider.baseURL), source: 'default', origin: 'default' };
}

export function resolveBaseURL(provider: Provider, env: Env, override?: string, configured?: string): string {
  return resolveBaseURLWithSource(provider, env, override, configured).url;
}

export interface KeySource {
  key: string;
  /** Where it came from: `--api-key`, an env var name, or `stored`. */
  from: string;
}

/** --api-key, then the provider's environment variables, then a stored key. */
export function resolveApiKey(provider: Provider, env: Env, flag?: string, stored?: string): KeySource | undefined {
  if (flag) return { key: flag, from: '--api-key' };
  for (const name of provider.apiKeyEnv ?? []) {
    const value = env[name]?.trim();
    if (value) return { key: value, from: name };
  }
  if (stored) return { key: stored, from: 'stored' };
  return undefined;
}
