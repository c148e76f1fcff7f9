import type { AnswerResult } from '../core/answer/answer.js';
import type { FinishReason, ToolCall, Usage } from '../ground/types.js';

/** The pieces of OpenAI's chat-completions responses that `serve` writes. */
export interface CompletionIds {
  id: string;
  created: number;
  model: string;
  /** The upstream's, once known (sent on the chunks after it arrived and on the whole answer). */
  systemFingerprint?: string;
}

const FINISH: Readonly<Record<FinishReason, string>> = { stop: 'stop', length: 'length', 'tool-calls': 'tool_calls', 'content-filter': 'content_filter', other: 'stop' };
const finishReason = (reason: FinishReason | undefined): string => FINISH[reason ?? 'stop'];

/** A streamed tool call: id, name and the whole arguments string in one delta. */
export function toolCallDelta(call: ToolCall, index: number): Record<string, unknown> {
  return { index, id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } };
}

const toolCallOf = (call: ToolCall) => ({ id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments } });

export function usageOf(usage: Usage | undefined): Record<string, number> | undefined {
  if (!usage) return undefined;
  const prompt = usage.inputTokens ?? 0;
  const completion = usage.outputTokens ?? 0;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: usage.totalTokens ?? prompt + completion };
}

/**
 * One `chat.completion.chunk` SSE event: the JSON of `{id, object, created, model,
 * system_fingerprint?, choices: [{index, delta, finish_reason}]}`, written as a string around
 * its values' JSON (no object built and stringified for each event).
 */
export function chunkEvent(ids: CompletionIds, delta: Record<string, unknown>, finish?: FinishReason): string {
  const fingerprint = ids.systemFingerprint ? `,"system_fingerprint":${JSON.stringify(ids.systemFingerprint)}` : '';
  const finishReasonJson = finish === undefined ? 'null' : JSON.stringify(finishReason(finish));
  return `data: {"id":${JSON.stringify(ids.id)},"object":"chat.completion.chunk","created":${JSON.stringify(ids.created)},"model":${JSON.stringify(ids.model)}${fingerprint},"choices":[{"index":0,"delta":${JSON.stringify(delta)},"finish_reason":${finishReasonJson}}]}\n\n`;
}

/** A delta of words alone: what nearly every event of a streamed answer is. */
export type WordsField = 'content' | 'reasoning_content' | 'refusal';

const wordsHeads = new WeakMap<CompletionIds, { of: CompletionIds; heads: Partial<Record<WordsField, string>> }>();

/**
 * `chunkEvent(ids, { [field]: text })`, byte for byte, built around the words' JSON string: the
 * rest of the event is the same until the model or the fingerprint changes, so it is made once.
 */
export function wordsEvent(ids: CompletionIds, field: WordsField, text: string): string {
  let known = wordsHeads.get(ids);
  const of = known?.of;
  if (!known || of!.id !== ids.id || of!.created !== ids.created || of!.model !== ids.model || of!.systemFingerprint !== ids.systemFingerprint) {
    known = { of: { ...ids }, heads: {} };
    wordsHeads.set(ids, known);
  }
  const head = (known.heads[field] ??= chunkEvent(ids, { [field]: '' }).slice(0, -WORDS_TAIL.length - 2));
  return `${head}${JSON.stringify(text)}${WORDS_TAIL}`;
}

const WORDS_TAIL = '},"finish_reason":null}]}\n\n';

/** The usage chunk sent when the client asked for it (`stream_options.include_usage`). */
export function usageEvent(ids: CompletionIds, usage: Usage | undefined): string {
  return `data: ${JSON.stringify({ id: ids.id, object: 'chat.completion.chunk', created: ids.created, model: ids.model, choices: [], usage: usageOf(usage) ?? null })}\n\n`;
}

/** A whole `chat.completion`, for clients that do not stream. */
export function completion(ids: CompletionIds, answer: AnswerResult): Record<string, unknown> {
  const message: Record<string, unknown> = { role: 'assistant', content: answer.toolCalls.length > 0 && !answer.text ? null : answer.text };
  if (answer.refusal) message.refusal = answer.refusal;
  if (answer.reasoning) message.reasoning_content = answer.reasoning;
  if (answer.toolCalls.length > 0) message.tool_calls = answer.toolCalls.map(toolCallOf);
  const finish = answer.finishReason ?? (answer.toolCalls.length > 0 ? 'tool-calls' : 'stop');
  return {
    id: ids.id,
    object: 'chat.completion',
    created: ids.created,
    model: ids.model,
    ...(answer.systemFingerprint ? { system_fingerprint: answer.systemFingerprint } : {}),
    choices: [{ index: 0, message, finish_reason: finishReason(finish) }],
    usage: usageOf(answer.usage) ?? null,
  };
}
