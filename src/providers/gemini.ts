import { NetworkError, ProtocolError, ServerError } from '../ground/errors.js';
import type { CallContext, ChatRequest, FinishReason, Provider, StreamPart, Usage } from '../ground/types.js';
import { decodeBatches } from '../stream/batches.js';
import { call } from './call.js';
import { followPages } from './paged-list.js';
import { messageOf } from '../stream/http-errors.js';
import { parseJson, preview } from '../stream/ndjson-decoder.js';
import { SseDecoder } from '../stream/sse-decoder.js';
import { mapFinishReason } from './openai-stream.js';

type Json = Record<string, unknown>;

/**
 * Gemini 2.5 shut down on 2026-12-01 (ai.google.dev/gemini-api/docs/deprecations). The
 * `-latest` aliases follow Google's current model of each size (ai.google.dev/gemini-api/docs/models#latest;
 * vercel/ai packages/google/src/google-language-model-options.ts lists them with the 3.x ids).
 */
export const gemini: Provider = {
  id: 'gemini',
  label: 'Google Gemini',
  url: 'https://ai.google.dev',
  baseURL: 'https://generativelanguage.googleapis.com/v1beta',
  apiKeyEnv: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
  working: true,
  needsAuth: true,
  supportsStream: true,
  supportsSystemMessage: true,
  supportsHistory: true,
  supportsImages: true,
  defaultModel: 'gemini-flash-latest',
  models: ['gemini-flash-latest', 'gemini-pro-latest', 'gemini-flash-lite-latest', 'gemini-3.5-flash', 'gemini-3.5-flash-lite'],
  modelAliases: {},
  params: ['model', 'messages', 'system', 'stream', 'temperature', 'max_tokens'],
  stream: streamGemini,
  listModels: listGeminiModels,
};

async function* streamGemini(req: ChatRequest, ctx: CallContext): AsyncGenerator<StreamPart> {
  const model = req.model ?? gemini.defaultModel;
  const system = req.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const body: Json = {
    contents: req.messages
      .filter((m) => m.role !== 'system')
      .map((m) => ({
        role: m.role === 'assistant' ? 'model' : 'user',
        parts: [{ text: m.content }, ...(m.images ?? []).map((i) => ({ inline_data: { mime_type: i.mediaType, data: i.data } }))],
      })),
  };
  if (system) body.systemInstruction = { parts: [{ text: system }] };
  const generationConfig: Json = {};
  if (req.temperature !== undefined) generationConfig.temperature = req.temperature;
  if (req.maxTokens !== undefined) generationConfig.maxOutputTokens = req.maxTokens;
  if (req.stop?.length) generationConfig.stopSequences = req.stop;
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  const response = await call(ctx, `${ctx.baseURL}/models/${encodeURIComponent(model)}:streamGenerateContent?alt=sse`, {
    headers: { 'content-type': 'application/json', ...(ctx.apiKey ? { 'x-goog-api-key': ctx.apiKey } : {}) },
    body: JSON.stringify(body),
  });
  yield { type: 'start', provider: gemini.id, model };
  let reason: FinishReason | undefined;
  let usage: Usage | undefined;
  for await (const events of decodeBatches(response.body, new SseDecoder())) {
    let text = '';
    let thought = '';
    try {
      for (const event of events) {
        const data = parseJson(event.data) as Json;
        if (!data || typeof data !== 'object' || Array.isArray(data)) {
          throw new ProtocolError(`gemini: expected a JSON object, got ${preview(event.data)}`);
        }
        if (data.error !== undefined) throw new ServerError(`gemini: ${messageOf(data) ?? preview(event.data)}`);
        const candidate = Array.isArray(data.candidates) ? (data.candidates[0] as Json | undefined) : undefined;
        const parts = ((candidate?.content as Json | undefined)?.parts ?? []) as Json[];
        for (const part of parts) {
          if (typeof part?.text !== 'string') continue;
          if (part.thought === true) thought += part.text;
          else text += part.text;
        }
        if (typeof candidate?.finishReason === 'string') reason = mapFinishReason(candidate.finishReason);
        const meta = data.usageMetadata as Json | undefined;
        if (meta) {
          usage = {
            inputTokens: typeof meta.promptTokenCount === 'number' ? meta.promptTokenCount : undefined,
            outputTokens: typeof meta.candidatesTokenCount === 'number' ? meta.candidatesTokenCount : undefined,
            totalTokens: typeof meta.totalTokenCount === 'number' ? meta.totalTokenCount : undefined,
          };
        }
      }
    } catch (error) {
      // Text of the same network read as the error is delivered first.
      if (thought) yield { type: 'reasoning', text: thought };
      if (text) yield { type: 'text', text };
      throw error;
    }
    if (thought) yield { type: 'reasoning', text: thought };
    if (text) yield { type: 'text', text };
  }
  // Gemini's stream has no end marker: its last chunk carries finishReason. A stream that
  // ends without one (or an empty 200) is an incomplete answer, not a finished one.
  if (reason === undefined) throw new NetworkError('gemini: the stream ended before the answer was complete (no finishReason)');
  yield { type: 'finish', reason, usage };
}

/** `GET /models?pageSize=1000[&pageToken=…]`, following `nextPageToken` (the API's models.list). */
async function listGeminiModels(ctx: CallContext): Promise<string[]> {
  return followPages(async (token) => {
    const query = `?pageSize=1000${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`;
    const response = await call(ctx, `${ctx.baseURL}/models${query}`, {
      method: 'GET',
      headers: { accept: 'application/json', ...(ctx.apiKey ? { 'x-goog-api-key': ctx.apiKey } : {}) },
    });
    const json = parseJson(await response.text()) as { models?: Array<{ name?: unknown }>; nextPageToken?: unknown };
    if (!Array.isArray(json?.models)) throw new ProtocolError('gemini: /models did not list models');
    const ids = json.models
      .map((m) => m.name)
      .filter((name): name is string => typeof name === 'string')
      .map((name) => name.replace(/^models\//, ''));
    return { ids, next: typeof json.nextPageToken === 'string' && json.nextPageToken ? json.nextPageToken : undefined };
  });
}
