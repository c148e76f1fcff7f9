import { AbortedError, AllFailedError, CutShortError, HttpStatusError, toG4fError, type G4fError } from './errors.js';
import { MAX_RETRY_AFTER_SECONDS, backoffDelay, sleep } from './retry-delay.js';
import type { CallContext, ChatRequest, Provider, StreamPart } from './types.js';

/** One provider of a chain, with everything resolved for the call. */
export interface ChainLink {
  provider: Provider;
  model: string;
  baseURL: string;
  apiKey?: string;
}

export interface Attempt {
  provider: string;
  model?: string;
  outcome: 'ok' | 'failed' | 'skipped' | 'cut short';
  reason?: string;
  tries: number;
}

export interface ChainOptions {
  signal: AbortSignal;
  timeoutMs: number;
  proxy?: string;
  /** Retries of one provider after a retryable failure, before moving on. */
  retries: number;
  /** Every attempt, in order, including providers skipped before the chain ran. */
  attempts: Attempt[];
  /** Progress for --verbose: retries and moves to the next provider. */
  onNotice?(message: string): void;
}

/**
 * Streams the answer from the first provider of the chain that gives one.
 * Before a provider's first visible part, failures are retried (when retryable) and
 * then the next provider is tried. After it, a failure is final: text the user has
 * already seen is never replayed by another provider.
 */
export async function* streamChain(links: readonly ChainLink[], request: ChatRequest, options: ChainOptions): AsyncGenerator<StreamPart> {
  const failures: Array<{ provider: string; error: G4fError }> = [];
  for (const link of links) {
    const ctx: CallContext = {
      baseURL: link.baseURL,
      apiKey: link.apiKey,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
      proxy: options.proxy,
    };
    for (let tryNumber = 1; ; tryNumber++) {
      let shown = false;
      try {
        for await (const part of link.provider.stream({ ...request, model: link.model }, ctx)) {
          if (part.type === 'text' || part.type === 'reasoning') shown = true;
          yield part;
        }
        options.attempts.push({ provider: link.provider.id, model: link.model, outcome: 'ok', tries: tryNumber });
        return;
      } catch (caught) {
        if (options.signal.aborted) throw new AbortedError();
        const error = toG4fError(caught);
        if (error instanceof HttpStatusError && error.status === 404) {
          error.hint = `check the model name: g4f-chat models ${link.provider.id}`;
        }
        if (shown) {
          options.attempts.push({ provider: link.provider.id, model: link.model, outcome: 'cut short', reason: error.message, tries: tryNumber });
          throw new CutShortError(link.provider.id, error);
        }
        const wait = retryWait(error, tryNumber, options.retries);
        if (wait !== undefined) {
          options.onNotice?.(`${link.provider.id}: ${error.message}; retrying in ${(wait / 1000).toFixed(1)}s`);
          try {
            await sleep(wait, options.signal);
          } catch {
            throw new AbortedError();
          }
          continue;
        }
        options.attempts.push({ provider: link.provider.id, model: link.model, outcome: 'failed', reason: error.message, tries: tryNumber });
        failures.push({ provider: link.provider.id, error });
        if (links.length > 1) options.onNotice?.(`${link.provider.id} failed: ${error.message}`);
        break;
      }
    }
  }
  if (failures.length === 1) throw failures[0].error;
  throw new AllFailedError(failures);
}

/** Milliseconds to wait before trying the same provider again, or undefined to move on. */
function retryWait(error: G4fError, tryNumber: number, retries: number): number | undefined {
  if (!error.retryable || tryNumber > retries) return undefined;
  if (error instanceof HttpStatusError && error.retryAfterSeconds !== undefined) {
    if (error.retryAfterSeconds > MAX_RETRY_AFTER_SECONDS) return undefined;
    return error.retryAfterSeconds * 1000;
  }
  return backoffDelay(tryNumber);
}
