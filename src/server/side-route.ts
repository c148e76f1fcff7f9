import type { ServeContext } from './serve-context.js';

/**
 * Which providers and model a request for another job (embeddings, pictures) goes to:
 * `provider/model` that provider; `auto` or nothing the server's chain with each provider's own
 * model for the job; any other name the chain with that model (such models are in no provider's
 * chat table).
 */
export function sideRouteOf(model: string | undefined, ctx: Pick<ServeContext, 'chain' | 'catalog'>): { provider: string; model?: string } {
  const name = model?.trim() ?? '';
  if (!name || name === 'auto') return { provider: ctx.chain };
  const slash = name.indexOf('/');
  const provider = slash > 0 ? ctx.catalog.find(name.slice(0, slash)) : undefined;
  if (provider) return { provider: provider.id, model: name.slice(slash + 1) || undefined };
  return { provider: ctx.chain, model: name };
}
