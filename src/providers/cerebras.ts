import { openAICompatible } from './openai-compatible.js';

export const cerebras = openAICompatible({
  id: 'cerebras',
  label: 'Cerebras',
  url: 'https://cerebras.ai',
  baseURL: 'https://api.cerebras.ai/v1',
  apiKeyEnv: ['CEREBRAS_API_KEY'],
  supportsImages: false,
  defaultModel: 'gpt-oss-120b',
  models: ['gpt-oss-120b', 'llama-3.3-70b', 'llama3.1-8b', 'qwen-3-32b'],
});
