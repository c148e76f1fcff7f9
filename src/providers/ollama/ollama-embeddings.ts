import { ProtocolError } from '../../ground/errors.js';
import type { CallContext, EmbeddingsApi, EmbedRequest, EmbedResult } from '../../ground/types.js';
import { parseJson } from '../../stream/ndjson-decoder.js';
import { call } from '../call.js';

/** Ollama's `POST /api/embed` (ollama/ollama docs/api.md "Generate Embeddings"): `embeddings`, one per input. */
export const ollamaEmbeddings: EmbeddingsApi = {
  defaultModel: 'nomic-embed-text',
  async embed(req: EmbedRequest, ctx: CallContext): Promise<EmbedResult> {
    const response = await call(ctx, `${ctx.baseURL}/api/embed`, {
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ model: req.model, input: req.inputs, ...(req.dimensions ? { dimensions: req.dimensions } : {}) }),
    });
    const json = parseJson(await response.text()) as { embeddings?: unknown[]; prompt_eval_count?: number };
    if (!Array.isArray(json.embeddings) || json.embeddings.length !== req.inputs.length) throw new ProtocolError('ollama: the embeddings answer is not in Ollama\'s format');
    return { model: req.model, vectors: json.embeddings as number[][], inputTokens: json.prompt_eval_count };
  },
};
