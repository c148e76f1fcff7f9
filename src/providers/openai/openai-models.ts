import { ProtocolError } from '../../ground/errors.js';
import type { CallContext, Upstream } from '../../ground/types.js';
import { parseJson } from '../../stream/ndjson-decoder.js';
import { call } from '../call.js';
import type { OpenAICompatibleConfig } from './openai-compatible.js';

export async function listOpenAIModels(config: OpenAICompatibleConfig, ctx: CallContext): Promise<string[]> {
  const key = ctx.apiKey;
  const response = await call(ctx, config.modelsURL?.(ctx) ?? `${ctx.baseURL}${config.modelsPath ?? '/models'}`, {
    method: 'GET',
    headers: { accept: 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
  });
  const json = parseJson(await response.text()) as { data?: unknown } | unknown[];
  const list = Array.isArray(json) ? json : Array.isArray((json as { data?: unknown }).data) ? ((json as { data: unknown[] }).data) : undefined;
  if (!list) throw new ProtocolError(`${config.id}: the model list is not in OpenAI's format`);
  const idOf = (entry: unknown) => (typeof entry === 'string' ? entry : (entry as { id?: unknown; name?: unknown })?.id ?? (entry as { name?: unknown })?.name);
  const kept = config.modelFilter ? list.filter((entry) => typeof idOf(entry) === 'string' && config.modelFilter!(idOf(entry) as string, Boolean(ctx.apiKey), entry)) : list;
  return kept.map(idOf).filter((id): id is string => typeof id === 'string');
}

/** Gateways echo the route and model in `x-provider` / `x-model`. */
export function upstreamOf(headers: Record<string, string>): Upstream | undefined {
  const provider = headers['x-provider'];
  const model = headers['x-model'];
  if (!provider && !model) return undefined;
  return { ...(provider ? { provider: provider.slice(0, 200) } : {}), ...(model ? { model: model.slice(0, 200) } : {}) };
}
