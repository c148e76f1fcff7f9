import type { ChatRequest, ResponseFormat } from '../../ground/types.js';
import { geminiContents } from './gemini-contents.js';
import { geminiToolFields } from './gemini-tools.js';

type Json = Record<string, unknown>;

/** The body of `models/{model}:streamGenerateContent` (googleapis/js-genai src/types.ts: GenerateContentParameters). */
export function geminiBody(req: ChatRequest): Json {
  const system = req.messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const body: Json = { contents: geminiContents(req.messages), ...geminiToolFields(req) };
  if (system) body.systemInstruction = { parts: [{ text: system }] };
  const generationConfig: Json = { ...responseFormatConfig(req.responseFormat) };
  if (req.temperature !== undefined) generationConfig.temperature = req.temperature;
  if (req.maxTokens !== undefined) generationConfig.maxOutputTokens = req.maxTokens;
  if (req.stop?.length) generationConfig.stopSequences = req.stop;
  if (req.topP !== undefined) generationConfig.topP = req.topP;
  if (req.topK !== undefined) generationConfig.topK = req.topK;
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  return body;
}

/**
 * Structured output: JSON as `responseMimeType`, and a schema in `responseJsonSchema`, which takes
 * JSON Schema as it is (js-genai src/types.ts GenerationConfig: `responseSchema` is the OpenAPI
 * subset, `responseJsonSchema` the JSON Schema; the two are exclusive).
 */
function responseFormatConfig(format: ResponseFormat | undefined): Json {
  if (!format || format.type === 'text') return {};
  if (format.type === 'json_object') return { responseMimeType: 'application/json' };
  return { responseMimeType: 'application/json', responseJsonSchema: format.schema };
}
