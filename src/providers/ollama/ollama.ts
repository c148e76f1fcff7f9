import { ollamaEmbeddings } from './ollama-embeddings.js';
import { NetworkError, ProtocolError, ServerError } from '../../ground/errors.js';
import type { CallContext, ChatRequest, FinishReason, Provider, StreamPart, Usage } from '../../ground/types.js';
import { decodeBatches } from '../../stream/batches.js';
import { call } from '../call.js';
import { NdjsonDecoder, parseJson, preview } from '../../stream/ndjson-decoder.js';
import { mapFinishReason } from '../openai/openai-stream.js';
import { ollamaBody } from './ollama-body.js';
import { OllamaToolCalls } from './ollama-tools.js';
import { normalizeOllamaHost } from './ollama-host.js';

export { normalizeOllamaHost };

type Json = Record<string, unknown>;

export const ollama: Provider = {
  id: 'ollama',
  label: 'Ollama',
  url: 'https://ollama.com',
  baseURL: 'http://127.0.0.1:11434',
  baseURLEnv: 'OLLAMA_HOST',
  normalizeBaseURL: normalizeOllamaHost,
  working: true,
  kind: 'local',
  // Tools but no tool-choice: its API cannot make the model call one.
  capabilities: ['stream', 'system', 'history', 'images', 'tools', 'response-format'],
  defaultModel: 'llama3.2',
  models: ['llama3.2', 'llama3.1', 'qwen2.5', 'mistral', 'gemma2', 'phi3'],
  modelAliases: {},
  params: ['model', 'messages', 'stream', 'temperature', 'num_predict', 'tools', 'format'],
  stream: streamOllama,
  listModels: listOllamaModels,
  embeddings: ollamaEmbeddings,
};

async function* streamOllama(req: ChatRequest, ctx: CallContext): AsyncGenerator<StreamPart> {
  const model = req.model ?? ollama.defaultModel;
  const response = await call(ctx, `${ctx.baseURL}/api/chat`, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(ollamaBody(req, model)) });
  yield { type: 'start', provider: ollama.id, model };
  let finished: { reason: FinishReason; usage: Usage } | undefined;
  const toolCalls = new OllamaToolCalls();
  for await (const lines of decodeBatches(response.body, new NdjsonDecoder())) {
    let text = '';
    let thinking = '';
    const calls: StreamPart[] = [];
    try {
      for (const line of lines) {
        if (!line || typeof line !== 'object' || Array.isArray(line)) {
          throw new ProtocolError(`ollama: expected a JSON object per line, got ${preview(JSON.stringify(line))}`);
        }
        const record = line as Json;
        if (record.error !== undefined) throw new ServerError(`ollama: ${String(record.error)}`);
        const message = record.message as Json | undefined;
        // A thinking model's reasoning comes apart in `message.thinking` (Ollama's api/types.go Message.Thinking).
        if (message && typeof message.thinking === 'string') thinking += message.thinking;
        if (message && typeof message.content === 'string') text += message.content;
        calls.push(...toolCalls.read(message));
        if (record.done === true) finished = { reason: mapFinishReason(record.done_reason), usage: ollamaUsage(record) };
      }
    } catch (error) {
      // Text of the same network read as the error line is delivered first.
      if (thinking) yield { type: 'reasoning', text: thinking };
      if (text) yield { type: 'text', text };
      throw error;
    }
    if (thinking) yield { type: 'reasoning', text: thinking };
    if (text) yield { type: 'text', text };
    yield* calls;
    if (finished) break;
  }
  // A stream that ends without its `done` line is an incomplete answer.
  if (!finished) throw new NetworkError('ollama: the stream ended before the answer was complete', undefined, true, 'ended-early');
  // A turn with calls says `done_reason: "stop"`: the calls are what it stopped for.
  yield { type: 'finish', ...finished, ...(toolCalls.seen ? { reason: 'tool-calls' as const } : {}) };
}

function ollamaUsage(record: Json): Usage {
  const input = typeof record.prompt_eval_count === 'number' ? record.prompt_eval_count : undefined;
  const output = typeof record.eval_count === 'number' ? record.eval_count : undefined;
  return { inputTokens: input, outputTokens: output, totalTokens: input !== undefined && output !== undefined ? input + output : undefined };
}

async function listOllamaModels(ctx: CallContext): Promise<string[]> {
  const response = await call(ctx, `${ctx.baseURL}/api/tags`, {
    method: 'GET',
    headers: { accept: 'application/json' },
  });
  const json = parseJson(await response.text()) as { models?: Array<{ name?: unknown }> };
  if (!Array.isArray(json?.models)) throw new ProtocolError('ollama: /api/tags did not list models');
  return json.models.map((m) => m.name).filter((name): name is string => typeof name === 'string');
}
