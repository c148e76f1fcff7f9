import { ProtocolError, type G4fError } from '../ground/errors.js';
import type { CallContext, ChatRequest, Message, Provider, StreamPart, Upstream } from '../ground/types.js';
import { call } from './call.js';
import { parseJson } from '../stream/ndjson-decoder.js';
import { readOpenAIAnswer } from './openai-stream.js';
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
  if (req.maxTokens !== undefined) body[!config.maxTokensAlways && isReasoningModel(model) ? 'max_completion_tokens' : 'max_tokens'] = req.maxTokens;
  if (req.stop?.length) body.stop = req.stop;
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

async function listOpenAIModels(config: OpenAICompatibleConfig, ctx: CallContext): Promise<string[]> {
  const key = ctx.apiKey;
  const response = await call(ctx, config.modelsURL?.(ctx) ?? `${ctx.baseURL}${config.modelsPath ?? '/models'}`, {
    method: 'GET',
    headers: { accept: 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
  });
  const json = parseJson(await response.text()) as { data?: unknown } | unknown[];
  const list = Array.isArray(json) ? json : Array.isArray((json as { data?: unknown }).data) ? ((json as { data: unknown[] }).data) : undefined;
  if (!list) throw new ProtocolError(`${config.id}: the model list is not in OpenAI's format`);
  const idOf = (entry: unknown) => (typeof entry === 'string' ? entry : (entry as { id?: unknown; name?: unknown })?.id ?? (entry as { name?: unknown })?.name);
  const kept = config.modelFilter ? list.filter((entry) => typeof idOf(entry) === 'string' && config.modelFilter!(idOf(entry) as string, Boolean(ctx.apiKey), entry)) : list;
  return kept.map(idOf).filter((id): id is string => typeof id === 'string');
}

/** Gateways name who really answered in `x-provider` / `x-model`. */
function upstreamOf(headers: Record<string, string>): Upstream | undefined {
  const provider = headers['x-provider'];
  const model = headers['x-model'];
  if (!provider && !model) return undefined;
  return { ...(provider ? { provider: provider.slice(0, 200) } : {}), ...(model ? { model: model.slice(0, 200) } : {}) };
}

/** A message as OpenAI's API takes it: text alone, or text and `image_url` data URLs. */
function openAIMessage(message: Message): Record<string, unknown> {
  if (!message.images?.length) return { role: message.role, content: message.content };
  return {
    role: message.role,
    content: [{ type: 'text', text: message.content }, ...message.images.map((image) => ({ type: 'image_url', image_url: { url: `data:${image.mediaType};base64,${image.data}` } }))],
  };
}
