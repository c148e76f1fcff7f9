import type { ResponseFormat } from '../ground/types.js';
import type { ParsedChat } from './run-chat.js';
import { jsonSchemaOf } from './gemini-schema.js';
import { ServeError } from './request-errors.js';
import { effortOfGeminiThinking } from './thinking-effort.js';

type Json = Record<string, unknown>;

/** What `generationConfig` asks of the chat request, and whether thoughts come back. */
export interface GeminiGeneration {
  request: Pick<ParsedChat, 'temperature' | 'maxTokens' | 'stop' | 'responseFormat' | 'topP' | 'topK' | 'reasoningEffort'>;
  includeThoughts: boolean;
}

/**
 * Preferences sent where the upstream's API has them and never a reason to leave a provider out:
 * gemini-cli sends `topP` 0.95, `topK` 64 and a thinking budget or level with every chat request
 * (its defaultModelConfigs), and OpenAI-compatible APIs have no `top_k`. `topP` goes to every
 * protocol, `topK` to Anthropic, Gemini and Ollama, the thinking budget or level as a reasoning
 * effort to models that take one (ChatRequest.reasoningEffort). `seed`, `presencePenalty` and the
 * like are refused by name.
 */
const PREFERENCES = new Set(['topP', 'topK', 'thinkingConfig', 'responseModalities', 'candidateCount']);
const MAPPED = new Set(['temperature', 'maxOutputTokens', 'stopSequences', 'responseMimeType', 'responseSchema', 'responseJsonSchema']);

const unsupported = (field: string, why = 'not supported by this server') => new ServeError(400, `generationConfig.${field}: ${why}`, 'invalid_request_error', 'invalid_argument', {}, `generationConfig.${field}`);

export function geminiGeneration(value: unknown): GeminiGeneration {
  if (value === undefined || value === null) return { request: {}, includeThoughts: false };
  if (typeof value !== 'object' || Array.isArray(value)) throw unsupported('', 'must be an object');
  const config = value as Json;
  for (const [key, field] of Object.entries(config)) {
    if (field === undefined || field === null || MAPPED.has(key) || PREFERENCES.has(key)) continue;
    throw unsupported(key);
  }
  if (config.candidateCount !== undefined && config.candidateCount !== 1) throw unsupported('candidateCount', 'one candidate per request: ask once per answer');
  const modalities = config.responseModalities;
  if (Array.isArray(modalities) && modalities.some((m) => String(m).toUpperCase() !== 'TEXT')) throw unsupported('responseModalities', 'only TEXT is answered here');
  const thinking = config.thinkingConfig as { includeThoughts?: unknown; thinkingBudget?: unknown; thinkingLevel?: unknown } | undefined;
  const effort = effortOfGeminiThinking(thinking?.thinkingBudget, thinking?.thinkingLevel);
  return {
    request: {
      temperature: numberField(config, 'temperature'),
      maxTokens: numberField(config, 'maxOutputTokens'),
      topP: numberField(config, 'topP'),
      topK: numberField(config, 'topK'),
      ...(effort ? { reasoningEffort: effort } : {}),
      ...(Array.isArray(config.stopSequences) ? { stop: config.stopSequences.map(String) } : {}),
      ...responseFormatOf(config),
    },
    includeThoughts: thinking?.includeThoughts === true,
  };
}

function numberField(config: Json, key: string): number | undefined {
  const value = config[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw unsupported(key, 'must be a number');
  return value;
}

/** `responseMimeType` application/json with `responseJsonSchema` (JSON Schema) or `responseSchema` (Gemini's subset), or neither. */
function responseFormatOf(config: Json): { responseFormat?: ResponseFormat } {
  const mime = config.responseMimeType;
  const schema = config.responseJsonSchema ?? (config.responseSchema !== undefined ? jsonSchemaOf(config.responseSchema) : undefined);
  if (mime === undefined || mime === 'text/plain') {
    if (schema !== undefined) throw unsupported('responseMimeType', 'a response schema needs responseMimeType application/json');
    return {};
  }
  if (mime !== 'application/json') throw unsupported('responseMimeType', 'must be text/plain or application/json');
  if (schema === undefined) return { responseFormat: { type: 'json_object' } };
  return { responseFormat: { type: 'json_schema', name: 'response', schema: schema as Json } };
}
