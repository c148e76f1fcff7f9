import type { ChainLink } from '../chain/chain.js';
import { AllFailedError, toG4fError, UsageError, type G4fError } from '../../ground/errors.js';
import type { EmbedResult, Provider } from '../../ground/types.js';

export interface EmbedOptions {
  signal: AbortSignal;
  timeoutMs: number;
  proxy?: string;
  /** A provider failed and the next is tried (for saying who answered in the end). */
  onFailure?(provider: string, error: G4fError): void;
}

/** The links whose provider has an embeddings API; the others are left out of the chain. */
export function embeddingLinks(links: readonly ChainLink[]): ChainLink[] {
  return links.filter((link) => link.provider.embeddings !== undefined);
}

/**
 * A model a provider lists for chat is not an embedding model: refused by name before any request
 * (an embedding model's name says so: text-embedding-3-small, mistral-embed, nomic-embed-text).
 * A name the provider does not list goes on; the service says whether it has it.
 */
export function chatModelRefused(provider: Provider, model: string): boolean {
  return !/embed/i.test(model) && (provider.models.includes(model) || provider.defaultModel === model);
}

/**
 * Embeds `inputs` with the first link that answers, in chain order: the model asked for, or
 * each provider's own embedding model. Every failure is kept and said if none answers.
 */
export async function embedThroughChain(links: readonly ChainLink[], model: string | undefined, inputs: readonly string[], options: EmbedOptions, dimensions?: number): Promise<EmbedResult & { provider: string }> {
  const usable = embeddingLinks(links);
  if (usable.length === 0) throw new UsageError(`${links.map((l) => l.provider.id).join(', ') || 'the chain'} has no embeddings API; providers with one: openai, mistral, gemini, ollama`);
  const failures: Array<{ provider: string; error: G4fError }> = [];
  for (const link of usable) {
    const api = link.provider.embeddings!;
    const chosen = model ?? api.defaultModel;
    if (chatModelRefused(link.provider, chosen)) throw new UsageError(`${chosen} is a chat model of ${link.provider.id}, not an embedding model; ${link.provider.id}'s is ${api.defaultModel}`);
    try {
      const result = await api.embed({ model: chosen, inputs, dimensions }, { baseURL: link.baseURL, apiKey: link.apiKey, signal: options.signal, timeoutMs: options.timeoutMs, proxy: options.proxy });
      return { ...result, provider: link.provider.id };
    } catch (error) {
      if (options.signal.aborted) throw error;
      failures.push({ provider: link.provider.id, error: toG4fError(error) });
      options.onFailure?.(link.provider.id, failures.at(-1)!.error);
    }
  }
  throw failures.length === 1 ? failures[0].error : new AllFailedError(failures);
}
