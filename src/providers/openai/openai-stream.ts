import { NetworkError, ProtocolError, ServerError } from '../../ground/errors.js';
import type { FinishReason, StreamPart, Usage } from '../../ground/types.js';
import { decodeBatches } from '../../stream/batches.js';
import type { HttpResponse } from '../../stream/http.js';
import { messageOf } from '../../stream/http-errors.js';
import { parseJson, preview } from '../../stream/ndjson-decoder.js';
import { SseDecoder } from '../../stream/sse-decoder.js';
import { StreamTemplate } from './event-template.js';
import { ToolCallPieces } from './tool-call-pieces.js';

type Json = Record<string, unknown>;

/** Reads an OpenAI chat-completions answer: SSE when the server streams, one JSON otherwise. */
export async function* readOpenAIAnswer(response: HttpResponse, providerId: string): AsyncGenerator<StreamPart> {
  if ((response.headers['content-type'] ?? '').includes('text/event-stream')) {
    yield* readOpenAISse(response, providerId);
  } else {
    yield* readOpenAICompletion(await response.text(), providerId);
  }
}

export async function* readOpenAISse(response: HttpResponse, providerId: string): AsyncGenerator<StreamPart> {
  let finish: FinishReason | undefined;
  let usage: Usage | undefined;
  let sawChoices = false;
  let sawBytes = false;
  let sawDone = false;
  let fingerprint: string | undefined;
  const calls = new ToolCallPieces();
  // Events shaped like one before them are read without JSON.parse (event-template.ts).
  const template = new StreamTemplate();
  for await (const events of decodeBatches(countBytes(response.body, () => (sawBytes = true)), new SseDecoder())) {
    // One network chunk's text goes out as one part: a write per chunk, not per token.
    let text = '';
    let reasoning = '';
    let refusal = '';
    let done = false;
    try {
      for (const event of events) {
        // `[DONE]` is an exact match; anything after it is not read, even if the connection stays open.
        if (event.data === '[DONE]') {
          done = true;
          break;
        }
        const words = event.event === 'error' ? undefined : template.words(event.data);
        if (words !== undefined) {
          const shape = template.current!;
          if (shape.kind === 'text') text += words;
          else reasoning += words;
          sawChoices = true;
          if (shape.fingerprint !== undefined) fingerprint = shape.fingerprint;
          continue;
        }
        const chunk = parseChunk(event.data, providerId);
        if (event.event !== 'error') template.learn(event.data, chunk);
        if (event.event === 'error' || chunk.error !== undefined) {
          throw new ServerError(`${providerId}: ${messageOf(chunk) ?? preview(event.data)}`);
        }
        if (Array.isArray(chunk.choices)) sawChoices = true;
        const choice = firstChoice(chunk);
        const delta = choice?.delta as Json | undefined;
        if (delta) {
          if (typeof delta.content === 'string') text += delta.content;
          const thought = delta.reasoning_content ?? delta.reasoning;
          if (typeof thought === 'string') reasoning += thought;
          if (typeof delta.refusal === 'string') refusal += delta.refusal;
          calls.add(delta.tool_calls);
        }
        if (typeof chunk.system_fingerprint === 'string') fingerprint = chunk.system_fingerprint;
        if (choice && typeof choice.finish_reason === 'string') finish = mapFinishReason(choice.finish_reason);
        if (chunk.usage && typeof chunk.usage === 'object') usage = mapUsage(chunk.usage as Json);
      }
    } catch (error) {
      // Words received in the same network read as the error are still words received.
      yield* pendingParts(reasoning, text, refusal);
      throw error;
    }
    yield* pendingParts(reasoning, text, refusal);
    if (done) {
      if (!sawChoices) throw new ProtocolError(`${providerId}: the stream ended without any choices`);
      sawDone = true;
      // Nothing after [DONE] is read as the answer; the connection may still carry the next request.
      response.endOfAnswer();
      break;
    }
  }
  if (!sawChoices && sawBytes) throw new ProtocolError(`${providerId}: the answer is not an OpenAI event stream`);
  if (!sawDone && finish === undefined && usage === undefined) {
    throw new NetworkError(`${providerId}: the stream ended before the answer was complete`, undefined, true, 'ended-early');
  }
  // Calls are whole only when the stream is: they go out together, just before the finish.
  yield* calls.take();
  yield { type: 'finish', reason: finish ?? 'stop', usage, ...(fingerprint ? { systemFingerprint: fingerprint } : {}) };
}

function* pendingParts(reasoning: string, text: string, refusal: string): Generator<StreamPart> {
  if (reasoning) yield { type: 'reasoning', text: reasoning };
  if (text) yield { type: 'text', text };
  if (refusal) yield { type: 'refusal', text: refusal };
}

async function* countBytes(body: AsyncIterable<Uint8Array>, onBytes: () => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of body) {
    if (chunk.byteLength > 0) onBytes();
    yield chunk;
  }
}

export function* readOpenAICompletion(body: string, providerId: string): Generator<StreamPart> {
  const json = parseChunk(body, providerId);
  if (json.error !== undefined) throw new ServerError(`${providerId}: ${messageOf(json) ?? preview(body)}`);
  const choice = firstChoice(json);
  const message = choice?.message as Json | undefined;
  const refusal = typeof message?.refusal === 'string' ? message.refusal : '';
  const calls = new ToolCallPieces();
  // A whole answer's `tool_calls` have no `index`: their order in the list is theirs.
  if (Array.isArray(message?.tool_calls)) calls.add(message.tool_calls.map((call, index) => ({ ...(call as Json), index })));
  if (!message || (typeof message.content !== 'string' && !refusal && calls.size === 0)) {
    throw new ProtocolError(`${providerId}: the answer has no choices[0].message.content: ${preview(body)}`);
  }
  const thought = message.reasoning_content ?? message.reasoning;
  yield* pendingParts(typeof thought === 'string' ? thought : '', typeof message.content === 'string' ? message.content : '', refusal);
  yield* calls.take();
  const usage = json.usage && typeof json.usage === 'object' ? mapUsage(json.usage as Json) : undefined;
  const fingerprint = typeof json.system_fingerprint === 'string' ? { systemFingerprint: json.system_fingerprint } : {};
  yield { type: 'finish', reason: mapFinishReason(choice?.finish_reason), usage, ...fingerprint };
}

function parseChunk(data: string, providerId: string): Json {
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

function firstChoice(chunk: Json): Json | undefined {
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

function mapUsage(usage: Json): Usage {
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  return {
    inputTokens: number(usage.prompt_tokens),
    outputTokens: number(usage.completion_tokens),
    totalTokens: number(usage.total_tokens),
  };
}
