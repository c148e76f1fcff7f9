import { ProtocolError } from '../../ground/errors.js';
import type { CallContext, EmbeddingsApi, EmbedRequest, EmbedResult } from '../../ground/types.js';
import { parseJson } from '../../stream/ndjson-decoder.js';
import { call } from '../call.js';

/** OpenAI's `POST /embeddings` (and every compatible server's): floats, one `data` entry per input by `index`. */
export function openAIEmbeddings(id: string, defaultModel: string): EmbeddingsApi {
  return {
    defaultModel,
    async embed(req: EmbedRequest, ctx: CallContext): Promise<EmbedResult> {
      const response = await call(ctx, `${ctx.baseURL}/embeddings`, {
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(ctx.apiKey ? { authorization: `Bearer ${ctx.apiKey}` } : {}) },
        body: JSON.stringify({ model: req.model, input: req.inputs, encoding_format: 'float', ...(req.dimensions ? { dimensions: req.dimensions } : {}) }),
      });
      const json = parseJson(await response.text()) as { data?: Array<{ index?: number; embedding?: unknown }>; model?: unknown; usage?: { prompt_tokens?: number } };
      if (!Array.isArray(json.data) || json.data.length !== req.inputs.length || json.data.some((d) => !Array.isArray(d?.embedding))) throw new ProtocolError(`${id}: the embeddings answer is not in OpenAI's format`);
      const vectors = [...json.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)).map((d) => d.embedding as number[]);
      return { model: typeof json.model === 'string' ? json.model : req.model, vectors, inputTokens: json.usage?.prompt_tokens };
    },
  };
}
