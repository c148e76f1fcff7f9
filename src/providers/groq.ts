import { openAICompatible } from './openai-compatible.js';

export const groq = openAICompatible({
  id: 'groq',
  label: 'Groq',
  url: 'https://groq.com',
  baseURL: 'https://api.groq.com/openai/v1',
  apiKeyEnv: ['GROQ_API_KEY'],
  defaultModel: 'llama-3.3-70b-versatile',
  models: ['llama-3.3-70b-versatile', 'llama-3.1-8b-instant', 'gemma2-9b-it', 'qwen/qwen3-32b', 'openai/gpt-oss-120b'],
});
