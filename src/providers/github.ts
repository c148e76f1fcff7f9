import { openAICompatible } from './openai-compatible.js';

/**
 * GitHub Models: chat at models.github.ai/inference, its model list in the catalog beside it,
 * `GET https://models.github.ai/catalog/models` (a JSON array of `{ id: "openai/gpt-4.1", … }`;
 * GitHub's REST docs, "Models catalog"). At another address the same layout is assumed.
 */
export const github = openAICompatible({
  id: 'github',
  label: 'GitHub Models',
  url: 'https://github.com/marketplace/models',
  baseURL: 'https://models.github.ai/inference',
  apiKeyEnv: ['GITHUB_MODELS_TOKEN'],
  defaultModel: 'openai/gpt-4.1-mini',
  models: ['openai/gpt-4.1-mini', 'openai/gpt-4.1', 'openai/gpt-5-mini', 'meta/Llama-3.3-70B-Instruct'],
  modelsURL: (ctx) => `${ctx.baseURL.replace(/\/inference$/, '')}/catalog/models`,
});
