import { baseURLVariable, resolveApiKey, resolveBaseURLWithSource, type Env } from './provider-settings.js';
import { reachOf, type BaseURLSource, type Reach } from './reach.js';
import { can } from '../../ground/capabilities.js';
import type { Provider } from '../../ground/types.js';

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

/** The ports of gpt4free providers (docs/wire-protocols.md, "Seed providers"): only they have a `params` line. */
const SEED_PROVIDERS = new Set(['aivvm', 'aichat', 'ai365vip', 'gravityengine']);

/** gpt4free's `params` string: `g4f.provider.Aivvm supports: (model: str, messages: …)`. */
export function paramsText(provider: Provider): string {
  if (provider.paramsText) return provider.paramsText;
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
  /** Where the base URL comes from: flag, variable, config or default. */
  baseURLSource: BaseURLSource;
  baseURLOrigin: string;
  /** Where a prompt sent to it goes: local, keyed or public. */
  reach: Reach;
  /** Whether `-p auto` considers it (working, and a key when it needs one). */
  inAuto: boolean;
  note?: string;
  terms?: string;
  notInAuto?: boolean;
  userDefined: boolean;
  working: boolean;
  /** The provider's capabilities `stream`, `images` and `tools`, under the names --json has always used. */
  supportsStream: boolean;
  /** Takes images with a message (vision). */
  supportsImages: boolean;
  /** Takes tools (`-T`, serve's `tools`). */
  supportsTools: boolean;
  /** Has an embeddings API (`g4f-chat embed`, serve's `/v1/embeddings`). */
  embeddings: boolean;
  /** The model it embeds with when none is named. */
  embeddingModel?: string;
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
  /** gpt4free's `params` line: for the seed providers only, the ports that printed one. */
  paramsText?: string;
  /** `models` is the server's own list (asked live), not the built-in table. */
  modelsLive?: boolean;
  /** Variables holding its key, first found wins. */
  apiKeyEnv: string[];
  env: string[];
}

export interface InfoContext {
  env: Env;
  storedKeys: Readonly<Record<string, string>>;
  /** `providers.<id>.baseUrl` from the config. */
  configuredBaseURL?: string;
  /** --base-url, when given. */
  baseURLFlag?: string;
}

export function providerInfo(provider: Provider, context: InfoContext): ProviderInfo {
  const { env, storedKeys } = context;
  const base = resolveBaseURLWithSource(provider, env, context.baseURLFlag, context.configuredBaseURL);
  const keyPresent = Boolean(resolveApiKey(provider, env, undefined, storedKeys[provider.id]));
  const reach = reachOf(provider, base.url, base.source, keyPresent);
  const info: ProviderInfo = {
    id: provider.id,
    label: provider.label,
    url: provider.url,
    baseURL: base.url,
    baseURLSource: base.source,
    baseURLOrigin: base.origin,
    reach,
    // The same facts plan-chain's `auto` goes by: working, not kept out by its terms, a key when it needs one.
    inAuto: provider.working && !provider.notInAuto && (provider.kind !== 'keyed' || keyPresent || reach === 'local'),
    userDefined: provider.userDefined ?? false,
    working: provider.working,
    supportsStream: can(provider, 'stream'),
    supportsImages: can(provider, 'images'),
    supportsTools: can(provider, 'tools'),
    embeddings: provider.embeddings !== undefined,
    needsAuth: provider.kind === 'keyed',
    keyPresent,
    keyless: provider.kind !== 'keyed',
    local: provider.kind === 'local',
    defaultModel: provider.defaultModel,
    models: [...provider.models],
    modelAliases: { ...provider.modelAliases },
    params: [...provider.params],
    apiKeyEnv: [...(provider.apiKeyEnv ?? [])],
    env: providerEnvVars(provider),
  };
  if (SEED_PROVIDERS.has(provider.id)) info.paramsText = paramsText(provider);
  if (provider.embeddings) info.embeddingModel = provider.embeddings.defaultModel;
  if (provider.note) info.note = provider.note;
  if (provider.terms) info.terms = provider.terms;
  if (provider.notInAuto) info.notInAuto = true;
  // Said only by the seed ports whose original said so.
  if (can(provider, 'gpt-3.5-turbo')) info.supportsGpt35Turbo = true;
  if (can(provider, 'gpt-4')) info.supportsGpt4 = true;
  return info;
}
