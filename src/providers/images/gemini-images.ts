import { ProtocolError, UsageError } from '../../ground/errors.js';
import { call } from '../call.js';
import type { GeneratedImage, ImageApi, ImageCallContext, ImageRequest, ImageResult } from './image-api.js';
import { decodeBase64Image, readImageJson } from './image-bytes.js';

/** The aspect ratios Gemini's image models draw (js-genai `ImageConfig.aspectRatio`). */
export const GEMINI_ASPECT_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'] as const;

type Part = { text?: unknown; thought?: unknown; inlineData?: { mimeType?: unknown; data?: unknown }; inline_data?: { mime_type?: unknown; data?: unknown } };
type Answer = { candidates?: Array<{ content?: { parts?: Part[] }; finishReason?: unknown }>; promptFeedback?: { blockReason?: unknown }; modelVersion?: unknown };

/**
 * Gemini's image models (ai.google.dev/gemini-api/docs/image-generation; js-genai
 * `GenerationConfig.responseModalities` and `imageConfig`): `models/{model}:generateContent` with
 * `responseModalities: ["TEXT", "IMAGE"]`; the pictures come back as `inlineData` parts beside
 * any text. One picture per request: `-n` asks n times (with seed, seed+1… when a seed is given).
 * A picture to edit goes first in the user's turn as an `inlineData` part.
 */
export const geminiImages: ImageApi = {
  defaultModel: 'gemini-3.1-flash-image-preview',
  models: ['gemini-3.1-flash-image-preview', 'gemini-3-pro-image-preview'],
  takes: new Set(['seed', 'input-image']),
  async generate(req: ImageRequest, ctx: ImageCallContext): Promise<ImageResult> {
    const images: GeneratedImage[] = [];
    const words: string[] = [];
    let model = req.model;
    for (let i = 0; i < req.n; i++) {
      const answer = await askOnce(req, req.seed === undefined ? undefined : req.seed + i, ctx);
      images.push(...answer.images.slice(0, req.n - images.length));
      if (answer.text) words.push(answer.text);
      model = answer.model;
    }
    return { images, model, ...(words.length ? { text: words.join('\n') } : {}) };
  },
};

async function askOnce(req: ImageRequest, seed: number | undefined, ctx: ImageCallContext): Promise<ImageResult> {
  const parts: unknown[] = [];
  if (req.inputImage) parts.push({ inlineData: { mimeType: req.inputImage.mime, data: Buffer.from(req.inputImage.bytes).toString('base64') } });
  parts.push({ text: req.prompt });
  const generationConfig: Record<string, unknown> = { responseModalities: ['TEXT', 'IMAGE'] };
  if (req.size) generationConfig.imageConfig = imageConfigOf(req.size);
  if (seed !== undefined) generationConfig.seed = seed;
  const response = await call(ctx, `${ctx.baseURL}/models/${encodeURIComponent(req.model)}:generateContent`, {
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(ctx.apiKey ? { 'x-goog-api-key': ctx.apiKey } : {}) },
    body: JSON.stringify({ contents: [{ role: 'user', parts }], generationConfig }),
  });
  const json = (await readImageJson(response, 'gemini')) as Answer;
  const candidate = json?.candidates?.[0];
  const answerParts = candidate?.content?.parts ?? [];
  const images: GeneratedImage[] = [];
  const words: string[] = [];
  for (const part of answerParts) {
    const inline = part.inlineData ?? (part.inline_data ? { mimeType: part.inline_data.mime_type, data: part.inline_data.data } : undefined);
    if (inline) images.push({ bytes: decodeBase64Image(inline.data, 'gemini'), mime: typeof inline.mimeType === 'string' ? inline.mimeType : 'image/png' });
    else if (typeof part.text === 'string' && part.thought !== true) words.push(part.text);
  }
  if (images.length === 0) {
    const why = json?.promptFeedback?.blockReason ?? candidate?.finishReason;
    const said = words.join(' ').trim();
    throw new ProtocolError(`gemini: no image in the answer${typeof why === 'string' ? ` (${why})` : ''}${said ? `: ${said.slice(0, 200)}` : ''}`);
  }
  return { images, model: typeof json.modelVersion === 'string' && json.modelVersion ? json.modelVersion : req.model, ...(words.length ? { text: words.join('') } : {}) };
}

/** `--size WxH` as Gemini takes it: the aspect ratio (one it draws) and 1K, 2K or 4K by the longer side. */
export function imageConfigOf(size: { width: number; height: number }): { aspectRatio: string; imageSize: string } {
  const divisor = gcd(size.width, size.height);
  const ratio = `${size.width / divisor}:${size.height / divisor}`;
  if (!(GEMINI_ASPECT_RATIOS as readonly string[]).includes(ratio)) {
    throw new UsageError(`gemini draws no ${size.width}x${size.height} (aspect ratio ${ratio}); its ratios are ${GEMINI_ASPECT_RATIOS.join(', ')}`, 'choose a --size with one of them, such as 1024x1024 or 1536x1024 (3:2)');
  }
  const longer = Math.max(size.width, size.height);
  return { aspectRatio: ratio, imageSize: longer <= 1024 ? '1K' : longer <= 2048 ? '2K' : '4K' };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
