import { streamChain, type Attempt, type ChainLink, type ChainOptions } from '../chain/chain.js';
import type { ChatRequest, FinishReason, ToolCall, Upstream, Usage } from '../../ground/types.js';

/**
 * The most answer text kept in memory (for --json and history). The answer itself streams
 * out in full whatever its size; past this, only the kept copy stops growing.
 */
export const MAX_KEPT_TEXT = 8 * 1024 * 1024;

export interface AnswerResult {
  text: string;
  /** True when the answer was longer than what was kept and `text` holds its start only. */
  textCapped?: boolean;
  /** Characters of answer text received, kept or not. */
  textLength: number;
  reasoning: string;
  /** The model's refusal, when it declined (shown like text). */
  refusal: string;
  provider?: string;
  model?: string;
  /** Who really answered behind a gateway, when it says. */
  upstream?: Upstream;
  finishReason?: FinishReason;
  usage?: Usage;
  /** The tool calls the model made, in order, arguments exactly as it produced them. */
  toolCalls: ToolCall[];
  /** Pictures in the answer (Gemini's image models), as sent: unchecked until shown or saved. */
  images: AnswerImage[];
  /** Pictures past MAX_ANSWER_IMAGES, not kept. */
  imagesDropped?: number;
  /** The upstream's `system_fingerprint`, when it sent one. */
  systemFingerprint?: string;
  attempts: Attempt[];
}

/** A picture as the answer carried it: the media type it claimed and its bytes in base64. */
export interface AnswerImage {
  mime: string;
  data: string;
}

/** Most pictures one answer keeps; more are counted in `imagesDropped`, not held in memory. */
export const MAX_ANSWER_IMAGES = 16;

export interface AnswerHandlers {
  onStart?(provider: string, model: string, upstream?: Upstream): void;
  /** Progress while waiting (a queue position), never answer text. */
  onStatus?(text: string): void;
  onText?(text: string): void;
  onReasoning?(text: string): void;
  /** `note`: words explaining a stop, not the model's own (see StreamPart). */
  onRefusal?(text: string, note?: boolean): void;
  onToolCall?(call: ToolCall): void;
  onImage?(image: AnswerImage): void;
  /** Most answer text to keep for the result (default MAX_KEPT_TEXT; 0 when nobody reads it). */
  keepText?: number;
  /** Resolves when the output can take more: the network is not read while stdout is full. */
  ready?(): Promise<void> | undefined;
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
  let kept = 0;
  let keptReasoning = 0;
  const keep = handlers.keepText ?? MAX_KEPT_TEXT;
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
          result.textLength += part.text.length;
          if (kept < keep) {
            const room = keep - kept;
            text.push(part.text.length > room ? part.text.slice(0, room) : part.text);
            kept += Math.min(room, part.text.length);
            if (part.text.length > room) result.textCapped = true;
          } else if (keep > 0) {
            result.textCapped = true;
          }
          handlers.onText?.(part.text);
          break;
        case 'reasoning':
          // Kept up to the same bound as text; all of it is still handed on as it comes.
          if (keptReasoning < MAX_KEPT_TEXT) {
            const piece = part.text.slice(0, MAX_KEPT_TEXT - keptReasoning);
            reasoning.push(piece);
            keptReasoning += piece.length;
          }
          handlers.onReasoning?.(part.text);
          break;
        case 'refusal':
          refusal.push(part.text);
          handlers.onRefusal?.(part.text, part.note);
          break;
        case 'tool-call': {
          const call: ToolCall = { id: part.id, name: part.name, arguments: part.arguments, ...(part.signature !== undefined ? { signature: part.signature } : {}) };
          result.toolCalls.push(call);
          handlers.onToolCall?.(call);
          break;
        }
        case 'image':
          if (result.images.length < MAX_ANSWER_IMAGES) result.images.push({ mime: part.mime, data: part.data });
          else result.imagesDropped = (result.imagesDropped ?? 0) + 1;
          handlers.onImage?.({ mime: part.mime, data: part.data });
          break;
        case 'finish':
          result.finishReason = part.reason;
          result.usage = part.usage;
          if (part.systemFingerprint) result.systemFingerprint = part.systemFingerprint;
          break;
      }
      const waiting = handlers.ready?.();
      if (waiting) await untilAborted(waiting, options.signal);
    }
  } finally {
    result.text = text.join('');
    result.reasoning = reasoning.join('');
    result.refusal = refusal.join('');
  }
  return result;
}

export function emptyAnswer(attempts: Attempt[] = []): AnswerResult {
  return { text: '', reasoning: '', refusal: '', textLength: 0, toolCalls: [], images: [], attempts };
}

/** Waits for the output to drain, or for Ctrl-C: a pipe nobody reads never holds the run. */
function untilAborted(waiting: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    void waiting.then(done);
  });
}
