import { NetworkError, ProtocolError } from '../../ground/errors.js';
import type { CallContext, ChatRequest, Provider, StreamPart } from '../../ground/types.js';
import { decodeBatches } from '../../stream/batches.js';
import { call } from '../call.js';
import { followPages } from '../paged-list.js';
import { parseJson } from '../../stream/ndjson-decoder.js';
import { SseDecoder } from '../../stream/sse-decoder.js';
import { AnthropicEvents } from './anthropic-events.js';
import { anthropicMessages, anthropicToolFields } from './anthropic-tools.js';

type Json = Record<string, unknown>;

export const anthropic: Provider = {
  id: 'anthropic',
  label: 'Anthropic',
  url: 'https://www.anthropic.com',
  baseURL: 'https://api.anthropic.com',
  baseURLEnv: 'ANTHROPIC_BASE_URL',
  apiKeyEnv: ['ANTHROPIC_API_KEY'],
  working: true,
  kind: 'keyed',
  capabilities: ['stream', 'system', 'history', 'images', 'tools', 'tool-choice'],
  defaultModel: 'claude-sonnet-4-5',
  // Ids as in vercel/ai packages/anthropic/src/anthropic-language-model-options.ts (claude-3-5-haiku is retired).
  models: ['claude-sonnet-4-5', 'claude-sonnet-4-6', 'claude-opus-4-5', 'claude-haiku-4-5'],
  modelAliases: { sonnet: 'claude-sonnet-4-6', opus: 'claude-opus-4-5', haiku: 'claude-haiku-4-5' },
  params: ['model', 'messages', 'system', 'stream', 'temperature', 'max_tokens'],
  stream: streamAnthropic,
  listModels: listAnthropicModels,
};

function headers(ctx: CallContext): Record<string, string> {
  return {
    'content-type': 'application/json',
    'anthropic-version': '2023-06-01',
    ...(ctx.apiKey ? { 'x-api-key': ctx.apiKey } : {}),
  };
}

async function* streamAnthropic(req: ChatRequest, ctx: CallContext): AsyncGenerator<StreamPart> {
  const model = req.model ?? anthropic.defaultModel;
  const system = req.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const body: Json = {
    model,
    max_tokens: req.maxTokens ?? 4096,
    messages: anthropicMessages(req.messages),
    ...anthropicToolFields(req),
    stream: true,
  };
  if (system) body.system = system;
  if (req.temperature !== undefined) body.temperature = req.temperature;
  // Claude's newer models refuse temperature and top_p together: the temperature asked for wins.
  if (req.topP !== undefined && req.temperature === undefined) body.top_p = req.topP;
  if (req.topK !== undefined) body.top_k = req.topK;
  if (req.stop?.length) body.stop_sequences = req.stop;
  const response = await call(ctx, `${ctx.baseURL}/v1/messages`, {
    headers: headers(ctx),
    body: JSON.stringify(body),
  });
  yield { type: 'start', provider: anthropic.id, model };
  const events = new AnthropicEvents();
  for await (const batch of decodeBatches(response.body, new SseDecoder())) {
    const out = { text: '', thinking: '' };
    try {
      for (const event of batch) events.read(event, out);
    } finally {
      // Text of the same network read as an error is delivered first.
      if (out.thinking) yield { type: 'reasoning', text: out.thinking };
      if (out.text) yield { type: 'text', text: out.text };
    }
    if (events.stopped) break;
  }
  if (!events.stopped) throw new NetworkError('anthropic: the stream ended before message_stop', undefined, true, 'ended-early');
  yield* events.ending();
}

/** `GET /v1/models?limit=1000[&after_id=…]`, following `has_more` with the page's `last_id`. */
async function listAnthropicModels(ctx: CallContext): Promise<string[]> {
  return followPages(async (after) => {
    const response = await call(ctx, `${ctx.baseURL}/v1/models?limit=1000${after ? `&after_id=${encodeURIComponent(after)}` : ''}`, {
      method: 'GET',
      headers: headers(ctx),
    });
    const json = parseJson(await response.text()) as { data?: Array<{ id?: unknown }>; has_more?: unknown; last_id?: unknown };
    if (!Array.isArray(json?.data)) throw new ProtocolError('anthropic: /v1/models did not list models');
    const ids = json.data.map((m) => m.id).filter((id): id is string => typeof id === 'string');
    return { ids, next: json.has_more === true && typeof json.last_id === 'string' ? json.last_id : undefined };
  });
}
