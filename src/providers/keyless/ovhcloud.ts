import { openAICompatible } from '../openai/openai-compatible.js';

/**
 * OVHcloud AI Endpoints (ovh/docs `pages/public_cloud/ai_machine_learning/
 * endpoints_guide_01_getting_started` and `…_02_capabilities`): anonymous use is a published
 * tier, "2 requests per minute, per IP and per model" (429 past it), data "not stored or shared".
 * A key lifts the limit to 400 a minute.
 */
export const ovhcloud = openAICompatible({
  id: 'ovhcloud',
  label: 'OVHcloud AI Endpoints',
  url: 'https://endpoints.ai.cloud.ovh.net',
  baseURL: 'https://oai.endpoints.kepler.ai.cloud.ovh.net/v1',
  kind: 'keyless',
  apiKeyEnv: ['OVH_AI_ENDPOINTS_ACCESS_TOKEN'],
  defaultModel: 'gpt-oss-120b',
  models: ['gpt-oss-120b', 'gpt-oss-20b', 'Mistral-Nemo-Instruct-2407', 'Qwen2.5-VL-72B-Instruct'],
  note: 'anonymous tier of OVHcloud AI Endpoints (EU-hosted); OVH_AI_ENDPOINTS_ACCESS_TOKEN lifts the limit',
  terms: 'anonymous: 2 requests a minute per address and model; prompts not stored or shared',
});
