import type { Provider } from '../../ground/types.js';
import type { ImageApi, ImageOption } from './image-api.js';
import { geminiImages } from './gemini-images.js';
import { openAIImages } from './openai-images.js';
import { pollinationsImages } from './pollinations-images.js';

/**
 * Providers with an image API, by id. Together's and DeepInfra's are OpenAI-compatible
 * (`/images/generations`; Together's takes width, height and seed); NVIDIA's image models
 * are served by another API (`genai.api.nvidia.com`), not its OpenAI-compatible base, so it
 * has none here. gpt4free's gateways pay for anonymous pictures with proof-of-work credits
 * bound to the caller's address (g4f.dev `workers/api-worker.js`, applyAnonymousCreditGate
 * on every POST): not keyless, so none either.
 */
const BUILT_IN: Readonly<Record<string, ImageApi>> = {
  openai: openAIImages({ id: 'openai', defaultModel: 'gpt-image-1', models: ['gpt-image-1', 'gpt-image-1-mini', 'gpt-image-1.5', 'gpt-image-2', 'dall-e-3', 'dall-e-2'] }),
  together: openAIImages({ id: 'together', defaultModel: 'black-forest-labs/FLUX.1-schnell', models: ['black-forest-labs/FLUX.1-schnell', 'black-forest-labs/FLUX.1-dev'], dialect: 'together' }),
  deepinfra: openAIImages({ id: 'deepinfra', defaultModel: 'black-forest-labs/FLUX-1-schnell', models: ['black-forest-labs/FLUX-1-schnell', 'black-forest-labs/FLUX-1-dev'] }),
  gemini: geminiImages,
  pollinations: pollinationsImages,
};

/** A server the user defined in the config speaks OpenAI's API: its images too, if it has them. */
const userDefinedImages = (id: string) => openAIImages({ id, defaultModel: 'gpt-image-1', models: [] });

/** The provider's image API, or undefined when it has none (the chain skips it). */
export function imageApiOf(provider: Provider): ImageApi | undefined {
  if (provider.userDefined) return userDefinedImages(provider.id);
  return BUILT_IN[provider.id];
}

/** Built-in providers with an image API (taking `option`, when given), for refusals to name. */
export function imageProviderIds(option?: ImageOption): string[] {
  return Object.entries(BUILT_IN)
    .filter(([, api]) => !option || api.takes.has(option))
    .map(([id]) => id);
}
