import { openAICompatible } from './openai-compatible.js';

export const nvidia = openAICompatible({
  id: 'nvidia',
  label: 'NVIDIA NIM',
  url: 'https://build.nvidia.com',
  baseURL: 'https://integrate.api.nvidia.com/v1',
  apiKeyEnv: ['NVIDIA_API_KEY'],
  defaultModel: 'meta/llama-3.3-70b-instruct',
  models: ['meta/llama-3.3-70b-instruct', 'deepseek-ai/deepseek-v3.1', 'qwen/qwen3-coder-480b-a35b-instruct'],
});
