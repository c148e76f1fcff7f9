import type { ResponseFormat } from '../ground/types.js';
import type { ParsedChat } from './run-chat.js';
import { jsonSchemaOf } from './gemini-schema.js';
import { ServeError } from './request-errors.js';

type Json = Record<string, unknown>;

/** What `generationConfig` asks of the chat request, and whether thoughts come back. */
export interface GeminiGeneration {
  request: Pick<ParsedChat, 'temperature' | 'maxTokens' | 'stop' | 'responseFormat'>;
  includeThoughts: boolean;
}

/**
 * Sampling preferences each model has its own defaults for, accepted and not sent on:
 * gemini-cli sends `topP` 0.95 and `topK` 64 with every chat request (its defaultModelConfigs),
 * OpenAI-compatible APIs refuse `top_k`, and requiring them would leave every provider without
 * them out of the chain. `thinkingBudget`/`thinkingLevel` likewise: which models take an effort,
 * and in which words, differs by model. `seed`, `presencePenalty` and the like are refused by name.
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
  const thinking = config.thinkingConfig as { includeThoughts?: unknown } | undefined;
  return {
    request: {
      temperature: numberField(config, 'temperature'),
      maxTokens: numberField(config, 'maxOutputTokens'),
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
