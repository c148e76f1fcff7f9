import { openAICompatible } from './openai-compatible.js';

export const pollinations = openAICompatible({
  id: 'pollinations',
  label: 'Pollinations',
  url: 'https://pollinations.ai',
  baseURL: 'https://text.pollinations.ai',
  chatPath: '/openai',
  keyless: true,
  defaultModel: 'openai',
  models: ['openai', 'openai-fast', 'openai-large', 'mistral', 'qwen-coder', 'deepseek-reasoning'],
});
