import { openAICompatible } from './openai-compatible.js';

export const huggingface = openAICompatible({
  id: 'huggingface',
  label: 'Hugging Face',
  url: 'https://huggingface.co',
  baseURL: 'https://router.huggingface.co/v1',
  apiKeyEnv: ['HF_TOKEN', 'HUGGING_FACE_HUB_TOKEN'],
  defaultModel: 'openai/gpt-oss-120b',
  models: ['openai/gpt-oss-120b', 'meta-llama/Llama-3.3-70B-Instruct', 'Qwen/Qwen2.5-Coder-32B-Instruct'],
});
