import type { ServerResponse } from 'node:http';
import { embedThroughChain } from '../core/embed/embed-chain.js';
import { planChain } from '../core/routing/plan-chain.js';
import type { EmbedResult } from '../ground/types.js';
import type { RequestOutcome, ServeContext } from './serve-context.js';
import { sideRouteOf } from './side-route.js';

/** Embeds `inputs` through the chain's providers that have an embeddings API; stopped if the client goes away. */
export async function runEmbed(ctx: ServeContext, res: ServerResponse, outcome: RequestOutcome, model: string | undefined, inputs: readonly string[], dimensions?: number): Promise<EmbedResult & { provider: string }> {
  const route = sideRouteOf(model, ctx);
  outcome.model = model ?? 'auto';
  const plan = await planChain({ catalog: ctx.catalog, provider: route.provider, env: ctx.env, storedKeys: ctx.storedKeys, probeLocal: ctx.probeLocal });
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const result = await embedThroughChain(plan.links, route.model, inputs, { signal: controller.signal, timeoutMs: ctx.timeoutMs, proxy: ctx.proxy }, dimensions);
  outcome.provider = `${result.provider}/${result.model}`;
  return result;
}

/** Texts as an API sends them: one string or a list of strings (token arrays are refused by the caller). */
export function textsOf(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) return value as string[];
  return undefined;
}
