import type { Message } from '../../ground/types.js';

/** About four characters a token: enough to stay clear of a context limit without a tokenizer. */
const CHARS_PER_TOKEN = 4;
export const DEFAULT_CONTEXT_TOKENS = 32_000;

export interface Trimmed {
  messages: Message[];
  /** How many older messages were left out. */
  dropped: number;
}

/**
 * Keeps the system prompt and the newest turns that fit in the budget; the newest
 * message always stays. Older turns go first, a question with its answer.
 */
export function trimToContext(messages: readonly Message[], contextTokens = DEFAULT_CONTEXT_TOKENS, reserveTokens = 1024): Trimmed {
  const budget = Math.max(0, contextTokens - reserveTokens) * CHARS_PER_TOKEN;
  const system = messages.filter((m) => m.role === 'system');
  const turns = messages.filter((m) => m.role !== 'system');
  let used = system.reduce((sum, m) => sum + m.content.length, 0);
  let keepFrom = turns.length;
  while (keepFrom > 0) {
    const size = turns[keepFrom - 1].content.length;
    if (keepFrom < turns.length && used + size > budget) break;
    used += size;
    keepFrom -= 1;
  }
  // Start at a question, so the kept history never opens with an answer.
  while (keepFrom < turns.length - 1 && turns[keepFrom].role !== 'user') keepFrom += 1;
  return { messages: [...system, ...turns.slice(keepFrom)], dropped: keepFrom };
}
