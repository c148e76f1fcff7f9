import { NetworkError, ProtocolError, ServerError } from '../ground/errors.js';
import type { CallContext, ChatRequest, FinishReason, Provider, StreamPart, Usage } from '../ground/types.js';
import { decodeBatches } from '../stream/batches.js';
import { call } from './call.js';
import { followPages } from './paged-list.js';
import { messageOf } from '../stream/http-errors.js';
import { parseJson, preview } from '../stream/ndjson-decoder.js';
import { SseDecoder } from '../stream/sse-decoder.js';
import { mapFinishReason } from './openai-stream.js';
import { AnthropicToolUses, anthropicMessages, anthropicToolFields } from './anthropic-tools.js';

type Json = Record<string, unknown>;

export const anthropic: Provider = {
  id: 'anthropic',
  label: 'Anthropic',
  url: 'https://www.anthropic.com',
  baseURL: 'https://api.anthropic.com',
  baseURLEnv: 'ANTHROPIC_BASE_URL',
  apiKeyEnv: ['ANTHROPIC_API_KEY'],
  working: true,
  needsAuth: true,
  supportsStream: true,
  supportsSystemMessage: true,
  supportsHistory: true,
  supportsImages: true,
  supportsTools: true,
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
  if (req.stop?.length) body.stop_sequences = req.stop;
  const response = await call(ctx, `${ctx.baseURL}/v1/messages`, {
    headers: headers(ctx),
    body: JSON.stringify(body),
  });
  yield { type: 'start', provider: anthropic.id, model };
  const usage: Usage = {};
  let reason: FinishReason | undefined;
  let stopped = false;
  let refusal = '';
  const toolUses = new AnthropicToolUses();
  for await (const events of decodeBatches(response.body, new SseDecoder())) {
    let text = '';
    let thinking = '';
    try {
      for (const event of events) {
        if (event.event === 'ping') continue;
        const data = parseJson(event.data) as Json;
        if (!data || typeof data !== 'object') throw new ProtocolError(`anthropic: expected a JSON object, got ${preview(event.data)}`);
        switch (event.event) {
          case 'error':
            throw new ServerError(`anthropic: ${messageOf(data) ?? preview(event.data)}`);
          case 'message_start': {
            const startUsage = (data.message as Json | undefined)?.usage as Json | undefined;
            if (typeof startUsage?.input_tokens === 'number') usage.inputTokens = startUsage.input_tokens;
            if (typeof startUsage?.output_tokens === 'number') usage.outputTokens = startUsage.output_tokens;
            break;
          }
          case 'content_block_start':
            toolUses.start(data);
            break;
          case 'content_block_delta': {
            toolUses.delta(data);
            const delta = data.delta as Json | undefined;
            if (delta?.type === 'text_delta' && typeof delta.text === 'string') text += delta.text;
            else if (delta?.type === 'thinking_delta' && typeof delta.thinking === 'string') thinking += delta.thinking;
            break;
          }
          case 'message_delta': {
            const delta = data.delta as Json | undefined;
            if (delta?.stop_reason !== undefined) reason = mapFinishReason(delta.stop_reason);
            // A refusal arrives as a stop reason with words of explanation, not as text.
            if (delta?.stop_reason === 'refusal') {
              const details = delta.stop_details as Json | undefined;
              refusal = typeof details?.explanation === 'string' ? details.explanation : 'the model declined to answer';
            }
            const deltaUsage = data.usage as Json | undefined;
            // Cumulative, not increments: the later figure wins, input_tokens too when present
            // (after server-side tools it is far larger than message_start's).
            if (typeof deltaUsage?.output_tokens === 'number') usage.outputTokens = deltaUsage.output_tokens;
            if (typeof deltaUsage?.input_tokens === 'number') usage.inputTokens = deltaUsage.input_tokens;
            break;
          }
          case 'message_stop':
            stopped = true;
            break;
          default:
            break;
        }
      }
    } catch (error) {
      // Text of the same network read as the error is delivered first.
      if (thinking) yield { type: 'reasoning', text: thinking };
      if (text) yield { type: 'text', text };
      throw error;
    }
    if (thinking) yield { type: 'reasoning', text: thinking };
    if (text) yield { type: 'text', text };
    if (stopped) break;
  }
  if (!stopped) throw new NetworkError('anthropic: the stream ended before message_stop');
  if (refusal) yield { type: 'refusal', text: refusal, note: true };
  // Calls are whole only when the message is: they go out together, just before the finish.
  yield* toolUses.take();
  if (usage.inputTokens !== undefined && usage.outputTokens !== undefined) usage.totalTokens = usage.inputTokens + usage.outputTokens;
  yield { type: 'finish', reason: reason ?? 'stop', usage };
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
