import type { ServerResponse } from 'node:http';
import { drawThroughChain, type ImageAnswer, type ImageAsk } from '../core/images/image-chain.js';
import { imageChainLinks } from '../core/images/image-plan.js';
import { planChain } from '../core/routing/plan-chain.js';
import { inspectImage, type ImageFacts } from '../images/inspect-image.js';
import type { RequestOutcome, ServeContext } from './serve-context.js';
import { sideRouteOf } from './side-route.js';

/** A picture's answer begins when it is drawn: at least this long is waited for it, whatever --timeout says for text. */
const IMAGE_SILENCE_MS = 300_000;

export type CheckedAnswer = ImageAnswer & { facts: ImageFacts[] };

/**
 * Draws through the server's chain (its reach rules and --fallback included), stopped if the
 * client goes away; every picture passes the header check before it is handed on.
 */
export async function runImages(ctx: ServeContext, res: ServerResponse, outcome: RequestOutcome, model: string | undefined, ask: Omit<ImageAsk, 'model'>): Promise<CheckedAnswer> {
  const route = sideRouteOf(model, ctx);
  outcome.model = model ?? 'auto';
  const plan = await planChain({ catalog: ctx.catalog, provider: route.provider, env: ctx.env, storedKeys: ctx.storedKeys, probeLocal: ctx.probeLocal });
  const links = imageChainLinks(plan, { catalog: ctx.catalog, env: ctx.env, storedKeys: ctx.storedKeys });
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const answer = await drawThroughChain(links, { ...ask, model: route.model }, {
    signal: controller.signal,
    timeoutMs: Math.max(ctx.timeoutMs, IMAGE_SILENCE_MS),
    maxTimeMs: ctx.maxTimeMs,
    retries: ctx.retries,
    proxy: ctx.proxy,
    allowPublic: ctx.allowPublic,
    attempts: [],
  });
  outcome.provider = `${answer.provider}/${answer.model}`;
  return { ...answer, facts: answer.images.map((image) => inspectImage(image.bytes)) };
}
