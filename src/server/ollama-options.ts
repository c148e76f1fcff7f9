import type { ResponseFormat } from '../ground/types.js';
import type { ParsedChat } from './run-chat.js';
import { ServeError } from './request-errors.js';

type Json = Record<string, unknown>;

export const ollamaInvalid = (message: string, field: string) => new ServeError(400, message, 'invalid_request_error', 'invalid_argument', {}, field);

/** Sampling options OpenAI-compatible APIs take under these names, sent on as given (others leave the chain). */
const PASSED: Readonly<Record<string, string>> = { seed: 'seed', presence_penalty: 'presence_penalty', frequency_penalty: 'frequency_penalty' };

/**
 * `top_p` and `top_k` are preferences sent where the upstream's API has them (ChatRequest.topP):
 * an Ollama or Anthropic upstream takes both, an OpenAI-compatible one `top_p` only.
 */
const PREFERENCES = new Set(['top_p', 'top_k']);

/**
 * How Ollama loads and runs a model on this machine (context size, GPU layers, threads): they
 * mean nothing to a provider elsewhere, and apps send `num_ctx` routinely, so they are accepted.
 */
const RUNTIME = new Set(['num_ctx', 'num_batch', 'num_gpu', 'main_gpu', 'num_thread', 'numa', 'use_mmap', 'use_mlock', 'low_vram', 'vocab_only', 'num_keep']);

/** `options` (ollama/ollama api/types.go `Options`): temperature, num_predict, stop, top_p, top_k, and the sampling ones passed on. */
export function ollamaOptions(value: unknown): Pick<ParsedChat, 'temperature' | 'maxTokens' | 'stop' | 'topP' | 'topK' | 'passthrough'> {
  const passthrough: Json = {};
  if (value === undefined || value === null) return { passthrough };
  if (typeof value !== 'object' || Array.isArray(value)) throw ollamaInvalid('options: must be an object', 'options');
  const options = value as Json;
  for (const [key, option] of Object.entries(options)) {
    if (option === undefined || option === null || RUNTIME.has(key) || PREFERENCES.has(key) || ['temperature', 'num_predict', 'stop'].includes(key)) continue;
    if (!PASSED[key]) throw ollamaInvalid(`options.${key}: not supported by this server`, `options.${key}`);
    passthrough[PASSED[key]] = option;
  }
  const number = (key: string) => {
    const n = options[key];
    if (n === undefined || n === null) return undefined;
    if (typeof n !== 'number' || !Number.isFinite(n)) throw ollamaInvalid(`options.${key}: must be a number`, `options.${key}`);
    return n;
  };
  const stop = options.stop;
  if (stop !== undefined && stop !== null && (!Array.isArray(stop) || stop.some((s) => typeof s !== 'string'))) throw ollamaInvalid('options.stop: must be a list of strings', 'options.stop');
  // num_predict -1 (or -2) is Ollama's "no limit".
  const predict = number('num_predict');
  return { temperature: number('temperature'), maxTokens: predict !== undefined && predict > 0 ? predict : undefined, topP: number('top_p'), topK: number('top_k'), ...(Array.isArray(stop) ? { stop: stop as string[] } : {}), passthrough };
}

/** `format`: `"json"` or a JSON schema. */
export function ollamaFormat(value: unknown): { responseFormat?: ResponseFormat } {
  if (value === undefined || value === null || value === '') return {};
  if (value === 'json') return { responseFormat: { type: 'json_object' } };
  if (typeof value === 'object' && !Array.isArray(value)) return { responseFormat: { type: 'json_schema', name: 'response', schema: value as Json } };
  throw ollamaInvalid('format: must be "json" or a JSON schema', 'format');
}

/** Ollama's images are bare base64: the media type is read from the first bytes. */
export function imageType(base64: string): string {
  const head = Buffer.from(base64.slice(0, 16), 'base64');
  if (head[0] === 0x89 && head[1] === 0x50) return 'image/png';
  if (head[0] === 0xff && head[1] === 0xd8) return 'image/jpeg';
  if (head.subarray(0, 3).toString('latin1') === 'GIF') return 'image/gif';
  if (head.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return 'image/png';
}
