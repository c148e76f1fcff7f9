import { openAICompatible } from './openai-compatible.js';

export const github = openAICompatible({
  id: 'github',
  label: 'GitHub Models',
  url: 'https://github.com/marketplace/models',
  baseURL: 'https://models.github.ai/inference',
  apiKeyEnv: ['GITHUB_MODELS_TOKEN'],
  defaultModel: 'openai/gpt-4.1-mini',
  models: ['openai/gpt-4.1-mini', 'openai/gpt-4.1', 'meta/Llama-3.3-70B-Instruct'],
});
