import type { CallContext, ChatRequest, Message } from '../../ground/types.js';
import { VERSION } from '../../ground/version.js';

type Json = Record<string, unknown>;

/** The documented anonymous key: volunteers' workers serve it at the lowest priority. */
const ANONYMOUS_KEY = '0000000000';
/** The API asks clients to poll no more than about once a second. */
export const POLL_MS = 1000;
const PROJECT_URL = 'https://www.npmjs.com/package/g4f-chat';
/**
 * Limits of a text job (Haidra-Org/AI-Horde `horde/apis/models/kobold_v2.py`): `max_length`
 * 16..4096 and `max_context_length` 80..1,048,576; without kudos upfront a job may ask for at
 * most 256–512 tokens under load (`horde/classes/kobold/waiting_prompt.py`,
 * `require_upfront_kudos`), so the anonymous ceiling is 512.
 */
const MIN_LENGTH = 16;
const ANONYMOUS_MAX_LENGTH = 512;
const MIN_CONTEXT = 80;
const MAX_CONTEXT = 1_048_576;

/** Every Horde request says who the client is (its Client-Agent rule) and sends a key, the anonymous one by default. */
export function hordeHeaders(ctx: CallContext): Record<string, string> {
  return {
    'content-type': 'application/json',
    apikey: ctx.apiKey ?? ANONYMOUS_KEY,
    'client-agent': `g4f-chat:${VERSION}:${PROJECT_URL}`,
  };
}

/** The conversation as one instruct prompt, ending where the model's answer begins. */
export function instructPrompt(messages: readonly Message[]): string {
  const parts: string[] = [];
  for (const m of messages) {
    if (m.role === 'system') parts.push(`${m.content}\n\n`);
    else if (m.role === 'user') parts.push(`### Instruction:\n${m.content}\n\n`);
    else parts.push(`### Response:\n${m.content}\n\n`);
  }
  return `${parts.join('')}### Response:\n`;
}

/**
 * `max_length` within the API's and the anonymous tier's bounds; `max_context_length` just
 * large enough for this prompt (about 3 characters a token, plus the answer), since a larger
 * one shuts out every worker whose model has a smaller context.
 */
export function jobParams(prompt: string, req: Pick<ChatRequest, 'maxTokens' | 'temperature'>): Json {
  const maxLength = Math.min(Math.max(req.maxTokens ?? ANONYMOUS_MAX_LENGTH, MIN_LENGTH), ANONYMOUS_MAX_LENGTH);
  const context = Math.min(Math.max(Math.ceil(prompt.length / 3) + maxLength, MIN_CONTEXT), MAX_CONTEXT);
  const params: Json = { max_length: maxLength, max_context_length: context };
  if (req.temperature !== undefined) params.temperature = req.temperature;
  return params;
}

