import { linkFor } from '../core/routing/plan-chain.js';
import { resolveApiKey } from '../core/routing/provider-settings.js';
import type { Provider } from '../ground/types.js';
import type { ServeContext } from './serve-context.js';

interface ModelEntry {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

/** Live lists are asked again after this long. */
const CACHE_MS = 60_000;
const LIVE_TIMEOUT_MS = 1500;

export type ModelCache = Map<string, { at: number; models: string[] }>;

/**
 * GET /v1/models: `auto` and `provider/model` for every working provider this server can
 * use (keyless, its key set, or an address of the user's). Providers on this machine or
 * the user's own servers (cheap to ask) are listed live and cached for a minute; the rest
 * from their tables, so a listing sends no request to a service.
 */
/** The providers whose live list (as last asked) has `model`. */
export function providersListing(model: string, cache: ModelCache): string[] {
  return [...cache.entries()].filter(([, entry]) => Date.now() - entry.at < CACHE_MS && entry.models.includes(model)).map(([id]) => id);
}

export async function listModels(ctx: ServeContext, cache: ModelCache): Promise<{ object: 'list'; data: ModelEntry[] }> {
  const created = Math.floor(Date.now() / 1000);
  const usable = ctx.catalog.all.filter((provider) => provider.working && usableHere(provider, ctx));
  const lists = await Promise.all(usable.map(async (provider) => ({ provider, models: (await liveModels(provider, ctx, cache)) ?? (provider.kind === 'local' ? [] : [...provider.models]) })));
  const data: ModelEntry[] = [{ id: 'auto', object: 'model', created, owned_by: 'g4f-chat' }];
  for (const { provider, models } of lists) for (const model of models) data.push({ id: `${provider.id}/${model}`, object: 'model', created, owned_by: provider.id });
  return { object: 'list', data };
}

function usableHere(provider: Provider, ctx: ServeContext): boolean {
  if (provider.kind !== 'keyed' || resolveApiKey(provider, ctx.env, undefined, ctx.storedKeys[provider.id])) return true;
  return linkFor(provider, { catalog: ctx.catalog, env: ctx.env, storedKeys: ctx.storedKeys }).reach === 'local';
}

async function liveModels(provider: Provider, ctx: ServeContext, cache: ModelCache): Promise<string[] | undefined> {
  if (!provider.listModels) return undefined;
  const link = linkFor(provider, { catalog: ctx.catalog, env: ctx.env, storedKeys: ctx.storedKeys });
  if (link.reach !== 'local') return undefined;
  const cached = cache.get(provider.id);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.models;
  try {
    const models = await provider.listModels({ baseURL: link.baseURL, apiKey: link.apiKey, signal: AbortSignal.timeout(LIVE_TIMEOUT_MS), timeoutMs: LIVE_TIMEOUT_MS, proxy: ctx.proxy });
    cache.set(provider.id, { at: Date.now(), models });
    return models;
  } catch {
    // Not running, or not answering: its table stands in, except for a server on this machine
    // (Ollama), whose models nobody can reach while it is not running.
    cache.delete(provider.id);
    return undefined;
  }
}
