import type { Catalog } from '../core/routing/catalog.js';
import { ServeError } from './request-errors.js';

export interface Route {
  /** A provider spec for planning: `auto`, one id, or a chain. */
  provider: string;
  model?: string;
}

/**
 * What an OpenAI `model` field asks for: `auto` (or nothing) is the server's chain;
 * `provider/model` one provider (`openrouter/openai/gpt-4o` keeps its own slashes); a bare
 * name goes to every provider that lists it, in catalog order; anything else is unknown.
 */
export function routeModel(model: string | undefined, catalog: Catalog, serverChain: string): Route {
  const name = model?.trim() ?? '';
  if (!name || name === 'auto') return { provider: serverChain };
  const slash = name.indexOf('/');
  if (slash > 0) {
    const provider = catalog.find(name.slice(0, slash));
    if (provider) return { provider: provider.id, model: name.slice(slash + 1) || undefined };
  }
  const listing = catalog.all.filter((p) => p.working && (p.models.includes(name) || Object.hasOwn(p.modelAliases, name)));
  if (listing.length > 0) return { provider: listing.map((p) => p.id).join(','), model: name };
  throw new ServeError(404, `The model \`${name}\` does not exist here; use provider/model (GET /v1/models lists them) or auto`, 'invalid_request_error', 'model_not_found');
}
