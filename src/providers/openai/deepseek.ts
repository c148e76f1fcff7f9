import { openAICompatible } from './openai-compatible.js';

// api-docs.deepseek.com: deepseek-v4-flash/-pro (deepseek-chat/-reasoner deprecated 2026-07-24);
// guides/thinking_mode: a turn that called tools carries its reasoning_content back, or a 400.
export const deepseek = openAICompatible({
  id: 'deepseek',
  label: 'DeepSeek',
  url: 'https://www.deepseek.com',
  baseURL: 'https://api.deepseek.com',
  apiKeyEnv: ['DEEPSEEK_API_KEY'],
  lacks: ['images'],
  defaultModel: 'deepseek-v4-flash',
  models: ['deepseek-v4-flash', 'deepseek-v4-pro'],
  replaysReasoning: true,
});
