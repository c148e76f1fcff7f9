import { randomUUID } from 'node:crypto';
import { ProtocolError, ServerError } from '../../ground/errors.js';
import type { FinishReason, StreamPart, Usage } from '../../ground/types.js';
import { messageOf } from '../../stream/http-errors.js';
import { parseJson, preview } from '../../stream/ndjson-decoder.js';
import type { SseEvent } from '../../stream/sse-decoder.js';
import { mapFinishReason } from '../openai/openai-stream.js';

type Json = Record<string, unknown>;
/** What one event can say: text, thought text, a whole call, or a picture. */
export type GeminiPart = Extract<StreamPart, { type: 'text' | 'reasoning' | 'tool-call' | 'image' }>;

/**
 * What a Gemini `streamGenerateContent?alt=sse` stream has said so far (googleapis/js-genai
 * src/types.ts: GenerateContentResponse, Candidate, Part). `read` takes one event and adds its
 * parts to `out` in the order they came: text, thought text (`thought: true`) and function calls,
 * which arrive whole (`functionCall {name, args, id?}`, `thoughtSignature` beside it on the Part),
 * and pictures, which also arrive whole: a Part's `inlineData` Blob `{mimeType, data}` with the
 * bytes in base64 (ai.google.dev/api/caching#Blob; ai.google.dev/gemini-api/docs/image-generation,
 * whose REST answers carry `candidates[0].content.parts[].inlineData`). A picture marked
 * `thought: true` is a draft the model drew while thinking (the same page, "Thinking process"):
 * not part of the answer.
 */
export class GeminiEvents {
  reason: FinishReason | undefined;
  usage: Usage | undefined;
  private calls = 0;
  private responseId: string | undefined;

  read(event: SseEvent, out: GeminiPart[]): void {
    const data = parseJson(event.data) as Json;
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new ProtocolError(`gemini: expected a JSON object, got ${preview(event.data)}`);
    if (data.error !== undefined) throw new ServerError(`gemini: ${messageOf(data) ?? preview(event.data)}`);
    if (typeof data.responseId === 'string' && data.responseId) this.responseId ??= data.responseId;
    const candidate = Array.isArray(data.candidates) ? (data.candidates[0] as Json | undefined) : undefined;
    const parts = ((candidate?.content as Json | undefined)?.parts ?? []) as Json[];
    for (const part of parts) {
      if (part?.functionCall && typeof part.functionCall === 'object') out.push(this.call(part));
      else if (part?.inlineData && typeof part.inlineData === 'object') {
        const image = imageOf(part.inlineData as Json);
        if (image && part.thought !== true) out.push(image);
      }
      else if (typeof part?.text === 'string' && part.text) add(out, part.thought === true ? 'reasoning' : 'text', part.text);
    }
    // A call is an answer that ends with STOP: the reason the rest of the code knows is tool-calls.
    if (typeof candidate?.finishReason === 'string') this.reason = candidate.finishReason === 'STOP' && this.calls > 0 ? 'tool-calls' : mapFinishReason(candidate.finishReason);
    const meta = data.usageMetadata as Json | undefined;
    if (meta) {
      const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
      this.usage = { inputTokens: number(meta.promptTokenCount), outputTokens: number(meta.candidatesTokenCount), totalTokens: number(meta.totalTokenCount) };
    }
  }

  /**
   * A call may come without an id (the recorded Gemini 3 stream of vercel/ai
   * packages/google/src/__fixtures__/google-tool-call-gemini3.chunks.txt has none): one is made
   * from the response's `responseId` and the call's place in the answer, kept as is in history.
   */
  private call(part: Json): GeminiPart {
    const call = part.functionCall as Json;
    const index = this.calls++;
    this.responseId ??= randomUUID();
    const id = typeof call.id === 'string' && call.id ? call.id : `call_${this.responseId}_${index}`;
    const args = call.args && typeof call.args === 'object' ? call.args : {};
    const signature = typeof part.thoughtSignature === 'string' ? part.thoughtSignature : undefined;
    return { type: 'tool-call', id, name: String(call.name ?? ''), arguments: JSON.stringify(args), ...(signature !== undefined ? { signature } : {}) };
  }
}

/** A picture part as sent: its media type as claimed and its base64 (checked where it is shown or saved). */
function imageOf(blob: Json): GeminiPart | undefined {
  if (typeof blob.data !== 'string' || !blob.data) return undefined;
  return { type: 'image', mime: typeof blob.mimeType === 'string' ? blob.mimeType : 'application/octet-stream', data: blob.data };
}

/** Text next to text of the same kind is one part. */
function add(out: GeminiPart[], type: 'text' | 'reasoning', text: string): void {
  const last = out.at(-1);
  if (last?.type === type) last.text += text;
  else out.push({ type, text });
}
