import { baseURLVariable, resolveApiKey, type Env } from './provider-settings.js';
import type { Provider } from './types.js';

const PARAM_TYPES: Readonly<Record<string, string>> = {
  model: 'str',
  messages: 'list[dict[str, str]]',
  stream: 'bool',
  temperature: 'float',
  top_p: 'float',
  max_tokens: 'int',
  num_predict: 'int',
  system: 'str',
  proxy: 'str',
};

/** gpt4free's `params` string: `g4f.provider.Aivvm supports: (model: str, messages: …)`. */
export function paramsText(provider: Provider): string {
  const params = provider.params.map((name) => `${name}: ${PARAM_TYPES[name] ?? 'str'}`).join(', ');
  return `g4f.provider.${provider.label.replace(/[^A-Za-z0-9]/g, '')} supports: (${params})`;
}

/** Environment variables a provider reads. */
export function providerEnvVars(provider: Provider): string[] {
  return [...(provider.apiKeyEnv ?? []), baseURLVariable(provider), ...(provider.baseURLEnv ? [provider.baseURLEnv] : [])];
}

export interface ProviderInfo {
  id: string;
  label: string;
  url: string;
  baseURL: string;
  working: boolean;
  supportsStream: boolean;
  needsAuth: boolean;
  keyPresent: boolean;
  keyless: boolean;
  local: boolean;
  supportsGpt35Turbo?: boolean;
  supportsGpt4?: boolean;
  defaultModel: string;
  models: string[];
  modelAliases: Record<string, string>;
  params: string[];
  paramsText: string;
  env: string[];
}

export function providerInfo(provider: Provider, env: Env, storedKeys: Readonly<Record<string, string>>): ProviderInfo {
  const info: ProviderInfo = {
    id: provider.id,
    label: provider.label,
    url: provider.url,
    baseURL: provider.baseURL,
    working: provider.working,
    supportsStream: provider.supportsStream,
    needsAuth: provider.needsAuth,
    keyPresent: Boolean(resolveApiKey(provider, env, undefined, storedKeys[provider.id])),
    keyless: provider.keyless ?? false,
    local: provider.local ?? false,
    defaultModel: provider.defaultModel,
    models: [...provider.models],
    modelAliases: { ...provider.modelAliases },
    params: [...provider.params],
    paramsText: paramsText(provider),
    env: providerEnvVars(provider),
  };
  if (provider.supportsGpt35Turbo !== undefined) info.supportsGpt35Turbo = provider.supportsGpt35Turbo;
  if (provider.supportsGpt4 !== undefined) info.supportsGpt4 = provider.supportsGpt4;
  return info;
}
