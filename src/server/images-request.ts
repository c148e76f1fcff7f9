import type { IncomingMessage } from 'node:http';
import { imageMediaType } from '../input/image-types.js';
import type { ImageAsk } from '../core/images/image-chain.js';
import { invalid, jsonObject } from './chat-request.js';
import { readBody, readBodyBytes } from './read-body.js';
import { isMultipart } from './request-guard.js';

/** One picture to edit, with room for the form around it. */
const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
const QUALITIES = ['low', 'medium', 'high', 'auto', 'standard', 'hd'];

/** What a client asked for, in OpenAI's shape (openai-node ImageGenerateParams / ImageEditParams). */
export interface ImagesCall {
  ask: Omit<ImageAsk, 'model'>;
  model?: string;
  format: 'b64_json' | 'url';
}

/** `POST /v1/images/generations`: a JSON body. */
export async function generationCall(req: IncomingMessage): Promise<ImagesCall> {
  return callOf(jsonObject(await readBody(req)));
}

/**
 * `POST /v1/images/edits`: multipart (what the SDKs send: the picture in `image`, or `image[]`
 * for a list) or JSON. One picture is taken, a PNG, JPEG, GIF or WebP; a mask is not.
 */
export async function editCall(req: IncomingMessage): Promise<ImagesCall> {
  const type = req.headers['content-type'];
  if (!isMultipart(type)) throw invalid('send the picture to edit as multipart/form-data, in `image`', 'image');
  const body = await readBodyBytes(req, MAX_UPLOAD_BYTES);
  let form: FormData;
  try {
    form = await new Request('http://serve/', { method: 'POST', headers: { 'content-type': String(type) }, body: new Uint8Array(body) }).formData();
  } catch {
    throw invalid('the multipart body could not be read');
  }
  const fields: Record<string, unknown> = {};
  form.forEach((value, name) => {
    if (typeof value === 'string') fields[name] = value;
  });
  const pictures = [...form.getAll('image'), ...form.getAll('image[]')].filter((value): value is File => typeof value !== 'string');
  if (pictures.length === 0) throw invalid('`image` must hold the picture to edit', 'image');
  if (pictures.length > 1) throw invalid('one picture is edited at a time: send one `image`', 'image');
  if (form.has('mask')) throw invalid('a `mask` is not taken here', 'mask');
  const bytes = new Uint8Array(await pictures[0].arrayBuffer());
  const mime = imageMediaType(bytes);
  if (!mime) throw invalid('`image` must be a PNG, JPEG, GIF or WebP picture', 'image');
  const call = callOf({ ...fields, n: fields.n === undefined ? undefined : Number(fields.n), seed: fields.seed === undefined ? undefined : Number(fields.seed) });
  return { ...call, ask: { ...call.ask, inputImage: { bytes, mime } } };
}

function callOf(json: Record<string, unknown>): ImagesCall {
  if (typeof json.prompt !== 'string' || !json.prompt.trim()) throw invalid('`prompt` must be a non-empty string', 'prompt');
  if (json.model !== undefined && json.model !== null && typeof json.model !== 'string') throw invalid('`model` must be a string', 'model');
  const n = json.n ?? 1;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 10) throw invalid('`n` must be a whole number from 1 to 10', 'n');
  const format = json.response_format ?? 'b64_json';
  if (format !== 'b64_json' && format !== 'url') throw invalid('`response_format` must be b64_json or url', 'response_format');
  const quality = json.quality ?? undefined;
  if (quality !== undefined && (typeof quality !== 'string' || !QUALITIES.includes(quality))) throw invalid(`\`quality\` must be one of ${QUALITIES.join(', ')}`, 'quality');
  const seed = json.seed ?? undefined;
  if (seed !== undefined && (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0 || seed > 2_147_483_647)) throw invalid('`seed` must be a whole number from 0 to 2147483647', 'seed');
  return {
    model: (json.model as string | undefined) ?? undefined,
    format,
    ask: { prompt: json.prompt, n, size: sizeOf(json.size), ...(quality && quality !== 'auto' ? { quality } : {}), ...(seed !== undefined ? { seed } : {}) },
  };
}

/** `1536x1024`, or `auto` (and nothing) for the provider's own. */
function sizeOf(value: unknown): { width: number; height: number } | undefined {
  if (value === undefined || value === null || value === 'auto') return undefined;
  const match = typeof value === 'string' ? /^(\d{2,5})x(\d{2,5})$/.exec(value) : null;
  const size = match ? { width: Number(match[1]), height: Number(match[2]) } : undefined;
  if (!size || [size.width, size.height].some((side) => side < 64 || side > 8192)) throw invalid('`size` must be auto or WIDTHxHEIGHT, each side 64 to 8192', 'size');
  return size;
}
