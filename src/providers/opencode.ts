import { openAICompatible } from './openai-compatible.js';

export const opencode = openAICompatible({
  id: 'opencode',
  label: 'OpenCode Zen',
  url: 'https://opencode.ai/zen',
  baseURL: 'https://opencode.ai/zen/v1',
  keyless: true,
  // Keyless access to the free models uses the literal key `public`.
  publicKey: 'public',
  apiKeyEnv: ['OPENCODE_API_KEY'],
  modelFilter: (id, hasOwnKey) => hasOwnKey || id.endsWith('-free') || id === 'big-pickle',
  defaultModel: 'big-pickle',
  models: ['big-pickle', 'grok-code', 'qwen3-coder-free', 'kimi-k2-free', 'glm-4.6-free'],
});
