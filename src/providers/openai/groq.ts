import { openAICompatible } from './openai-compatible.js';

// console.groq.com/docs/deprecations: llama-3.3-70b-versatile decommissioned 2026-08-16 → openai/gpt-oss-120b.
export const groq = openAICompatible({
  id: 'groq',
  label: 'Groq',
  url: 'https://groq.com',
  baseURL: 'https://api.groq.com/openai/v1',
  apiKeyEnv: ['GROQ_API_KEY'],
  defaultModel: 'openai/gpt-oss-120b',
  models: ['openai/gpt-oss-120b', 'openai/gpt-oss-20b', 'qwen/qwen3-32b', 'moonshotai/kimi-k2-instruct-0905', 'llama-3.1-8b-instant'],
});
