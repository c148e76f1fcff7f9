import { openAICompatible } from './openai-compatible.js';

/**
 * inference-docs.cerebras.ai/support/deprecation: llama-3.3-70b and qwen-3-32b deprecated
 * (2026-02-16), llama3.1-8b gone 2026-05-27, gpt-oss-120b the recommended replacement;
 * vercel/ai packages/cerebras/src/cerebras-chat-options.ts lists gpt-oss-120b and gemma-4-31b.
 */
export const cerebras = openAICompatible({
  id: 'cerebras',
  label: 'Cerebras',
  url: 'https://cerebras.ai',
  baseURL: 'https://api.cerebras.ai/v1',
  apiKeyEnv: ['CEREBRAS_API_KEY'],
  supportsImages: false,
  defaultModel: 'gpt-oss-120b',
  models: ['gpt-oss-120b', 'gemma-4-31b'],
});
