import type { Capability } from '../../ground/capabilities.js';
import type { G4fError } from '../../ground/errors.js';
import type { CallContext, ChatRequest, Provider, StreamPart } from '../../ground/types.js';
import { call } from '../call.js';
import type { OpenAICompatibleConfig } from './openai-compatible-config.js';
import { openAIEmbeddings } from './openai-embeddings.js';
import { listOpenAIModels, upstreamOf } from './openai-models.js';
import { readOpenAIAnswer } from './openai-stream.js';
import { startedStream, type Opened } from './started-stream.js';
import { openAIMessage, openAIRequestFields } from './openai-tools.js';
import { isReasoningModel, takesReasoningEffort } from './reasoning-models.js';

export type { OpenAICompatibleConfig } from './openai-compatible-config.js';

const PARAMS = ['model', 'messages', 'stream', 'temperature', 'max_tokens'] as const;
/** What the protocol has; a service without some of it says so in `lacks`. */
const CAPABILITIES: readonly Capability[] = ['stream', 'system', 'history', 'images', 'tools', 'tool-choice', 'passthrough', 'response-format'];

/** A provider for any server that speaks OpenAI's chat-completions API. */
export function openAICompatible(config: OpenAICompatibleConfig): Provider {
  return {
    id: config.id,
    label: config.label,
    url: config.url,
    baseURL: config.baseURL,
    working: config.working ?? true,
    kind: config.kind ?? 'keyed',
    capabilities: CAPABILITIES.filter((capability) => !config.lacks?.includes(capability)),
    defaultModel: config.defaultModel,
    models: config.models,
    modelAliases: config.modelAliases ?? {},
    params: PARAMS,
    apiKeyEnv: config.apiKeyEnv,
    baseURLEnv: config.baseURLEnv,
    stream: (req, ctx) => streamChatCompletion(config, req, ctx),
    listModels: (ctx) => listOpenAIModels(config, ctx),
    ...(config.embeddingModel ? { embeddings: openAIEmbeddings(config.id, config.embeddingModel) } : {}),
    ...(config.note ? { note: config.note } : {}),
    ...(config.terms ? { terms: config.terms } : {}),
    ...(config.notInAuto ? { notInAuto: true } : {}),
  };
}

function streamChatCompletion(config: OpenAICompatibleConfig, req: ChatRequest, ctx: CallContext): AsyncIterable<StreamPart> {
  // A service that answers 200 with a notice instead of an answer says so through explainError.
  const explain = config.explainError;
  return startedStream(() => openChatCompletion(config, req, ctx), explain ? (error) => explain(error as G4fError) : undefined);
}

/** The request, answered: the start part, and the reader of the answer (started-stream.ts hands them on). */
async function openChatCompletion(config: OpenAICompatibleConfig, req: ChatRequest, ctx: CallContext): Promise<Opened> {
  const model = req.model ?? config.defaultModel;
  const body: Record<string, unknown> = { model, messages: req.messages.map((m) => openAIMessage(m, config.replaysReasoning)), stream: req.stream, ...config.extraBody };
  if (req.stream) body.stream_options = { include_usage: true };
  if (req.temperature !== undefined) body.temperature = req.temperature;
  // Reasoning models take max_completion_tokens, not max_tokens; a client's own goes on as itself.
  if (req.maxTokens !== undefined && req.passthrough?.max_completion_tokens === undefined) {
    body[!config.maxTokensAlways && isReasoningModel(model) ? 'max_completion_tokens' : 'max_tokens'] = req.maxTokens;
  }
  if (req.stop?.length) body.stop = req.stop;
  Object.assign(body, preferenceFields(req, model));
  // Tools, response_format and a client's pass-through fields; never over a field set above.
  for (const [name, value] of Object.entries(openAIRequestFields(req))) if (!(name in body)) body[name] = value;
  const key = ctx.apiKey;
  const url = config.chatURL?.(ctx) ?? `${ctx.baseURL}${config.chatPath ?? '/chat/completions'}`;
  const response = await call(ctx, url, {
    headers: {
      'content-type': 'application/json',
      accept: req.stream ? 'text/event-stream' : 'application/json',
      ...config.extraHeaders,
      ...(key ? { authorization: `Bearer ${key}` } : {}),
    },
    body: JSON.stringify(body),
  }).catch((error: G4fError) => {
    throw config.explainError ? config.explainError(error) : error;
  });
  const upstream = upstreamOf(response.headers);
  return { first: { type: 'start', provider: config.id, model, ...(upstream ? { upstream } : {}) }, rest: readOpenAIAnswer(response, config.id) };
}

/**
 * A client's sampling and thinking preferences as OpenAI's API has them: `top_p`, and
 * `reasoning_effort` for a model that takes one. A client's own pass-through field of the same
 * name goes on instead. OpenAI's API has no `top_k`.
 */
function preferenceFields(req: ChatRequest, model: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  if (req.topP !== undefined && req.passthrough?.top_p === undefined) fields.top_p = req.topP;
  if (req.reasoningEffort && req.passthrough?.reasoning_effort === undefined && takesReasoningEffort(model)) fields.reasoning_effort = req.reasoningEffort;
  return fields;
}
