import { resolveApiKey } from '../core/provider-settings.js';
import type { ServeContext } from './chat-completions.js';

/**
 * GET /v1/models: `auto` and `provider/model` for every working provider this server can
 * use (keyless, or its key is set), from their model tables: no request leaves the server.
 */
export function listModels(ctx: ServeContext): { object: 'list'; data: Array<{ id: string; object: 'model'; created: number; owned_by: string }> } {
  const created = Math.floor(Date.now() / 1000);
  const data = [{ id: 'auto', object: 'model' as const, created, owned_by: 'g4f-chat' }];
  for (const provider of ctx.catalog.all) {
    if (!provider.working) continue;
    if (provider.needsAuth && !resolveApiKey(provider, ctx.env, undefined, ctx.storedKeys[provider.id])) continue;
    for (const model of provider.models) data.push({ id: `${provider.id}/${model}`, object: 'model', created, owned_by: provider.id });
  }
  return { object: 'list', data };
}
