import { openAICompatible } from './openai-compatible.js';

export const mistral = openAICompatible({
  id: 'mistral',
  label: 'Mistral',
  url: 'https://mistral.ai',
  baseURL: 'https://api.mistral.ai/v1',
  apiKeyEnv: ['MISTRAL_API_KEY'],
  defaultModel: 'mistral-small-latest',
  embeddingModel: 'mistral-embed',
  models: ['mistral-small-latest', 'mistral-medium-latest', 'codestral-latest'],
});
