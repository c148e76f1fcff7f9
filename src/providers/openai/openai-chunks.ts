import { ProtocolError } from '../../ground/errors.js';
import type { FinishReason, StreamPart, Usage } from '../../ground/types.js';
import { parseJson, preview } from '../../stream/ndjson-decoder.js';

/** The pieces of an OpenAI chat-completions answer every reader of one shares. */

type Json = Record<string, unknown>;

/** Words of one read, in the order they are handed on: reasoning, text, refusal. */
export function pendingParts(reasoning: string, text: string, refusal: string): StreamPart[] {
  const parts: StreamPart[] = [];
  if (reasoning) parts.push({ type: 'reasoning', text: reasoning });
  if (text) parts.push({ type: 'text', text });
  if (refusal) parts.push({ type: 'refusal', text: refusal });
  return parts;
}

export function parseChunk(data: string, providerId: string): Json {
  let json: unknown;
  try {
    json = parseJson(data);
  } catch (error) {
    throw new ProtocolError(`${providerId}: ${(error as Error).message}`, error);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    throw new ProtocolError(`${providerId}: expected a JSON object, got ${preview(data)}`);
  }
  return json as Json;
}

export function firstChoice(chunk: Json): Json | undefined {
  const choices = chunk.choices;
  if (!Array.isArray(choices) || choices.length === 0) return undefined;
  const first = choices[0];
  return first && typeof first === 'object' ? (first as Json) : undefined;
}

export function mapFinishReason(reason: unknown): FinishReason {
  if (reason === 'stop' || reason === 'end_turn' || reason === 'STOP') return 'stop';
  if (reason === 'length' || reason === 'max_tokens' || reason === 'MAX_TOKENS') return 'length';
  // OpenAI `tool_calls`, Anthropic `tool_use`; Gemini's STOP with a call is decided by its reader.
  if (reason === 'tool_calls' || reason === 'tool_use') return 'tool-calls';
  if (reason === 'content_filter') return 'content-filter';
  return reason === undefined || reason === null ? 'stop' : 'other';
}

export function mapUsage(usage: Json): Usage {
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  return {
    inputTokens: number(usage.prompt_tokens),
    outputTokens: number(usage.completion_tokens),
    totalTokens: number(usage.total_tokens),
  };
}
