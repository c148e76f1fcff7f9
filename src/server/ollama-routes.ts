import { can, type Capability } from '../ground/capabilities.js';
import type { Provider } from '../ground/types.js';
import { answerChat, writeJson, type Exchange } from './chat-endpoint.js';
import { jsonObject } from './chat-request.js';
import { listModels } from './list-models.js';
import { ollamaEndpoint, ollamaModel } from './ollama-answer.js';
import { ollamaInvalid } from './ollama-options.js';
import { parseOllamaChat, parseOllamaGenerate } from './ollama-request.js';
import { readBody } from './read-body.js';
import { ServeError } from './request-errors.js';
import { routeModel } from './route-model.js';

/**
 * The Ollama API version whose shapes these routes follow (docs/api.md); clients that check
 * for a feature by version (tools, thinking, structured output) find them all.
 */
const OLLAMA_API_VERSION = '0.12.0';

/** One entry of /api/tags and /api/ps: nothing is downloaded here, so size and digest are empty. */
function tagOf(name: string, family: string): Record<string, unknown> {
  return { name, model: name, modified_at: new Date(0).toISOString(), size: 0, digest: '', details: { parent_model: '', format: '', family, families: [family], parameter_size: '', quantization_level: '' } };
}

export const answerOllamaChat = (exchange: Exchange) => answerChat(ollamaEndpoint('chat', parseOllamaChat), exchange);
export const answerOllamaGenerate = (exchange: Exchange) => answerChat(ollamaEndpoint('generate', parseOllamaGenerate), exchange);

export const ollamaVersion = ({ res }: Exchange) => writeJson(res, 200, { version: OLLAMA_API_VERSION });

/** GET /api/tags: `auto` and every `provider/model` the chain can reach, as /v1/models lists them. */
export async function ollamaTags({ res, ctx }: Exchange): Promise<void> {
  const { data } = await listModels(ctx, ctx.modelCache);
  writeJson(res, 200, { models: data.map((m) => tagOf(m.id, m.owned_by)) });
}

/** GET /api/ps: no model is loaded in this server's memory; the providers run them elsewhere. */
export const ollamaRunning = ({ res }: Exchange) => writeJson(res, 200, { models: [] });

/** POST /api/show: what is known of a model, chiefly its capabilities (apps check `tools` and `vision`). */
export async function ollamaShow({ req, res, ctx }: Exchange): Promise<void> {
  const json = jsonObject(await readBody(req), 'dots');
  const name = json.model ?? json.name;
  if (typeof name !== 'string' || !name) throw ollamaInvalid('model is required', 'model');
  let providers: Provider[];
  try {
    const route = routeModel(ollamaModel(name, ctx), ctx.catalog, ctx.chain);
    providers = route.provider.split(',').map((id) => ctx.catalog.find(id.trim())).filter((p): p is Provider => p !== undefined);
  } catch (error) {
    if (error instanceof ServeError && error.status === 404) throw new ServeError(404, `model '${name}' not found`, 'invalid_request_error', 'not_found');
    throw error;
  }
  const all = (capability: Capability) => providers.length > 0 && providers.every((p) => can(p, capability));
  const capabilities = ['completion', ...(all('tools') ? ['tools'] : []), ...(all('images') ? ['vision'] : [])];
  const family = providers.map((p) => p.id).join(',');
  writeJson(res, 200, { modelfile: '', parameters: '', template: '', details: tagOf(name, family).details, model_info: { 'general.architecture': family }, capabilities, modified_at: new Date(0).toISOString() });
}
