import { openAICompatible } from './openai-compatible.js';

export const opencode = openAICompatible({
  id: 'opencode',
  label: 'OpenCode Zen',
  url: 'https://opencode.ai/zen',
  baseURL: 'https://opencode.ai/zen/v1',
  apiKeyEnv: ['OPENCODE_API_KEY'],
  note: 'needs OPENCODE_API_KEY: since 2026-09 its free tier answers only the OpenCode client itself',
  defaultModel: 'big-pickle',
  models: ['big-pickle', 'grok-code', 'qwen3-coder-free', 'kimi-k2-free', 'glm-4.6-free'],
});
