import { UsageError } from '../../ground/errors.js';
import { PROVIDER_FIELDS, isConfigKey, parseConfigValue, parseProviderField, parseProviderKey, unknownKey, type Config } from './schema.js';

/** The config with one setting changed; every check happens here, before anything is written. */
export function withSetting(config: Config, key: string, raw: string, builtinIds: readonly string[]): Config {
  const dotted = parseProviderKey(key);
  if (!dotted) return { ...config, [key]: parseConfigValue(key, raw) };
  if (!dotted.field) throw new UsageError(`name a field: providers.${dotted.id}.<${Object.keys(PROVIDER_FIELDS).join('|')}>`);
  let value: string | string[];
  try {
    value = parseProviderField(dotted.field, raw);
  } catch (error) {
    throw new UsageError(`bad value for ${key}: "${raw}"; expected ${(error as Error).message}`);
  }
  const entry = { ...config.providers?.[dotted.id], [dotted.field]: value };
  if (!builtinIds.includes(dotted.id) && !entry.baseUrl) {
    throw Object.assign(new UsageError(`unknown provider "${dotted.id}": define it first with its URL`), { remedy: { type: 'define-provider', id: dotted.id } as const });
  }
  return { ...config, providers: { ...config.providers, [dotted.id]: entry } };
}

/** The config without one setting; `providers.<id>` removes the whole provider entry. */
export function withoutSetting(config: Config, key: string): Config {
  const dotted = parseProviderKey(key);
  if (!dotted) {
    if (!isConfigKey(key)) throw unknownKey(key);
    const { [key]: _removed, ...rest } = config;
    return rest;
  }
  const providers = { ...config.providers };
  if (dotted.field) {
    const entry = { ...providers[dotted.id] };
    delete entry[dotted.field];
    if (Object.keys(entry).length > 0) providers[dotted.id] = entry;
    else delete providers[dotted.id];
  } else {
    delete providers[dotted.id];
  }
  const { providers: _old, ...rest } = config;
  return Object.keys(providers).length > 0 ? { ...rest, providers } : rest;
}
