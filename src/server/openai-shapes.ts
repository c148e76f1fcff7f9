import type { FinishReason, Usage } from '../ground/types.js';

/** The pieces of OpenAI's chat-completions responses that `serve` writes. */
export interface CompletionIds {
  id: string;
  created: number;
  model: string;
}

const finishReason = (reason: FinishReason | undefined): string => (reason === 'length' ? 'length' : 'stop');

export function usageOf(usage: Usage | undefined): Record<string, number> | undefined {
  if (!usage) return undefined;
  const prompt = usage.inputTokens ?? 0;
  const completion = usage.outputTokens ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: usage.totalTokens ?? prompt + completion };
}

/** One `chat.completion.chunk` SSE event. */
export function chunkEvent(ids: CompletionIds, delta: Record<string, unknown>, finish?: FinishReason): string {
  const chunk = {
    id: ids.id,
    object: 'chat.completion.chunk',
    created: ids.created,
    model: ids.model,
    choices: [{ index: 0, delta, finish_reason: finish === undefined ? null : finishReason(finish) }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** The usage chunk sent when the client asked for it (`stream_options.include_usage`). */
export function usageEvent(ids: CompletionIds, usage: Usage | undefined): string {
  return `data: ${JSON.stringify({ id: ids.id, object: 'chat.completion.chunk', created: ids.created, model: ids.model, choices: [], usage: usageOf(usage) ?? null })}\n\n`;
}

/** A whole `chat.completion`, for clients that do not stream. */
export function completion(ids: CompletionIds, text: string, reasoning: string, finish: FinishReason | undefined, usage: Usage | undefined): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: text };
  if (reasoning) message.reasoning_content = reasoning;
  return {
    id: ids.id,
    object: 'chat.completion',
    created: ids.created,
    model: ids.model,
    choices: [{ index: 0, message, finish_reason: finishReason(finish) }],
    usage: usageOf(usage) ?? null,
  };
}

/** OpenAI's error body. */
export function errorBody(message: string, type: string, code: string | null): { error: { message: string; type: string; param: null; code: string | null } } {
  return { error: { message, type, param: null, code } };
}
