import { openAICompatible } from './openai-compatible.js';

export const openrouter = openAICompatible({
  id: 'openrouter',
  label: 'OpenRouter',
  url: 'https://openrouter.ai',
  baseURL: 'https://openrouter.ai/api/v1',
  apiKeyEnv: ['OPENROUTER_API_KEY'],
  defaultModel: 'openai/gpt-4o-mini',
  models: ['openai/gpt-4o-mini', 'openai/gpt-4o', 'anthropic/claude-3.5-sonnet', 'google/gemini-2.0-flash-001', 'meta-llama/llama-3.3-70b-instruct', 'deepseek/deepseek-chat'],
});
