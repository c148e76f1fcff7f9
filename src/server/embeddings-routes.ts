import { writeJson, type Exchange } from './chat-endpoint.js';
import { invalid, jsonObject, numberOf } from './chat-request.js';
import { runEmbed, textsOf } from './embed-run.js';
import { ollamaModel } from './ollama-answer.js';
import { ollamaInvalid } from './ollama-options.js';
import { readBody } from './read-body.js';

/** A vector as OpenAI's `encoding_format: "base64"` sends it: little-endian float32 bytes (the openai SDK asks for it by default). */
function base64Of(vector: number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString('base64');
}

/** POST /v1/embeddings: OpenAI's shape, through the chain's providers that have an embeddings API. */
export async function answerEmbeddings({ req, res, ctx, outcome }: Exchange): Promise<void> {
  const json = jsonObject(await readBody(req));
  const inputs = textsOf(json.input);
  if (!inputs) throw invalid('`input` must be a string or a non-empty array of strings (token arrays are not taken here)', 'input');
  if (json.model !== undefined && typeof json.model !== 'string') throw invalid('`model` must be a string', 'model');
  const format = json.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') throw invalid('`encoding_format` must be float or base64', 'encoding_format');
  const result = await runEmbed(ctx, res, outcome, json.model as string | undefined, inputs, numberOf(json.dimensions, 'dimensions'));
  const tokens = result.inputTokens ?? 0;
  writeJson(res, 200, {
    object: 'list',
    data: result.vectors.map((vector, index) => ({ object: 'embedding', index, embedding: format === 'base64' ? base64Of(vector) : vector })),
    model: `${result.provider}/${result.model}`,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}

/** POST /api/embed: Ollama's shape (`embeddings`, `prompt_eval_count`). */
export async function answerOllamaEmbed({ req, res, ctx, outcome }: Exchange): Promise<void> {
  const json = jsonObject(await readBody(req), 'dots');
  if (typeof json.model !== 'string' || !json.model) throw ollamaInvalid('model is required', 'model');
  const inputs = textsOf(json.input);
  if (!inputs) throw ollamaInvalid('input: must be a string or a non-empty list of strings', 'input');
  const dimensions = typeof json.dimensions === 'number' ? json.dimensions : undefined;
  const result = await runEmbed(ctx, res, outcome, ollamaModel(json.model, ctx), inputs, dimensions);
  writeJson(res, 200, { model: json.model, embeddings: result.vectors, total_duration: 0, load_duration: 0, prompt_eval_count: result.inputTokens ?? 0 });
}
