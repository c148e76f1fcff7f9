import { ModelNotOfferedError } from '../../ground/errors.js';
import type { Provider } from '../../ground/types.js';

/** The model that goes on the wire: default when none, aliases resolved, strict tables enforced. */
export function resolveModel(provider: Provider, requested: string | undefined): string {
  const name = requested?.trim() || provider.defaultModel;
  const resolved = provider.aliasesAreMetadata ? name : (provider.modelAliases[name] ?? name);
  if (provider.strictModels && !provider.models.includes(resolved)) {
    const valid = [...provider.models, ...Object.keys(provider.modelAliases).filter((a) => !provider.models.includes(a))];
    throw Object.assign(new ModelNotOfferedError(provider.id, name, valid), { remedy: { type: 'list-models', provider: provider.id } as const });
  }
  return resolved;
}
