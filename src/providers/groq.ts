import { openAICompatible } from './openai-compatible.js';

/**
 * console.groq.com/docs/deprecations: llama-3.3-70b-versatile was decommissioned on
 * 2026-08-16 (answer: 400 `model_decommissioned`), openai/gpt-oss-120b recommended instead;
 * ids as in vercel/ai packages/groq/src/groq-chat-language-model-options.ts.
 */
export const groq = openAICompatible({
  id: 'groq',
  label: 'Groq',
  url: 'https://groq.com',
  baseURL: 'https://api.groq.com/openai/v1',
  apiKeyEnv: ['GROQ_API_KEY'],
  defaultModel: 'openai/gpt-oss-120b',
  models: ['openai/gpt-oss-120b', 'openai/gpt-oss-20b', 'qwen/qwen3-32b', 'moonshotai/kimi-k2-instruct-0905', 'llama-3.1-8b-instant'],
});
