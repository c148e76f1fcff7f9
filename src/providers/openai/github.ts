import { openAICompatible } from './openai-compatible.js';

// Models are listed from the catalog beside /inference: GET models.github.ai/catalog/models (GitHub REST docs, "Models catalog").
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
