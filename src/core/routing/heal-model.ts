import { HttpStatusError, type G4fError } from '../../ground/errors.js';
import type { CallContext } from '../../ground/types.js';
import type { ChainLink } from '../chain/chain.js';

/**
 * Each API's own words for "this model does not exist (any more)":
 * OpenAI and OpenAI-compatible servers `404 {"error":{"code":"model_not_found"}}` ("The model
 * `x` does not exist"); Groq `400 model_decommissioned`; gpt4free's routes `400 model_not_allowed`;
 * Anthropic `404 {"error":{"type":"not_found_error","message":"model: x"}}`; Gemini
 * `404 {"error":{"status":"NOT_FOUND","message":"models/x is not found for API version v1beta"}}`;
 * Ollama `404 {"error":"model \"x\" not found, try pulling it first"}`; DeepSeek `400 Model Not Exist`.
 */
const RETIRED_CODES = /model_not_found|model_not_allowed|model_decommissioned|decommissioned|not_found_error|"NOT_FOUND"/;
const RETIRED_WORDS = /model[^\n]{0,80}?(not found|not exist|does not exist|no longer|decommissioned|deprecated|retired|not allowed|not supported|unknown|invalid)|unknown model|invalid model|no such model/i;

/** True when the server refused the request because it does not have (or no longer has) the model. */
export function isUnknownModelError(error: G4fError): boolean {
  if (!(error instanceof HttpStatusError) || ![400, 404, 410, 422].includes(error.status)) return false;
  const text = `${error.message}\n${error.body ?? ''}`;
  if (RETIRED_CODES.test(text)) return error.status === 404 || !/"NOT_FOUND"/.test(text) || /model/i.test(text);
  return RETIRED_WORDS.test(text);
}

/** Listed models that do another job than chat: never picked as a chat default. */
const NOT_CHAT = /embed|tts|whisper|transcri|audio|speech|image|imagen|dall-e|veo|moderation|guard|rerank|realtime|computer-use|robotics|aqa|ocr/i;

/**
 * The replacement for a retired default, by this rule (the README states it):
 * at an address the user set with --base-url, the first model the server lists; otherwise
 * 1. the first model of the provider's own table that the server still lists;
 * 2. else the listed model sharing the longest start of its name with the retired one
 *    (`gemini-2.5-flash` → a `gemini-…flash` model before a `gemma-…` one), at least its first word;
 * 3. else the first listed model.
 * Models for other jobs (embeddings, speech, images, moderation) are never chosen.
 */
export function chooseReplacement(listed: readonly string[], retired: string, table: readonly string[], firstListed: boolean): string | undefined {
  const chat = listed.filter((id) => id !== retired && !NOT_CHAT.test(id));
  if (chat.length === 0) return undefined;
  if (firstListed) return chat[0];
  const fromTable = table.find((id) => id !== retired && chat.includes(id));
  if (fromTable) return fromTable;
  const firstWord = retired.split(/[-/.:]/)[0] ?? '';
  let best: string | undefined;
  let bestLength = firstWord.length - 1;
  for (const id of chat) {
    const length = commonStart(id, retired);
    if (length > bestLength) {
      best = id;
      bestLength = length;
    }
  }
  return best ?? chat[0];
}

function commonStart(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Models lists are followed over pages by the providers; this bounds how long the heal may wait. */
const LIST_TIMEOUT_MS = 8000;

/** Asks the provider for its models and picks a replacement for the link's retired default. */
export async function findReplacement(link: ChainLink, ctx: CallContext): Promise<string | undefined> {
  if (!link.provider.listModels) return undefined;
  const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(LIST_TIMEOUT_MS)]);
  let listed: string[];
  try {
    listed = await link.provider.listModels({ ...ctx, signal, timeoutMs: Math.min(ctx.timeoutMs, LIST_TIMEOUT_MS) });
  } catch {
    return undefined;
  }
  return chooseReplacement(listed, link.model, link.provider.models, link.baseURLSource === 'flag');
}
