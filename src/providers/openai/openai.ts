import { openAICompatible } from './openai-compatible.js';

export const openai = openAICompatible({
  id: 'openai',
  label: 'OpenAI',
  url: 'https://platform.openai.com',
  baseURL: 'https://api.openai.com/v1',
  baseURLEnv: 'OPENAI_BASE_URL',
  apiKeyEnv: ['OPENAI_API_KEY'],
  defaultModel: 'gpt-4o-mini',
  embeddingModel: 'text-embedding-3-small',
  // Ids as in vercel/ai packages/openai/src/chat/openai-chat-language-model-options.ts.
  models: ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-5-mini', 'gpt-5', 'gpt-5.5', 'o4-mini', 'o3'],
});
