import { openAICompatible } from '../../providers/openai/openai-compatible.js';
import { builtinProviders } from '../../providers/registry.js';
import type { Config, ProviderConfig } from '../../store/config/schema.js';
import { UsageError, type Remedy } from '../../ground/errors.js';
import type { Provider } from '../../ground/types.js';

/**
 * Every provider this run knows: the built-in ones, adjusted by `providers.<id>.*` in the
 * config, then the user's own OpenAI-compatible endpoints defined there.
 */
export class Catalog {
  readonly all: readonly Provider[];
  private readonly settings: Readonly<Record<string, ProviderConfig>>;

  constructor(settings: Readonly<Record<string, ProviderConfig>> = {}) {
    this.settings = settings;
    const builtins = builtinProviders.map((provider) => withSettings(provider, settings[provider.id]));
    const own = Object.entries(settings)
      .filter(([id, entry]) => !builtinProviders.some((p) => p.id === id) && entry.baseUrl)
      .map(([id, entry]) => userProvider(id, entry));
    this.all = [...builtins, ...own];
  }

  find(id: string): Provider | undefined {
    const wanted = id.trim().toLowerCase();
    return this.all.find((p) => p.id === wanted);
  }

  ids(): string[] {
    return this.all.map((p) => p.id);
  }

  /** The provider with this id, or a usage error listing the known ids (and any other accepted choices). */
  require(id: string, otherChoices: readonly string[] = [], remedy?: Remedy): Provider {
    const provider = this.find(id);
    if (!provider) throw Object.assign(new UsageError(`unknown provider "${id}"; known providers: ${[...otherChoices, ...this.ids()].join(', ')}`), { remedy });
    return provider;
  }

  /** `providers.<id>.baseUrl` from the config file. */
  configuredBaseURL(id: string): string | undefined {
    return this.settings[id]?.baseUrl;
  }
}

export function catalogFromConfig(config: Config): Catalog {
  return new Catalog(config.providers);
}

function withSettings(provider: Provider, entry: ProviderConfig | undefined): Provider {
  if (!entry) return provider;
  return {
    ...provider,
    defaultModel: entry.defaultModel ?? provider.defaultModel,
    ...(entry.defaultModel ? { defaultModelConfigured: true } : {}),
    models: entry.models ?? provider.models,
    apiKeyEnv: entry.keyEnv ? [entry.keyEnv, ...(provider.apiKeyEnv ?? [])] : provider.apiKeyEnv,
  };
}

/** An OpenAI-compatible endpoint of the user's (LM Studio, llama.cpp, vLLM, a company gateway). */
function userProvider(id: string, entry: ProviderConfig): Provider {
  const provider = openAICompatible({
    id,
    label: id,
    url: entry.baseUrl!,
    baseURL: entry.baseUrl!,
    kind: 'keyless',
    apiKeyEnv: entry.keyEnv ? [entry.keyEnv] : undefined,
    defaultModel: entry.defaultModel ?? entry.models?.[0] ?? 'default',
    models: entry.models ?? [],
  });
  return { ...provider, userDefined: true, pickModelLive: !entry.defaultModel && !entry.models?.length, note: 'defined in the config file' };
}
