import { ProtocolError } from '../../ground/errors.js';
import type { CallContext, EmbeddingsApi, EmbedRequest, EmbedResult } from '../../ground/types.js';
import { parseJson } from '../../stream/ndjson-decoder.js';
import { call } from '../call.js';

/** Gemini's `models/{model}:batchEmbedContents` (googleapis/js-genai `EmbedContentResponse`): `embeddings[].values`. */
export const geminiEmbeddings: EmbeddingsApi = {
  defaultModel: 'gemini-embedding-001',
  async embed(req: EmbedRequest, ctx: CallContext): Promise<EmbedResult> {
    const model = `models/${req.model}`;
    const requests = req.inputs.map((text) => ({ model, content: { parts: [{ text }] }, ...(req.dimensions ? { outputDimensionality: req.dimensions } : {}) }));
    const response = await call(ctx, `${ctx.baseURL}/${model}:batchEmbedContents`, {
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(ctx.apiKey ? { 'x-goog-api-key': ctx.apiKey } : {}) },
      body: JSON.stringify({ requests }),
    });
    const json = parseJson(await response.text()) as { embeddings?: Array<{ values?: unknown }> };
    if (!Array.isArray(json.embeddings) || json.embeddings.length !== req.inputs.length || json.embeddings.some((e) => !Array.isArray(e?.values))) throw new ProtocolError('gemini: the embeddings answer is not in Gemini\'s format');
    return { model: req.model, vectors: json.embeddings.map((e) => e.values as number[]) };
  },
};
