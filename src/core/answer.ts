import { streamChain, type Attempt, type ChainLink, type ChainOptions } from './chain.js';
import type { ChatRequest, FinishReason, Upstream, Usage } from './types.js';

export interface AnswerResult {
  text: string;
  reasoning: string;
  /** The model's refusal, when it declined (shown like text). */
  refusal: string;
  provider?: string;
  model?: string;
  /** Who really answered behind a gateway, when it says. */
  upstream?: Upstream;
  finishReason?: FinishReason;
  usage?: Usage;
  attempts: Attempt[];
}

export interface AnswerHandlers {
  onStart?(provider: string, model: string, upstream?: Upstream): void;
  /** Progress while waiting (a queue position), never answer text. */
  onStatus?(text: string): void;
  onText?(text: string): void;
  onReasoning?(text: string): void;
  onRefusal?(text: string): void;
}

/**
 * Runs a chain to the end, handing each part to the handlers as it arrives and
 * gathering the answer. On failure `partial` holds what had arrived.
 */
export async function streamAnswer(
  links: readonly ChainLink[],
  request: ChatRequest,
  options: Omit<ChainOptions, 'attempts'> & { attempts?: Attempt[] },
  handlers: AnswerHandlers,
  partial: AnswerResult = emptyAnswer(options.attempts),
): Promise<AnswerResult> {
  const result = partial;
  const text: string[] = [];
  const reasoning: string[] = [];
  const refusal: string[] = [];
  try {
    for await (const part of streamChain(links, request, { ...options, attempts: result.attempts })) {
      switch (part.type) {
        case 'start':
          result.provider = part.provider;
          result.model = part.model;
          result.upstream = part.upstream;
          handlers.onStart?.(part.provider, part.model, part.upstream);
          break;
        case 'status':
          handlers.onStatus?.(part.text);
          break;
        case 'text':
          text.push(part.text);
          handlers.onText?.(part.text);
          break;
        case 'reasoning':
          reasoning.push(part.text);
          handlers.onReasoning?.(part.text);
          break;
        case 'refusal':
          refusal.push(part.text);
          handlers.onRefusal?.(part.text);
          break;
        case 'finish':
          result.finishReason = part.reason;
          result.usage = part.usage;
          break;
      }
    }
  } finally {
    result.text = text.join('');
    result.reasoning = reasoning.join('');
    result.refusal = refusal.join('');
  }
  return result;
}

export function emptyAnswer(attempts: Attempt[] = []): AnswerResult {
  return { text: '', reasoning: '', refusal: '', attempts };
}
