import { openAICompatible } from './openai-compatible.js';

export const together = openAICompatible({
  id: 'together',
  label: 'Together',
  url: 'https://www.together.ai',
  baseURL: 'https://api.together.xyz/v1',
  apiKeyEnv: ['TOGETHER_API_KEY'],
  defaultModel: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
  models: ['meta-llama/Llama-3.3-70B-Instruct-Turbo', 'Qwen/Qwen2.5-Coder-32B-Instruct'],
});
