import { openAICompatible } from './openai-compatible.js';

/**
 * OpenCode Zen's free models as its docs list them now (opencode.ai/docs/zen, `GET
 * opencode.ai/zen/v1/models`); the earlier qwen3-coder-free, kimi-k2-free and glm-4.6-free are gone.
 */
export const opencode = openAICompatible({
  id: 'opencode',
  label: 'OpenCode Zen',
  url: 'https://opencode.ai/zen',
  baseURL: 'https://opencode.ai/zen/v1',
  apiKeyEnv: ['OPENCODE_API_KEY'],
  note: 'needs OPENCODE_API_KEY: since 2026-09 its free tier answers only the OpenCode client itself',
  defaultModel: 'deepseek-v4-flash-free',
  models: ['deepseek-v4-flash-free', 'mimo-v2.5-free', 'qwen3.6-plus-free', 'minimax-m3-free'],
});
