import { toG4fError } from './errors.js';
import type { ChainLink } from './chain.js';

export interface CheckResult {
  status: 'ok' | 'failing' | 'skipped';
  reason?: string;
  latencyMs?: number;
}

/**
 * Probes one provider: its model list where the API has one (cheap, no tokens spent),
 * else a one-token request that is abandoned at the first part of the answer.
 */
export async function checkProvider(link: ChainLink, timeoutMs: number, proxy?: string): Promise<CheckResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs * 2);
  const ctx = { baseURL: link.baseURL, apiKey: link.apiKey, signal: controller.signal, timeoutMs, proxy };
  const started = performance.now();
  try {
    if (link.provider.listModels) {
      await link.provider.listModels(ctx);
    } else {
      const request = { messages: [{ role: 'user' as const, content: 'hi' }], model: link.model, maxTokens: 1, stream: true };
      for await (const part of link.provider.stream(request, ctx)) {
        if (part.type !== 'start') break;
      }
    }
    return { status: 'ok', latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const reason = controller.signal.aborted ? `no answer within ${timeoutMs / 1000}s` : toG4fError(error).message;
    return { status: 'failing', reason, latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
