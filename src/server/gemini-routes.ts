import { answerChat, writeJson, type Exchange } from './chat-endpoint.js';
import { geminiEndpoint, type GeminiDelivery } from './gemini-answer.js';
import { answerGeminiEmbed } from './gemini-embed.js';
import { listModels } from './list-models.js';
import { ServeError } from './request-errors.js';
import { routeModel } from './route-model.js';
import type { ServeContext } from './serve-context.js';

/** `/v1beta/models/{model}:{method}` (and `/v1/…`): the model may hold slashes (`models/groq/llama-3.3-70b-versatile`). */
export const GEMINI_METHOD_PATH = /^\/(?:v1beta|v1)\/models\/(.+):([A-Za-z]+)$/;

/**
 * The model a Gemini client asked for, as the chain will take it: a name `--map` names goes
 * where it says; a name the chain knows is used; any other (gemini-cli sends its own names,
 * `gemini-3.1-pro-preview`, and routes among them) goes to the server's chain and its default.
 */
export function geminiModel(name: string | undefined, ctx: ServeContext): string | undefined {
  if (!name) return undefined;
  const mapped = ctx.modelMap?.[name];
  if (mapped) return mapped;
  try {
    routeModel(name, ctx.catalog, ctx.chain);
    return name;
  } catch {
    return undefined;
  }
}

/** POST …/models/{model}:generateContent, :streamGenerateContent, :countTokens, :embedContent, :batchEmbedContents. */
export async function answerGeminiMethod(exchange: Exchange): Promise<void> {
  const url = new URL(exchange.req.url ?? '/', 'http://serve.invalid');
  const [, model, method] = GEMINI_METHOD_PATH.exec(url.pathname.replace(/\/+$/, '')) ?? [];
  if (method === 'countTokens') {
    // No count here would be honest: the model that answers is picked per request, and each
    // tokenizes its own way. Each answer's usageMetadata has the counts its provider gave.
    throw new ServeError(501, 'countTokens: this server cannot count tokens for the model that will answer (it is picked per request); each answer carries usageMetadata', 'invalid_request_error', 'unimplemented');
  }
  if (method === 'embedContent' || method === 'batchEmbedContents') return answerGeminiEmbed(exchange, decodeURIComponent(model), method === 'batchEmbedContents');
  const delivery: GeminiDelivery | undefined = method === 'generateContent' ? 'whole' : method === 'streamGenerateContent' ? (url.searchParams.get('alt') === 'sse' ? 'sse' : 'array') : undefined;
  if (!delivery) throw new ServeError(404, `models.${method}: not a method of this server; it has generateContent, streamGenerateContent, countTokens, embedContent and batchEmbedContents`, 'invalid_request_error', 'not_found');
  await answerChat(geminiEndpoint(decodeURIComponent(model), delivery, geminiModel), exchange);
}

/** GET /v1beta/models: `auto` and every `provider/model`, as Gemini's `Model` entries. */
export async function listGeminiModels({ res, ctx }: Exchange): Promise<void> {
  const { data } = await listModels(ctx, ctx.modelCache);
  const models = data.map((m) => ({ name: `models/${m.id}`, baseModelId: m.id, version: '1', displayName: m.id, description: `${m.owned_by} through g4f-chat`, supportedGenerationMethods: ['generateContent', 'streamGenerateContent'] }));
  writeJson(res, 200, { models });
}

