import type { Exchange } from './chat-endpoint.js';
import { writeJson } from './chat-endpoint.js';
import { jsonObject } from './chat-request.js';
import { runEmbed } from './embed-run.js';
import { invalidArgument } from './gemini-request.js';
import { readBody } from './read-body.js';
import type { ServeContext } from './serve-context.js';

type Content = { parts?: Array<{ text?: unknown }> };

/** The text of one `content` to embed: its text parts joined. */
function textOf(content: unknown, field: string): string {
  const parts = (content as Content | undefined)?.parts;
  if (!Array.isArray(parts) || parts.some((p) => typeof p?.text !== 'string')) throw invalidArgument(`${field}.parts: must be a list of text parts`, `${field}.parts`);
  return parts.map((p) => p.text as string).join('');
}

/**
 * The embedding model a Gemini client named: `--map` where it says, `provider/model` as given;
 * any other name (gemini-cli asks for `gemini-embedding-001`) is each chain provider's own.
 */
function embeddingModel(name: string, ctx: ServeContext): string | undefined {
  const mapped = ctx.modelMap?.[name];
  if (mapped) return mapped;
  const slash = name.indexOf('/');
  return slash > 0 && ctx.catalog.find(name.slice(0, slash)) ? name : undefined;
}

/** POST …/models/{model}:embedContent and :batchEmbedContents (googleapis/js-genai `EmbedContentParameters`). */
export async function answerGeminiEmbed(exchange: Exchange, model: string, batch: boolean): Promise<void> {
  const { req, res, ctx, outcome } = exchange;
  const json = jsonObject(await readBody(req), 'dots');
  const requests = batch ? json.requests : [json];
  if (!Array.isArray(requests) || requests.length === 0) throw invalidArgument('requests: must be a non-empty list', 'requests');
  const inputs = requests.map((r, i) => textOf((r as { content?: unknown })?.content, batch ? `requests.${i}.content` : 'content'));
  const dimensions = (requests[0] as { outputDimensionality?: unknown }).outputDimensionality;
  const result = await runEmbed(ctx, res, outcome, embeddingModel(model, ctx), inputs, typeof dimensions === 'number' ? dimensions : undefined);
  const embeddings = result.vectors.map((values) => ({ values }));
  writeJson(res, 200, batch ? { embeddings } : { embedding: embeddings[0] });
}
