import type { ChatRequest, ResponseFormat } from '../../ground/types.js';
import { ollamaMessages, ollamaToolFields } from './ollama-tools.js';

type Json = Record<string, unknown>;

/** The body of `POST /api/chat` (ollama/ollama api/types.go ChatRequest). */
export function ollamaBody(req: ChatRequest, model: string): Json {
  const options: Json = {};
  if (req.temperature !== undefined) options.temperature = req.temperature;
  if (req.maxTokens !== undefined) options.num_predict = req.maxTokens;
  if (req.stop?.length) options.stop = req.stop;
  if (req.topP !== undefined) options.top_p = req.topP;
  if (req.topK !== undefined) options.top_k = req.topK;
  const body: Json = { model, messages: ollamaMessages(req.messages), ...ollamaToolFields(req), stream: req.stream, options };
  const format = ollamaFormat(req.responseFormat);
  if (format !== undefined) body.format = format;
  return body;
}

/**
 * Structured output: ChatRequest.Format is `"json"` or a JSON schema object (api/types.go
 * ChatRequest.Format, docs/api.md "Chat request (Structured outputs)", docs/capabilities/
 * structured-outputs.mdx); ollama-js src/interfaces.ts types it `string | object`.
 */
function ollamaFormat(format: ResponseFormat | undefined): unknown {
  if (format?.type === 'json_object') return 'json';
  if (format?.type === 'json_schema') return format.schema;
  return undefined;
}
