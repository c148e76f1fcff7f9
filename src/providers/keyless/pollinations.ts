import { G4fError, HttpStatusError, ProtocolError } from '../../ground/errors.js';
import { openAICompatible } from '../openai/openai-compatible.js';

const DEFAULT_BASE = 'https://text.pollinations.ai';
/** With a key of one's own: the newer API host and its catalogue (the catalogue is for keys). */
const KEYED_CHAT = 'https://gen.pollinations.ai/v1/chat/completions';
const KEYED_MODELS = 'https://gen.pollinations.ai/v1/models';

/**
 * Pollinations (pollinations/pollinations, `text.pollinations.ai/legacyMigration.js`): the legacy
 * host keeps serving anonymous requests ("Anonymous requests to text.pollinations.ai are NOT
 * affected"), with its own model list at `/models` (objects with `name` and `tier`); `tier:
 * "seed"` models need a registered account. `private: true` keeps the answer out of the public
 * feed (`text.pollinations.ai/feed.js`). The legacy host may append referral links to answers
 * (`text.pollinations.ai/ads/`), so it stays out of `auto` unless the user adds it.
 */
export const pollinations = openAICompatible({
  id: 'pollinations',
  label: 'Pollinations',
  url: 'https://pollinations.ai',
  baseURL: DEFAULT_BASE,
  chatPath: '/openai',
  kind: 'keyless',
  apiKeyEnv: ['POLLINATIONS_API_KEY'],
  chatURL: (ctx) => (ctx.apiKey && ctx.baseURL === DEFAULT_BASE ? KEYED_CHAT : `${ctx.baseURL}/openai`),
  modelsURL: (ctx) => (ctx.apiKey && ctx.baseURL === DEFAULT_BASE ? KEYED_MODELS : `${ctx.baseURL}/models`),
  modelFilter: (_id, hasOwnKey, entry) => hasOwnKey || (entry as { tier?: unknown })?.tier !== 'seed',
  extraBody: { private: true },
  explainError: explainPollinations,
  defaultModel: 'openai',
  models: ['openai', 'openai-fast', 'mistral', 'qwen-coder'],
  terms: 'anonymous answers may carry referral links (its ads); sent with private:true, kept off its public feed',
  notInAuto: true,
});

/** A 402 whose body names a `tier` is the anonymous tier's limit; a legacy 404 and a notice in place of an answer name the fix. */
function explainPollinations(error: G4fError): G4fError {
  if (error instanceof HttpStatusError && error.status === 402 && /\btier\b/i.test(error.body ?? '')) {
    return new G4fError(`pollinations: the anonymous tier's limit was reached (HTTP 402)`, { code: 'http_status', hint: 'set POLLINATIONS_API_KEY (a key from pollinations.ai) to use the keyed tier', cause: error });
  }
  if (error instanceof HttpStatusError && error.status === 404 && /legacy API/i.test(error.body ?? '')) {
    error.remedy = { type: 'list-models', provider: 'pollinations', lead: 'the legacy host does not serve that model: see', or: 'set POLLINATIONS_API_KEY for the newer API' };
    return error;
  }
  if (error instanceof ProtocolError) {
    return new G4fError(`pollinations answered with a notice instead of an answer: ${error.message.replace(/^pollinations: /, '')}`, {
      code: 'protocol',
      hint: 'its anonymous queue or credits are exhausted: wait a minute, set POLLINATIONS_API_KEY, or choose another provider with -p',
      cause: error,
    });
  }
  return error;
}
