import { openAICompatible } from './openai-compatible.js';

export const deepinfra = openAICompatible({
  id: 'deepinfra',
  label: 'DeepInfra',
  url: 'https://deepinfra.com',
  baseURL: 'https://api.deepinfra.com/v1/openai',
  apiKeyEnv: ['DEEPINFRA_API_KEY'],
  defaultModel: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
  models: ['meta-llama/Llama-3.3-70B-Instruct-Turbo', 'deepseek-ai/DeepSeek-V3.1'],
});
