import { openAICompatible } from './openai-compatible.js';

export const deepseek = openAICompatible({
  id: 'deepseek',
  label: 'DeepSeek',
  url: 'https://www.deepseek.com',
  baseURL: 'https://api.deepseek.com',
  apiKeyEnv: ['DEEPSEEK_API_KEY'],
  supportsImages: false,
  defaultModel: 'deepseek-chat',
  models: ['deepseek-chat', 'deepseek-reasoner'],
});
