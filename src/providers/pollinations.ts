import { HttpStatusError, G4fError } from '../ground/errors.js';
import { openAICompatible } from './openai-compatible.js';

const DEFAULT_BASE = 'https://text.pollinations.ai';
/** With a key of one's own, and for the current model list: the newer API host. */
const KEYED_CHAT = 'https://gen.pollinations.ai/v1/chat/completions';
const MODELS = 'https://gen.pollinations.ai/v1/models';

export const pollinations = openAICompatible({
  id: 'pollinations',
  label: 'Pollinations',
  url: 'https://pollinations.ai',
  baseURL: DEFAULT_BASE,
  chatPath: '/openai',
  keyless: true,
  apiKeyEnv: ['POLLINATIONS_API_KEY'],
  chatURL: (ctx) => (ctx.apiKey && ctx.baseURL === DEFAULT_BASE ? KEYED_CHAT : `${ctx.baseURL}/openai`),
  modelsURL: (ctx) => (ctx.baseURL === DEFAULT_BASE ? MODELS : `${ctx.baseURL}/models`),
  explainError: explainTier,
  defaultModel: 'openai',
  models: ['openai', 'openai-fast', 'openai-large', 'mistral', 'qwen-coder', 'deepseek-reasoning'],
});

/** A 402 whose body names a `tier` is the anonymous tier's limit, not a payment problem of the user's. */
function explainTier(error: G4fError): G4fError {
  if (!(error instanceof HttpStatusError) || error.status !== 402 || !/"tier"|\btier\b/i.test(error.body ?? '')) return error;
  return new G4fError(`pollinations: the anonymous tier's limit was reached (HTTP 402)`, {
    code: 'http_status',
    hint: 'set POLLINATIONS_API_KEY (a key from pollinations.ai) to use the keyed tier',
    cause: error,
  });
}
