import { openAICompatible } from './openai-compatible.js';

// inference-docs.cerebras.ai/support/deprecation (llama-3.3-70b, qwen-3-32b, llama3.1-8b gone); vercel/ai cerebras-chat-options.ts.
export const cerebras = openAICompatible({
  id: 'cerebras',
  label: 'Cerebras',
  url: 'https://cerebras.ai',
  baseURL: 'https://api.cerebras.ai/v1',
  apiKeyEnv: ['CEREBRAS_API_KEY'],
  lacks: ['images'],
  defaultModel: 'gpt-oss-120b',
  models: ['gpt-oss-120b', 'gemma-4-31b'],
});
