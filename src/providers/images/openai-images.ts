import { ProtocolError } from '../../ground/errors.js';
import { call } from '../call.js';
import type { GeneratedImage, ImageApi, ImageCallContext, ImageOption, ImageRequest, ImageResult } from './image-api.js';
import { decodeBase64Image, fetchImageUrl, readImageJson } from './image-bytes.js';

/**
 * How one OpenAI-compatible images API differs from OpenAI's:
 * - `openai`: `size: "WxH"`, `quality`, `/images/edits` taking the picture as multipart `image`;
 * - `together`: `width` and `height`, `seed`, no upload (it takes pictures by URL only).
 */
export interface OpenAIImagesConfig {
  id: string;
  defaultModel: string;
  models: readonly string[];
  dialect?: 'openai' | 'together';
  /** Options the service takes besides the dialect's own. */
  takes?: readonly ImageOption[];
}

/** The most images OpenAI's API makes in one request; DALL·E 3 makes one. */
const MAX_N = 10;

/**
 * OpenAI's Images API (openai-node `resources/images.ts`): `POST {base}/images/generations`
 * as JSON, `POST {base}/images/edits` as multipart with the picture in `image`; the answer is
 * `{created, data: [{b64_json} | {url}, revised_prompt?]}`. GPT image models always answer in
 * base64 and refuse `response_format`; DALL·E answers with a URL unless asked for `b64_json`.
 */
export function openAIImages(config: OpenAIImagesConfig): ImageApi {
  const dialect = config.dialect ?? 'openai';
  const own: ImageOption[] = dialect === 'openai' ? ['quality', 'input-image'] : ['seed'];
  return {
    defaultModel: config.defaultModel,
    models: config.models,
    takes: new Set([...own, ...(config.takes ?? [])]),
    async generate(req: ImageRequest, ctx: ImageCallContext): Promise<ImageResult> {
      const perRequest = /^dall-e-3/.test(req.model) ? 1 : MAX_N;
      const images: GeneratedImage[] = [];
      let revisedPrompt: string | undefined;
      let model = req.model;
      while (images.length < req.n) {
        const n = Math.min(perRequest, req.n - images.length);
        const answer = await requestImages(config, dialect, { ...req, n }, ctx);
        if (answer.images.length === 0) throw new ProtocolError(`${config.id}: the answer has no images`);
        images.push(...answer.images);
        revisedPrompt ??= answer.revisedPrompt;
        model = answer.model;
      }
      return { images: images.slice(0, req.n), model, ...(revisedPrompt ? { revisedPrompt } : {}) };
    },
  };
}

/** GPT image models take no `response_format` (they always send base64); the others are asked for base64. */
export function takesResponseFormat(model: string): boolean {
  return !/^(gpt-image|chatgpt-image)/.test(model);
}

async function requestImages(config: OpenAIImagesConfig, dialect: 'openai' | 'together', req: ImageRequest, ctx: ImageCallContext): Promise<ImageResult> {
  const sent = req.inputImage ? await editForm(req, req.inputImage) : { body: JSON.stringify(generationBody(dialect, req)), contentType: 'application/json' };
  const response = await call(ctx, `${ctx.baseURL}/images/${req.inputImage ? 'edits' : 'generations'}`, {
    headers: { 'content-type': sent.contentType, accept: 'application/json', ...(ctx.apiKey ? { authorization: `Bearer ${ctx.apiKey}` } : {}) },
    body: sent.body,
  });
  return readAnswer(await readImageJson(response, config.id), req, ctx, config.id);
}

function generationBody(dialect: 'openai' | 'together', req: ImageRequest): Record<string, unknown> {
  const body: Record<string, unknown> = { model: req.model, prompt: req.prompt, n: req.n };
  if (dialect === 'together') {
    // Together answers with a URL by default; it is fetched like any other.
    if (req.size) Object.assign(body, { width: req.size.width, height: req.size.height });
    if (req.seed !== undefined) body.seed = req.seed;
    return body;
  }
  if (req.size) body.size = `${req.size.width}x${req.size.height}`;
  if (req.quality) body.quality = req.quality;
  if (takesResponseFormat(req.model)) body.response_format = 'b64_json';
  return body;
}

/** The edit as OpenAI's multipart form: `image` (the picture), `prompt`, `model`, `n`, and the options. */
async function editForm(req: ImageRequest, image: { bytes: Uint8Array; mime: string }): Promise<{ body: Uint8Array; contentType: string }> {
  const form = new FormData();
  form.append('image', new Blob([Buffer.from(image.bytes)], { type: image.mime }), `image.${image.mime.split('/')[1] ?? 'png'}`);
  form.append('prompt', req.prompt);
  form.append('model', req.model);
  form.append('n', String(req.n));
  if (req.size) form.append('size', `${req.size.width}x${req.size.height}`);
  if (req.quality) form.append('quality', req.quality);
  if (takesResponseFormat(req.model)) form.append('response_format', 'b64_json');
  // The platform's own encoder writes the boundary and the parts.
  const encoded = new Response(form);
  return { body: new Uint8Array(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! };
}

type ImagesAnswer = { data?: Array<{ b64_json?: unknown; url?: unknown; revised_prompt?: unknown }>; model?: unknown };

/** `data[]` in order: base64 decoded, URLs fetched under the reach rules (image-bytes.ts). */
async function readAnswer(json: unknown, req: ImageRequest, ctx: ImageCallContext, id: string): Promise<ImageResult> {
  const data = (json as ImagesAnswer)?.data;
  if (!Array.isArray(data)) throw new ProtocolError(`${id}: the answer is not in OpenAI's images format (no data)`);
  const images: GeneratedImage[] = [];
  for (const entry of data) {
    if (typeof entry?.b64_json === 'string') images.push({ bytes: decodeBase64Image(entry.b64_json, id), mime: 'image/png' });
    else if (typeof entry?.url === 'string' && entry.url.startsWith('data:')) images.push({ bytes: decodeBase64Image(entry.url, id), mime: /^data:([^;,]+)/.exec(entry.url)?.[1] ?? 'image/png' });
    else if (typeof entry?.url === 'string') images.push(await fetchImageUrl(entry.url, ctx, id));
    else throw new ProtocolError(`${id}: an image in the answer has neither b64_json nor url`);
  }
  const revised = data.find((entry) => typeof entry?.revised_prompt === 'string')?.revised_prompt as string | undefined;
  const model = (json as ImagesAnswer).model;
  return { images, model: typeof model === 'string' && model ? model : req.model, ...(revised ? { revisedPrompt: revised } : {}) };
}
