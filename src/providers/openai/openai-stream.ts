import { ProtocolError, ServerError } from '../../ground/errors.js';
import type { StreamPart } from '../../ground/types.js';
import type { HttpResponse } from '../../stream/http.js';
import { messageOf } from '../../stream/http-errors.js';
import { preview } from '../../stream/ndjson-decoder.js';
import { SseDecoder } from '../../stream/sse-decoder.js';
import { firstChoice, mapFinishReason, mapUsage, pendingParts, parseChunk } from './openai-chunks.js';
import { OpenAIEvents } from './openai-events.js';
import { ToolCallPieces } from './tool-call-pieces.js';

type Json = Record<string, unknown>;

export { mapFinishReason } from './openai-chunks.js';

/** Reads an OpenAI chat-completions answer: SSE when the server streams, one JSON otherwise. */
export function readOpenAIAnswer(response: HttpResponse, providerId: string): AsyncGenerator<StreamPart> {
  // The reader itself, not a generator around it: every layer costs each event a few promise jobs.
  if ((response.headers['content-type'] ?? '').includes('text/event-stream')) return readOpenAISse(response, providerId);
  return readWholeAnswer(response, providerId);
}

async function* readWholeAnswer(response: HttpResponse, providerId: string): AsyncGenerator<StreamPart> {
  yield* readOpenAICompletion(await response.text(), providerId);
}

/**
 * An event stream, read one network chunk at a time: the chunk's events become at most one part
 * of each kind (a write per chunk, not per token). The bytes are read here, not through
 * decodeBatches, for the same reason as above.
 */
export async function* readOpenAISse(response: HttpResponse, providerId: string): AsyncGenerator<StreamPart> {
  const reader = new OpenAIEvents(providerId);
  const decoder = new SseDecoder();
  let sawBytes = false;
  let done = false;
  for await (const bytes of response.body) {
    if (bytes.byteLength > 0) sawBytes = true;
    const batch = reader.readBytes(decoder, bytes);
    for (const part of batch.parts) yield part;
    if (batch.error !== undefined) throw batch.error;
    if ((done = batch.done)) {
      // Nothing after [DONE] is read as the answer; the connection may still carry the next request.
      response.endOfAnswer();
      break;
    }
  }
  const rest = done ? [] : decoder.end();
  if (rest.length > 0) {
    const batch = reader.read(rest);
    for (const part of batch.parts) yield part;
    if (batch.error !== undefined) throw batch.error;
    if (batch.done) response.endOfAnswer();
  }
  for (const part of reader.end(sawBytes)) yield part;
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
