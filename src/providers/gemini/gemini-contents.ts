import type { Message, ToolCall } from '../../ground/types.js';
import { argumentsObject } from '../tool-arguments.js';

type Json = Record<string, unknown>;
type Content = { role: 'user' | 'model'; parts: Json[] };

/**
 * The value Google documents for a function call replayed without its own thought signature
 * (a conversation saved from another provider): ai.google.dev/gemini-api/docs/thought-signatures.
 * google-gemini/gemini-cli packages/core/src/utils/historyHardening.ts (SYNTHETIC_THOUGHT_SIGNATURE)
 * and vercel/ai packages/google/src/convert-to-google-messages.ts (SKIP_THOUGHT_SIGNATURE_VALIDATOR)
 * send the same.
 */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

/**
 * The conversation as Gemini's `contents` (googleapis/js-genai src/types.ts: Content, Part,
 * FunctionCall, FunctionResponse). An assistant's calls become `functionCall` parts after its
 * text, each with the `thoughtSignature` it came with; a run of tool results becomes ONE user
 * content of `functionResponse` parts.
 */
export function geminiContents(messages: readonly Message[]): Content[] {
  const out: Content[] = [];
  const namesById = new Map<string, string>();
  for (const m of messages) {
    if (m.role === 'system') continue;
    if (m.role === 'tool') {
      const part = functionResponse(m, namesById);
      const last = out.at(-1);
      if (last?.role === 'user' && last.parts.every((p) => p.functionResponse !== undefined)) last.parts.push(part);
      else out.push({ role: 'user', parts: [part] });
    } else if (m.role === 'assistant' && m.toolCalls?.length) {
      for (const call of m.toolCalls) namesById.set(call.id, call.name);
      out.push({ role: 'model', parts: [...(m.content ? [{ text: m.content }] : []), ...functionCalls(m.toolCalls)] });
    } else {
      const images = (m.images ?? []).map((i) => ({ inline_data: { mime_type: i.mediaType, data: i.data } }));
      out.push({ role: m.role === 'assistant' ? 'model' : 'user', parts: [{ text: m.content }, ...images] });
    }
  }
  return out;
}

/**
 * Calls as `functionCall` parts; ids go back as they came (vercel/ai sends them, `includeFunctionCallIds`
 * defaults to true). Of parallel calls Gemini 3 signs only the first, so the others go unsigned as
 * received; a turn with no signature at all (saved from another provider) gets the documented
 * skip value on its first call, which is where the API looks for it (gemini-cli historyHardening.ts).
 */
function functionCalls(calls: readonly ToolCall[]): Json[] {
  const signed = calls.some((c) => c.signature !== undefined);
  return calls.map((call, index) => {
    const signature = call.signature ?? (!signed && index === 0 ? SKIP_THOUGHT_SIGNATURE : undefined);
    return {
      functionCall: { ...(call.id ? { id: call.id } : {}), name: call.name, args: argumentsObject(call.arguments) },
      ...(signature !== undefined ? { thoughtSignature: signature } : {}),
    };
  });
}

/**
 * A tool result as `functionResponse`. `response` must be an object: the text goes under `output`,
 * the key js-genai src/types.ts names for a function's output (FunctionResponse.response) and the
 * one gemini-cli packages/core/src/utils/generateContentResponseUtilities.ts uses. The name is
 * the message's, or else that of the earlier call with the same id.
 */
function functionResponse(m: Message, namesById: ReadonlyMap<string, string>): Json {
  const name = m.toolName ?? namesById.get(m.toolCallId ?? '') ?? 'tool';
  return { functionResponse: { ...(m.toolCallId ? { id: m.toolCallId } : {}), name, response: { output: m.content } } };
}
