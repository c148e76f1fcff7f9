import { geminiEmbeddings } from './gemini-embeddings.js';
import { NetworkError, ProtocolError } from '../../ground/errors.js';
import type { CallContext, ChatRequest, Provider, StreamPart } from '../../ground/types.js';
import { decodeBatches } from '../../stream/batches.js';
import { call } from '../call.js';
import { followPages } from '../paged-list.js';
import { parseJson } from '../../stream/ndjson-decoder.js';
import { SseDecoder } from '../../stream/sse-decoder.js';
import { geminiBody } from './gemini-body.js';
import { GeminiEvents, type GeminiPart } from './gemini-stream.js';

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
  kind: 'keyed',
  capabilities: ['stream', 'system', 'history', 'images', 'tools', 'tool-choice', 'response-format'],
  defaultModel: 'gemini-flash-latest',
  models: ['gemini-flash-latest', 'gemini-pro-latest', 'gemini-flash-lite-latest', 'gemini-3.5-flash', 'gemini-3.5-flash-lite'],
  modelAliases: {},
  params: ['model', 'messages', 'system', 'stream', 'temperature', 'max_tokens'],
  stream: streamGemini,
  listModels: listGeminiModels,
  embeddings: geminiEmbeddings,
};

const key = (ctx: CallContext): Record<string, string> => (ctx.apiKey ? { 'x-goog-api-key': ctx.apiKey } : {});

async function* streamGemini(req: ChatRequest, ctx: CallContext): AsyncGenerator<StreamPart> {
  const model = req.model ?? gemini.defaultModel;
  const response = await call(ctx, `${ctx.baseURL}/models/${encodeURIComponent(model)}:streamGenerateContent?alt=sse`, {
    headers: { 'content-type': 'application/json', ...key(ctx) },
    body: JSON.stringify(geminiBody(req)),
  });
  yield { type: 'start', provider: gemini.id, model };
  const events = new GeminiEvents();
  for await (const batch of decodeBatches(response.body, new SseDecoder())) {
    const said: GeminiPart[] = [];
    try {
      for (const event of batch) events.read(event, said);
    } catch (error) {
      // What the same network read said before the error is delivered first.
      yield* said;
      throw error;
    }
    yield* said;
  }
  // Gemini's stream has no end marker: its last chunk carries finishReason. A stream that
  // ends without one (or an empty 200) is an incomplete answer, not a finished one.
  if (events.reason === undefined) throw new NetworkError('gemini: the stream ended before the answer was complete (no finishReason)', undefined, true, 'ended-early');
  yield { type: 'finish', reason: events.reason, usage: events.usage };
}

/** `GET /models?pageSize=1000[&pageToken=…]`, following `nextPageToken` (the API's models.list). */
async function listGeminiModels(ctx: CallContext): Promise<string[]> {
  return followPages(async (token) => {
    const query = `?pageSize=1000${token ? `&pageToken=${encodeURIComponent(token)}` : ''}`;
    const response = await call(ctx, `${ctx.baseURL}/models${query}`, { method: 'GET', headers: { accept: 'application/json', ...key(ctx) } });
    const json = parseJson(await response.text()) as { models?: Array<{ name?: unknown }>; nextPageToken?: unknown };
    if (!Array.isArray(json?.models)) throw new ProtocolError('gemini: /models did not list models');
    const ids = json.models
      .map((m) => m.name)
      .filter((name): name is string => typeof name === 'string')
      .map((name) => name.replace(/^models\//, ''));
    return { ids, next: typeof json.nextPageToken === 'string' && json.nextPageToken ? json.nextPageToken : undefined };
  });
}
