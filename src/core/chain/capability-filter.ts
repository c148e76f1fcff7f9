import { UsageError } from '../../ground/errors.js';
import { can, type Capability } from '../../ground/capabilities.js';
import type { ChatRequest } from '../../ground/types.js';
import type { Attempt, ChainLink } from './chain.js';

/** A capability a request may need: when it does, and the providers to name when none of the chain has it. */
interface Need {
  needed(request: ChatRequest): boolean;
  /** `images`, `tools`: said as "takes no …". */
  what: Capability;
  /** Providers that do, named when none of the chain does. */
  examples: string;
}

const NEEDS: readonly Need[] = [
  { needed: (r) => r.messages.some((m) => m.images?.length), what: 'images', examples: 'openai, anthropic, gemini, ollama, openrouter…' },
  { needed: (r) => Boolean(r.tools?.length), what: 'tools', examples: 'openai, anthropic, gemini, ollama, groq, openrouter…' },
];

/**
 * The links that can take the request: with images attached or tools offered, only providers
 * that take them are asked (the others are recorded as skipped, with the reason); when none of
 * the chain does, the request is refused before anything is sent.
 */
export function linksThatCanTake(links: readonly ChainLink[], request: ChatRequest, attempts: Attempt[]): { usable: readonly ChainLink[]; skipped: Array<{ link: ChainLink; reason: string }> } {
  let usable = links;
  const skipped: Array<{ link: ChainLink; reason: string }> = [];
  for (const need of NEEDS) {
    if (!need.needed(request)) continue;
    const able = usable.filter((link) => can(link.provider, need.what));
    for (const link of usable) {
      if (able.includes(link)) continue;
      const reason = `takes no ${need.what}`;
      attempts.push({ provider: link.provider.id, model: link.model, outcome: 'skipped', reason, tries: 0 });
      skipped.push({ link, reason });
    }
    if (able.length === 0) {
      throw new UsageError(`${usable.map((l) => l.provider.id).join(', ') || 'the chosen provider'} take${usable.length === 1 ? 's' : ''} no ${need.what}`, `choose a provider that does: ${need.examples}`);
    }
    usable = able;
  }
  return { usable, skipped };
}
