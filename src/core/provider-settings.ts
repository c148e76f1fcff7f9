import type { Provider } from './types.js';

export type Env = Readonly<Record<string, string | undefined>>;

/** `G4F_CHAT_<ID>_BASE_URL`: id upper-cased, `-` → `_`. */
export function baseURLVariable(provider: Provider): string {
  return `G4F_CHAT_${provider.id.toUpperCase().replace(/-/g, '_')}_BASE_URL`;
}

/** --base-url, then G4F_CHAT_<ID>_BASE_URL, then the ecosystem's own variable, then the default. */
export function resolveBaseURL(provider: Provider, env: Env, override?: string): string {
  const own = env[baseURLVariable(provider)];
  const ecosystem = provider.baseURLEnv ? env[provider.baseURLEnv] : undefined;
  let base = override || own || undefined;
  if (!base && ecosystem !== undefined && (ecosystem || provider.normalizeBaseURL)) {
    base = provider.normalizeBaseURL ? provider.normalizeBaseURL(ecosystem) : ecosystem;
  }
  return (base || provider.baseURL).replace(/\/+$/, '');
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
