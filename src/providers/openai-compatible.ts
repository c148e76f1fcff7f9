import type { G4fError } from '../ground/errors.js';
import type { CallContext, ChatRequest, Provider, StreamPart } from '../ground/types.js';
import { call } from './call.js';
import { listOpenAIModels, upstreamOf } from './openai-models.js';
import { readOpenAIAnswer } from './openai-stream.js';
import { openAIMessage, openAIRequestFields } from './openai-tools.js';
import { isReasoningModel } from './reasoning-models.js';

export interface OpenAICompatibleConfig {
  id: string;
  label: string;
  url: string;
  baseURL: string;
  defaultModel: string;
  models: readonly string[];
  modelAliases?: Record<string, string>;
  apiKeyEnv?: readonly string[];
  baseURLEnv?: string;
  /** Answers without a key (a key, when set, is still sent). */
  keyless?: boolean;
  working?: boolean;
  /** Path of the chat endpoint under the base URL; `/chat/completions` unless the service differs. */
  chatPath?: string;
  /** Path of the model list under the base URL; `/models` unless the service differs. */
  modelsPath?: string;
  /** Filters the live model list (e.g. free models only when no key of one's own is set). */
  modelFilter?(id: string, hasOwnKey: boolean, entry: unknown): boolean;
  /** The chat or model-list URL when it is not simply base + path (Pollinations' keyed endpoint). */
  chatURL?(ctx: CallContext): string;
  modelsURL?(ctx: CallContext): string;
  /** Turns a service's own failure into words that name the fix (a 402 "tier" answer). */
  explainError?(error: G4fError): G4fError;
  note?: string;
  /** Headers every chat request carries besides the standard ones. */
  extraHeaders?: Readonly<Record<string, string>>;
  /** Body fields every chat request carries (Pollinations' `private`). */
  extraBody?: Readonly<Record<string, unknown>>;
  /** The service's terms for keyless use, in one line (shown by `providers`). */
  terms?: string;
  /** Kept out of `auto` unless the user names it (see Provider.notInAuto). */
  notInAuto?: boolean;
  /** False where the API takes no images at all (true by default: the server says which models see). */
  supportsImages?: boolean;
  /** False where the service takes no tools (true by default: the protocol has them). */
  supportsTools?: boolean;
  /** The service takes `max_tokens` for every model (it maps it itself), reasoning models included. */
  maxTokensAlways?: boolean;
}

const PARAMS = ['model', 'messages', 'stream', 'temperature', 'max_tokens'] as const;

/** A provider for any server that speaks OpenAI's chat-completions API. */
export function openAICompatible(config: OpenAICompatibleConfig): Provider {
  return {
    id: config.id,
    label: config.label,
    url: config.url,
    baseURL: config.baseURL,
    working: config.working ?? true,
    needsAuth: !config.keyless,
    keyless: config.keyless ?? false,
    supportsStream: true,
    supportsSystemMessage: true,
    supportsHistory: true,
    supportsImages: config.supportsImages ?? true,
    supportsTools: config.supportsTools ?? true,
    passesThrough: true,
    supportsResponseFormat: true,
    defaultModel: config.defaultModel,
    models: config.models,
    modelAliases: config.modelAliases ?? {},
    params: PARAMS,
    apiKeyEnv: config.apiKeyEnv,
    baseURLEnv: config.baseURLEnv,
    stream: (req, ctx) => streamChatCompletion(config, req, ctx),
    listModels: (ctx) => listOpenAIModels(config, ctx),
    ...(config.note ? { note: config.note } : {}),
    ...(config.terms ? { terms: config.terms } : {}),
    ...(config.notInAuto ? { notInAuto: true } : {}),
  };
}

async function* streamChatCompletion(config: OpenAICompatibleConfig, req: ChatRequest, ctx: CallContext): AsyncGenerator<StreamPart> {
  const model = req.model ?? config.defaultModel;
  const body: Record<string, unknown> = { model, messages: req.messages.map(openAIMessage), stream: req.stream, ...config.extraBody };
  if (req.stream) body.stream_options = { include_usage: true };
  if (req.temperature !== undefined) body.temperature = req.temperature;
  // Reasoning models take max_completion_tokens, not max_tokens; a client's own goes on as itself.
  if (req.maxTokens !== undefined && req.passthrough?.max_completion_tokens === undefined) {
    body[!config.maxTokensAlways && isReasoningModel(model) ? 'max_completion_tokens' : 'max_tokens'] = req.maxTokens;
  }
  if (req.stop?.length) body.stop = req.stop;
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
  yield { type: 'start', provider: config.id, model, ...(upstream ? { upstream } : {}) };
  try {
    yield* readOpenAIAnswer(response, config.id);
  } catch (error) {
    // A service that answers 200 with a notice instead of an answer says so here.
    throw config.explainError ? config.explainError(error as G4fError) : error;
  }
}
