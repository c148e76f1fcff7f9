import { PROJECT_URL } from '../../ground/version.js';
import { openAICompatible } from './openai-compatible.js';

// Attribution headers per openrouter.ai/docs/app-attribution; OpenRouter maps max_tokens itself, reasoning models too.
export const openrouter = openAICompatible({
  id: 'openrouter',
  label: 'OpenRouter',
  url: 'https://openrouter.ai',
  baseURL: 'https://openrouter.ai/api/v1',
  apiKeyEnv: ['OPENROUTER_API_KEY'],
  defaultModel: 'openai/gpt-4o-mini',
  models: ['openai/gpt-4o-mini', 'openai/gpt-5-mini', 'anthropic/claude-sonnet-4.5', 'google/gemini-3.5-flash', 'meta-llama/llama-3.3-70b-instruct'],
  extraHeaders: { 'HTTP-Referer': PROJECT_URL, 'X-OpenRouter-Title': 'g4f-chat' },
  maxTokensAlways: true,
});
