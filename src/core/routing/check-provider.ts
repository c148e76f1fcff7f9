import { toG4fError } from '../../ground/errors.js';
import type { ChainLink } from '../chain/chain.js';

export interface CheckResult {
  status: 'ok' | 'failing' | 'skipped';
  reason?: string;
  latencyMs?: number;
  /** How it was checked: the model list, or a one-token chat request. */
  method?: 'models' | 'chat';
}

export interface CheckOptions {
  timeoutMs: number;
  proxy?: string;
  /** Bounds the whole check (all providers share one deadline). */
  signal: AbortSignal;
  /** A one-token chat request even where a model list would do. */
  deep?: boolean;
}

/**
 * Probes one provider. A public keyless provider gets a real one-token chat request: its
 * model list answering does not prove that chat works. Others answer with their model
 * list (no tokens spent) where the API has one, or with `deep`, a one-token request.
 */
export async function checkProvider(link: ChainLink, options: CheckOptions): Promise<CheckResult> {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal.addEventListener('abort', onAbort, { once: true });
  if (options.signal.aborted) controller.abort();
  const ctx = { baseURL: link.baseURL, apiKey: link.apiKey, signal: controller.signal, timeoutMs: options.timeoutMs, proxy: options.proxy };
  const started = performance.now();
  const chat = options.deep || link.reach === 'public' || !link.provider.listModels;
  try {
    if (!chat) {
      await link.provider.listModels!(ctx);
    } else {
      const request = { messages: [{ role: 'user' as const, content: 'hi' }], model: link.model, maxTokens: 1, stream: true };
      for await (const part of link.provider.stream(request, ctx)) {
        if (part.type !== 'start') break;
      }
    }
    return { status: 'ok', latencyMs: Math.round(performance.now() - started), method: chat ? 'chat' : 'models' };
  } catch (error) {
    const reason = controller.signal.aborted ? `no answer within the check's time` : toG4fError(error).message;
    return { status: 'failing', reason, latencyMs: Math.round(performance.now() - started), method: chat ? 'chat' : 'models' };
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    controller.abort();
  }
}
